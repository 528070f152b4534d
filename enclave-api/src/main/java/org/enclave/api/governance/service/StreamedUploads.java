package org.enclave.api.governance.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import org.enclave.api.config.EnclaveConfig;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.infra.storage.ObjectStore;
import org.enclave.infra.storage.ObjectTooLargeException;
import org.enclave.infra.storage.StoredObject;
import org.jboss.logging.Logger;

/**
 * An upload streamed to the {@link ObjectStore} under a fresh key before the database learns of it,
 * then recorded in a transaction of its own; if recording fails the object is removed, so a failed
 * upload leaves nothing behind. Objects a committed change replaced go after the commit.
 */
@ApplicationScoped
public class StreamedUploads {
  private static final Logger LOG = Logger.getLogger(StreamedUploads.class);

  @Inject ObjectStore store;
  @Inject EnclaveConfig config;
  @Inject TransactionSynchronizationRegistry transactions;

  /**
   * Streams {@code body} to {@code key} (up to {@code enclave.limits.max-file-bytes}) and records
   * it with {@code record} in a new transaction.
   *
   * @param tooLarge run before the refusal of a file over the limit (to audit it)
   */
  public <T> T upload(
      String key, InputStream body, Runnable tooLarge, Function<StoredObject, T> record) {
    StoredObject stored;
    try {
      stored = store.put(key, body, config.limits().maxFileBytes());
    } catch (ObjectTooLargeException e) {
      tooLarge.run();
      throw new EnclaveException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "file is larger than the limit of "
              + e.limit()
              + " bytes (enclave.limits.max-file-bytes); split it into smaller files");
    } catch (IOException e) {
      throw new EnclaveException(
          ErrorCode.BAD_REQUEST, "upload was interrupted; send the file again");
    }
    try {
      return QuarkusTransaction.requiringNew().call(() -> record.apply(stored));
    } catch (RuntimeException e) {
      deleteQuietly(key);
      throw e;
    }
  }

  /** Removes {@code key} once the current transaction commits; nothing if it rolls back. */
  public void deleteAfterCommit(String key) {
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              deleteQuietly(key);
            }
          }
        });
  }

  /** Removes the object if present; a failure is only logged. */
  public void deleteQuietly(String key) {
    try {
      store.delete(key);
    } catch (IOException | RuntimeException e) {
      LOG.warnf("could not remove object %s: %s", key, e.getMessage());
    }
  }
}
