/**
 * The audit log's Merkle tree, per RFC 9162 §2.1 over SHA-256.
 *
 * <ul>
 *   <li>{@link org.enclave.audit.merkle.MerkleHasher}: leaf, node and empty-tree hashes.
 *   <li>{@link org.enclave.audit.merkle.ProofVerifier}: RFC 9162 inclusion and consistency proof
 *       verification, for the verifier CLI and for anyone holding a signed root.
 *   <li>{@link org.enclave.audit.merkle.MerkleLog}: the append-only tree over a {@link
 *       org.enclave.audit.merkle.NodeStore}, which keeps the hash of every completed perfect
 *       subtree, addressed by {@link org.enclave.audit.merkle.NodeId} (level, index). Appends cost
 *       O(k + log n); roots and proofs for any past size read O(log n) nodes in one batch, as
 *       planned by {@link org.enclave.audit.merkle.ProofPlan}.
 *   <li>{@link org.enclave.audit.merkle.CompactRange}: the tree's right edge, O(log n) hashes, from
 *       which appends continue; {@link org.enclave.audit.merkle.TreeVerifier} streams entries
 *       through one to recompute a root in O(n) time and O(log n) memory.
 * </ul>
 *
 * <p>A database store implements {@link org.enclave.audit.merkle.NodeStore} over a table keyed by
 * (level, index) that refuses UPDATE and DELETE, and runs {@link
 * org.enclave.audit.merkle.MerkleLog#append} inside the transaction that inserts the entries, under
 * a lock that serializes appenders.
 */
package org.enclave.audit.merkle;
