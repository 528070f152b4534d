package org.enclave.api.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.UUID;
import org.enclave.api.audit.AuditQueryService.AuditRecord;
import org.enclave.api.audit.AuditQueryService.Criteria;
import org.enclave.api.audit.AuditQueryService.Filter;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.audit.log.TamperEvidentLog;

/**
 * Exports a search of the audit index as JSON Lines. The export covers the log as it stood when it
 * was asked for, is itself recorded in the log before the first row is written (no record, no
 * rows), and is read from the index a page at a time.
 */
@ApplicationScoped
public class AuditExportService {
  /** Most rows one export returns; continue with {@code after} set to the last log index. */
  public static final int MAX_ROWS = 100_000;

  private static final int PAGE = 1000;

  @Inject TamperEvidentLog log;
  @Inject AuditIndexCatchUp catchUp;
  @Inject AuditQueryService query;
  @Inject AuditRecorder audit;
  @Inject Authorizer authorizer;
  @Inject ObjectMapper json;

  /**
   * An export ready to be written: what it holds is fixed, and its audit record is durable.
   *
   * @param after the export starts after this log index (-1: from the start)
   * @param rows number of records {@link #write} writes
   * @param truncated true if more entries match than the limit allowed
   * @param logSize the export covers log entries below this index
   * @param auditLogIndex the log entry that records this export
   */
  public record Export(
      Filter filter, long after, long rows, boolean truncated, long logSize, long auditLogIndex) {}

  /**
   * Fixes what the export holds (entries matching {@code filter} after log index {@code after},
   * below the log's current size, at most {@code limit}) and records the export in the log. Throws
   * if the record cannot be made durable, so that no row is ever exported unrecorded.
   */
  public Export prepare(EnclavePrincipal who, Filter filter, long after, int limit) {
    authorizer.authorize(who, Operation.AUDIT_EXPORT, Resource.none());
    long size = log.store().size();
    catchUp.coverPrefix(size);
    long matching = query.count(new Criteria(filter, after, size, limit + 1));
    boolean truncated = matching > limit;
    long rows = Math.min(matching, limit);
    String reason =
        "filters "
            + filter.describe()
            + (after >= 0 ? ", after log index " + after : "")
            + "; "
            + rows
            + " rows of the log entries below index "
            + size
            + (truncated ? "; truncated at limit " + limit : "");
    long at =
        audit.allowed(
            who,
            Operation.AUDIT_EXPORT.action(),
            new Target("audit-events", null, uuid(filter.teamId()), uuid(filter.datasetId())),
            reason);
    return new Export(filter, after, rows, truncated, size, at);
  }

  /** Writes the export's records, oldest first, one JSON object per line, a page at a time. */
  public void write(Export export, OutputStream target) throws IOException {
    ObjectWriter writer = json.writer();
    OutputStream out = new BufferedOutputStream(target, 64 * 1024);
    long written = 0;
    long from = export.after();
    while (written < export.rows()) {
      int want = (int) Math.min(PAGE, export.rows() - written);
      List<AuditRecord> page =
          query.search(new Criteria(export.filter(), from, export.logSize(), want));
      if (page.isEmpty()) {
        break;
      }
      for (AuditRecord r : page) {
        out.write(writer.writeValueAsBytes(r));
        out.write('\n');
      }
      written += page.size();
      from = page.get(page.size() - 1).logIndex();
    }
    out.flush();
  }

  private static UUID uuid(String s) {
    try {
      return s == null || s.isBlank() ? null : UUID.fromString(s.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
