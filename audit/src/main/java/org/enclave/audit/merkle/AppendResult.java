package org.enclave.audit.merkle;

import java.util.Map;

/**
 * What one {@link MerkleLog#append} did.
 *
 * @param firstIndex index of the first leaf appended (the tree size before)
 * @param size tree size after
 * @param root root of the tree of {@code size} leaves
 * @param nodes every node the batch completed, leaves included, as written to the store
 */
public record AppendResult(long firstIndex, long size, byte[] root, Map<NodeId, byte[]> nodes) {}
