/**
 * The audit log verifier: recomputes a log's RFC 9162 Merkle tree from its entries and checks it
 * against the log's signed checkpoints and stored subtree hashes, naming the first bad entry.
 *
 * <ul>
 *   <li>{@link org.enclave.audit.verify.VerifierMain}: the CLI ({@code verify}, {@code dump}) of
 *       the executable jar {@code enclave-audit-verifier.jar}.
 *   <li>{@link org.enclave.audit.verify.DumpFormat}: the objects read from a dump (JSON Lines) and
 *       from the API (JSON arrays).
 *   <li>{@code LogVerifier}: the one-pass check of entries, leaf and subtree hashes and roots;
 *       {@code SignedCheckpoints} opens the checkpoints first.
 *   <li>{@code DumpFileVerification} and {@code ApiVerification}: the two sources, a file and
 *       {@code GET {base}/audit/log/{checkpoints,nodes,entries}}.
 *   <li>{@link org.enclave.audit.verify.PostgresDump}: the dump of the PostgreSQL tables.
 * </ul>
 */
package org.enclave.audit.verify;
