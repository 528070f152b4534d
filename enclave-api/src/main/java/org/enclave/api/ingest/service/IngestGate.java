package org.enclave.api.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.governance.persistence.DatasetFileEntity;
import org.enclave.api.governance.persistence.DatasetVersionEntity;
import org.enclave.api.ingest.persistence.IngestJobEntity;
import org.enclave.api.ingest.persistence.IngestJobRepository;

/**
 * What ingest asks of a version before it is published, and of a file before it is uploaded as it
 * is: no job runs for the version, every file that came through ingest has its report accepted, and
 * a dataset whose policy requires ingest holds no file that bypassed it. Called inside the caller's
 * transaction, with the version locked.
 */
@ApplicationScoped
public class IngestGate {
  @Inject IngestJobRepository jobs;
  @Inject IngestPolicies policies;

  public void checkPublish(DatasetVersionEntity v, List<DatasetFileEntity> files) {
    if (jobs.running(v.id)) {
      throw new EnclaveException(
          ErrorCode.STATE_CONFLICT,
          "an ingest job runs for version " + v.label + "; wait for it to finish or cancel it");
    }
    boolean required = policies.effective(v.datasetId).requireIngest();
    for (DatasetFileEntity f : files) {
      if (f.ingestJobId == null) {
        if (required) {
          throw new EnclaveException(
              ErrorCode.STATE_CONFLICT,
              "file "
                  + f.path
                  + " did not come through ingest, which this dataset's masking policy requires;"
                  + " delete it and ingest its raw form");
        }
        continue;
      }
      IngestJobEntity j = jobs.findById(f.ingestJobId);
      if (j.acceptedAt == null) {
        throw new EnclaveException(
            ErrorCode.STATE_CONFLICT,
            "file "
                + f.path
                + " came from ingest job "
                + j.id
                + ", whose masking report no steward has accepted; review the report and accept"
                + " it first");
      }
    }
  }

  public void checkDirectUpload(UUID datasetId, String path) {
    if (policies.effective(datasetId).requireIngest()) {
      throw new EnclaveException(
          ErrorCode.STATE_CONFLICT,
          "this dataset's masking policy takes files through ingest only: upload "
              + path
              + " to the version's raw/ area and start an ingest job");
    }
  }
}
