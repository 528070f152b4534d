package org.enclave.api.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;
import org.enclave.audit.log.TamperEvidentLog;
import org.enclave.audit.merkle.MerkleHasher;
import org.enclave.audit.postgres.PostgresLogStore;

/**
 * Read access to the tamper-evident log: checkpoints, entries and proofs, for outside verifiers.
 */
@ApplicationScoped
public class AuditLogService {
  @Inject TamperEvidentLog log;

  public record Entry(long index, String data, String leafHash) {}

  public record StoredCheckpoint(long size, String note) {}

  public record Node(int level, long index, String hash) {}

  public List<Node> nodes(int level, long from, int limit) {
    return log.store().nodes(level, from, limit).stream()
        .map(n -> new Node(n.level(), n.index(), b64(n.hash())))
        .toList();
  }

  public record InclusionProof(long index, long size, String leafHash, List<String> hashes) {}

  public record ConsistencyProof(long from, long to, List<String> hashes) {}

  public String verifierKey() {
    return log.verifierKey();
  }

  public Optional<String> latestCheckpoint() {
    return log.store().latestCheckpoint();
  }

  public List<StoredCheckpoint> checkpoints(long afterSize, int limit) {
    return log.store().checkpoints(afterSize, limit).stream()
        .map(c -> new StoredCheckpoint(c.treeSize(), c.note()))
        .toList();
  }

  public List<Entry> entries(long from, int limit) {
    return log.store().entries(from, limit).stream()
        .map(e -> new Entry(e.index(), b64(e.data()), b64(e.leafHash())))
        .toList();
  }

  public Entry entry(long index) {
    List<Entry> found = entries(index, 1);
    if (found.isEmpty() || found.get(0).index() != index) {
      throw EnclaveException.notFound("log entry", index);
    }
    return found.get(0);
  }

  public InclusionProof inclusionProof(long index, long size) {
    PostgresLogStore store = log.store();
    requireSize("size", size, store.size());
    if (index < 0 || index >= size) {
      throw invalid("index", "must be at least 0 and less than size (" + size + ")");
    }
    byte[] leafHash = MerkleHasher.leafHash(store.entries(index, 1).get(0).data());
    return new InclusionProof(
        index,
        size,
        b64(leafHash),
        store.inclusionProof(index, size).stream().map(AuditLogService::b64).toList());
  }

  public ConsistencyProof consistencyProof(long from, long to) {
    PostgresLogStore store = log.store();
    requireSize("to", to, store.size());
    if (from < 1 || from > to) {
      throw invalid("from", "must be at least 1 and at most to (" + to + ")");
    }
    return new ConsistencyProof(
        from, to, store.consistencyProof(from, to).stream().map(AuditLogService::b64).toList());
  }

  private static void requireSize(String field, long size, long current) {
    if (size < 1 || size > current) {
      throw invalid(field, "must be between 1 and the log's current size (" + current + ")");
    }
  }

  private static EnclaveException invalid(String field, String message) {
    return new EnclaveException(
        ErrorCode.VALIDATION_FAILED,
        field + " " + message,
        List.of(new FieldError(field, message)));
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
