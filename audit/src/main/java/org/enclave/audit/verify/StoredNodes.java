package org.enclave.audit.verify;

import java.util.Optional;
import org.enclave.audit.merkle.NodeId;

/**
 * The subtree hashes a log stored (levels 1 and up), for comparison with those recomputed from the
 * entries. A source need not store any; those it stores must be right.
 */
interface StoredNodes {

  /** A log that stored no subtree hashes. */
  StoredNodes NONE =
      new StoredNodes() {
        @Override
        public boolean isEmpty() {
          return true;
        }

        @Override
        public byte[] get(int level, long index) {
          return null;
        }

        @Override
        public Optional<NodeId> beyond(long size) {
          return Optional.empty();
        }
      };

  /** Whether there are certainly no stored hashes, so that none need be looked up. */
  boolean isEmpty();

  /**
   * The stored hash of the node {@code (level, index)}, {@code level >= 1}, or {@code null} if the
   * log did not store it. Callers ask for the nodes of each level in increasing index order.
   */
  byte[] get(int level, long index) throws InputException;

  /**
   * A stored node that a tree of {@code size} leaves does not complete: evidence that the log once
   * held more entries than it has now.
   */
  Optional<NodeId> beyond(long size) throws InputException;
}
