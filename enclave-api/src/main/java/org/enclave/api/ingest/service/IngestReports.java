package org.enclave.api.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.enclave.api.ingest.model.IngestModels.Frequent;
import org.enclave.api.ingest.model.IngestModels.ReportResponse;
import org.enclave.api.ingest.model.IngestModels.Sample;
import org.enclave.api.ingest.persistence.IngestJobEntity;

/** A job's statistics as JSON text, and the masking report made of them. */
final class IngestReports {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IngestReports() {}

  static MaskingStats read(String stats) {
    if (stats == null) {
      return new MaskingStats();
    }
    try {
      return JSON.readValue(stats, MaskingStats.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a job's masking statistics are corrupt", e);
    }
  }

  static String write(MaskingStats stats) {
    try {
      return JSON.writeValueAsString(stats);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The statistics with the sample's raw text removed. */
  static String withoutRaw(String stats) {
    if (stats == null) {
      return null;
    }
    MaskingStats s = read(stats);
    s.forgetRaw();
    return write(s);
  }

  static ReportResponse report(IngestJobEntity j, int frequent) {
    MaskingStats s = read(j.stats);
    List<Frequent> top =
        s.top(frequent).stream().map(c -> new Frequent(c.text, c.type, c.count)).toList();
    List<Sample> sample =
        s.sample.stream()
            .sorted(java.util.Comparator.comparingLong(x -> x.row))
            .map(x -> new Sample(x.row, x.before, x.after))
            .toList();
    return new ReportResponse(
        j.id,
        j.state.name(),
        j.policyHash,
        j.model,
        s.rows,
        j.rowsRejected,
        s.byType,
        s.byRule,
        top,
        sample,
        s.rawDeleted,
        j.acceptedAt,
        j.acceptedBy);
  }

  /** The report's summary for the audit log: counts, policy and model, never masked text. */
  static String summary(IngestJobEntity j) {
    MaskingStats s = read(j.stats);
    return j.rowsDone
        + " rows, "
        + j.rowsRejected
        + " rejected, "
        + s.spans
        + " spans masked "
        + s.byType
        + ", policy "
        + j.policyHash
        + ", model "
        + j.model;
  }
}
