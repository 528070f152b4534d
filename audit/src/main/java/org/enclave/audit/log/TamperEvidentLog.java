package org.enclave.audit.log;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.enclave.audit.AuditEvent;
import org.enclave.audit.AuditEventCodec;
import org.enclave.audit.AuditSink;
import org.enclave.audit.merkle.AppendResult;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteSigner;
import org.enclave.audit.postgres.PostgresLogStore;

/**
 * The tamper-evident audit log: events become canonical JSON leaves of an RFC 9162 Merkle tree in
 * PostgreSQL, appended with group commit ({@link #append} returns once the event is durable), and a
 * signed C2SP checkpoint of the tree is issued at least every interval while there are new entries,
 * and on close. Each checkpoint is stored with the log and appended to an external {@link
 * CheckpointAnchor}.
 */
public final class TamperEvidentLog implements AuditSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TamperEvidentLog.class.getName());

  private final PostgresLogStore store;
  private final NoteSigner signer;
  private final CheckpointAnchor anchor;
  private final GroupCommitter<byte[], Long> committer;
  private final ScheduledExecutorService checkpoints;
  private long checkpointedSize = -1;

  /** Tuning; defaults suit a control plane. */
  public record Options(int maxBatch, int queueCapacity, Duration checkpointInterval) {
    public static Options defaults() {
      return new Options(1024, 16384, Duration.ofSeconds(1));
    }
  }

  /**
   * @param signer the log's key; its name is the checkpoints' origin line
   */
  public TamperEvidentLog(
      PostgresLogStore store, NoteSigner signer, CheckpointAnchor anchor, Options options) {
    this.store = store;
    this.signer = signer;
    this.anchor = anchor;
    this.committer =
        new GroupCommitter<>(
            "audit-log-writer", this::write, options.maxBatch(), options.queueCapacity());
    this.checkpoints =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "audit-log-checkpoints");
              t.setDaemon(true);
              return t;
            });
    long every = options.checkpointInterval().toMillis();
    checkpoints.scheduleWithFixedDelay(
        this::checkpointQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** Appends an event and returns its index once it is durable; throws (fail closed) if not. */
  @Override
  public long append(AuditEvent event) {
    return committer.append(AuditEventCodec.encode(event));
  }

  private List<Long> write(List<byte[]> batch) throws Exception {
    AppendResult r = store.append(batch);
    List<Long> indexes = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      indexes.add(r.firstIndex() + i);
    }
    return indexes;
  }

  /**
   * Signs, stores and anchors a checkpoint of the current tree if it grew since the last one.
   *
   * @return the signed note of the newest checkpoint, if the log has any
   */
  public synchronized Optional<String> checkpoint() throws Exception {
    long size = store.size();
    if (size == checkpointedSize) {
      return store.latestCheckpoint();
    }
    String note = Checkpoint.of(signer.name(), size, store.root(size)).sign(signer).toString();
    store.saveCheckpoint(size, note);
    anchor.append(size, note);
    checkpointedSize = size;
    return Optional.of(note);
  }

  private void checkpointQuietly() {
    try {
      checkpoint();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "audit checkpoint failed; retrying at the next interval", e);
    }
  }

  /** The verifier key (name+keyid+base64) that checks this log's checkpoints. */
  public String verifierKey() {
    return signer.verifier().verifierKey();
  }

  public PostgresLogStore store() {
    return store;
  }

  /** Writes what was submitted, issues a final checkpoint, and stops. */
  @Override
  public void close() {
    committer.close();
    checkpoints.shutdown();
    try {
      checkpoints.awaitTermination(10, TimeUnit.SECONDS);
      checkpoint();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "final audit checkpoint failed", e);
    } finally {
      store.close();
    }
  }
}
