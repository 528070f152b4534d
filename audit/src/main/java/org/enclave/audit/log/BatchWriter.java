package org.enclave.audit.log;

import java.util.List;

/**
 * Writes a batch durably, all or nothing.
 *
 * @param <T> what callers submit
 * @param <R> what each caller gets back once its item is durable
 */
@FunctionalInterface
public interface BatchWriter<T, R> {
  /**
   * Makes every item durable, in order, and returns one result per item. Throwing means none of the
   * items is durable.
   */
  List<R> write(List<T> batch) throws Exception;
}
