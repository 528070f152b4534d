package org.enclave.api.broker;

import java.time.Instant;
import java.util.UUID;

/**
 * A bucket a workspace may read at this moment: one dataset version under a live grant. The bucket
 * name is {@code <dataset name>.<version label>}, for example {@code clpsych-synthetic.v1}.
 */
public record BucketAccess(
    String bucket,
    UUID grantId,
    UUID datasetId,
    String datasetName,
    UUID versionId,
    String versionLabel,
    Instant created) {

  public static String bucketName(String datasetName, String versionLabel) {
    return datasetName + "." + versionLabel;
  }
}
