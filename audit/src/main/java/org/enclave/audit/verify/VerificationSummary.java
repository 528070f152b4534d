package org.enclave.audit.verify;

/**
 * What a successful verification established.
 *
 * @param entries number of entries, indices 0 to {@code entries - 1}
 * @param checkpoints number of distinct checkpoints, each valid and matching the entries
 * @param signedSize size of the largest checkpoint, 0 if there is none
 * @param root RFC 9162 root of all entries
 * @param leafHashesChecked entries whose stored leaf hash was compared
 * @param subtreeHashesChecked stored subtree hashes compared
 * @param anchoredCheckpoints number of distinct checkpoints of the external anchor, each valid and
 *     matching the entries; 0 if no anchor was given
 * @param anchoredSize size of the largest anchored checkpoint, 0 if there is none
 */
public record VerificationSummary(
    long entries,
    int checkpoints,
    long signedSize,
    byte[] root,
    long leafHashesChecked,
    long subtreeHashesChecked,
    int anchoredCheckpoints,
    long anchoredSize) {

  public VerificationSummary {
    root = root.clone();
  }

  /** The RFC 9162 root of all entries. */
  @Override
  public byte[] root() {
    return root.clone();
  }

  /** Entries after the largest checkpoint, not yet covered by a signature. */
  public long unsignedEntries() {
    return entries - signedSize;
  }
}
