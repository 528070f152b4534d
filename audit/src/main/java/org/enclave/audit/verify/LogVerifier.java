package org.enclave.audit.verify;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.enclave.audit.merkle.CompactRange;
import org.enclave.audit.merkle.MerkleHasher;
import org.enclave.audit.merkle.NodeId;
import org.enclave.audit.note.Checkpoint;

/**
 * Verifies a log in one pass over its entries, in index order, against its opened checkpoints and
 * its stored subtree hashes. Memory is O(log n) beyond what the sources hold; each entry costs one
 * leaf hash and, amortized, one node hash. Checks, each failing at the first entry it concerns:
 *
 * <ol>
 *   <li>indices run 0, 1, 2, ... without gap or repeat;
 *   <li>an entry's data hashes to its stored leaf hash;
 *   <li>each stored subtree hash equals the recomputed one, checked as the subtree completes, so
 *       the lowest mismatching subtree is found first and its first leaf is named;
 *   <li>when the entries reach a checkpoint's size, the recomputed root equals the signed one; a
 *       mismatch names the first entry after the last checkpoint that matched;
 *   <li>likewise for the checkpoints of the external anchor, if given: a mismatch means the log was
 *       rewritten after the anchor recorded it, and names the first entry after the last anchored
 *       checkpoint that matched;
 *   <li>at the end: the log holds every entry a checkpoint (stored or anchored) signed and every
 *       entry a stored subtree covers, and some checkpoint signs it if it is not empty.
 * </ol>
 *
 * Since every root is recomputed from the same entries, consecutive checkpoints that match are
 * consistent. Not thread-safe.
 */
final class LogVerifier {

  private final List<Checkpoint> checkpoints;
  private final List<Checkpoint> anchored;
  private final StoredNodes nodes;
  private final MerkleHasher hasher = new MerkleHasher();
  private final CompactRange range = new CompactRange();
  private final byte[] leaf = new byte[MerkleHasher.HASH_LENGTH];
  private final NodeId[] completedIds = new NodeId[NodeId.MAX_LEVEL + 1];
  private final byte[][] completedHashes = new byte[NodeId.MAX_LEVEL + 1][];
  private int completed;
  private int nextCheckpoint;
  private long lastMatchedSize;
  private int nextAnchored;
  private long lastAnchoredSize;
  private long leafHashesChecked;
  private long subtreeHashesChecked;

  /**
   * @param checkpoints opened checkpoints, one per size, smallest first ({@link SignedCheckpoints})
   * @param nodes the stored subtree hashes, possibly none
   * @throws VerificationException if a checkpoint of size 0 does not sign the empty tree
   */
  LogVerifier(List<Checkpoint> checkpoints, StoredNodes nodes) throws VerificationException {
    this(checkpoints, List.of(), nodes);
  }

  /**
   * @param checkpoints opened checkpoints, one per size, smallest first ({@link SignedCheckpoints})
   * @param anchored opened checkpoints of the external anchor, one per size, smallest first ({@link
   *     AnchorFile}), possibly none
   * @param nodes the stored subtree hashes, possibly none
   * @throws VerificationException if a checkpoint of size 0 does not sign the empty tree
   */
  LogVerifier(List<Checkpoint> checkpoints, List<Checkpoint> anchored, StoredNodes nodes)
      throws VerificationException {
    this.checkpoints = List.copyOf(checkpoints);
    this.anchored = List.copyOf(anchored);
    this.nodes = nodes;
    checkCheckpoints();
  }

  /** Verifies the next entry. */
  void entry(DumpRecord.Entry entry) throws VerificationException, InputException {
    long expected = range.size();
    long index = entry.index();
    if (index > expected) {
      throw VerificationException.at(
          expected, "entry " + expected + " is missing: the next entry listed is " + index);
    }
    if (index < expected) {
      throw VerificationException.at(
          index, "entry " + index + " appears again, after entry " + (expected - 1));
    }
    byte[] data = entry.data();
    hasher.hashLeafInto(data, 0, data.length, leaf);
    if (entry.leafHash() != null) {
      if (!Arrays.equals(entry.leafHash(), leaf)) {
        throw VerificationException.at(
            index, "the data of entry " + index + " does not hash to its stored leaf hash");
      }
      leafHashesChecked++;
    }
    if (nodes.isEmpty()) {
      range.append(leaf);
    } else {
      completed = 0;
      range.append(leaf, this::collect);
      checkCompleted();
    }
    checkCheckpoints();
  }

  /**
   * Ends the pass: checks what can only be checked once every entry is known.
   *
   * @throws VerificationException naming the first missing entry, if a checkpoint or a stored
   *     subtree covers entries the log does not hold, or index 0 if entries exist but no checkpoint
   *     signs any of them
   */
  VerificationSummary finish() throws VerificationException, InputException {
    long size = range.size();
    if (nextCheckpoint < checkpoints.size()) {
      long signed = checkpoints.get(checkpoints.size() - 1).size();
      throw VerificationException.at(
          size,
          "the log ends after "
              + size
              + " entries, but a checkpoint signs "
              + signed
              + ": entries "
              + size
              + " to "
              + (signed - 1)
              + " are missing");
    }
    if (nextAnchored < anchored.size()) {
      long signed = anchored.get(anchored.size() - 1).size();
      throw VerificationException.at(
          size,
          "the log ends after "
              + size
              + " entries, but the anchor holds a checkpoint of size "
              + signed
              + ": entries "
              + size
              + " to "
              + (signed - 1)
              + " were removed after the anchor recorded them");
    }
    Optional<NodeId> beyond = nodes.beyond(size);
    if (beyond.isPresent()) {
      NodeId node = beyond.get();
      throw VerificationException.at(
          size,
          "the log ends after "
              + size
              + " entries, but it stores the hash of subtree "
              + node
              + " over entries "
              + node.firstLeaf()
              + " to "
              + (node.endLeaf() - 1));
    }
    if (size > 0 && checkpoints.isEmpty()) {
      throw VerificationException.at(
          0, "no checkpoint signs the log: none of its " + size + " entries is signed");
    }
    long signedSize = checkpoints.isEmpty() ? 0 : checkpoints.get(checkpoints.size() - 1).size();
    long anchoredSize = anchored.isEmpty() ? 0 : anchored.get(anchored.size() - 1).size();
    return new VerificationSummary(
        size,
        checkpoints.size(),
        signedSize,
        range.root(),
        leafHashesChecked,
        subtreeHashesChecked,
        anchored.size(),
        anchoredSize);
  }

  private void collect(NodeId id, byte[] hash) {
    if (id.level() > 0) {
      completedIds[completed] = id;
      completedHashes[completed++] = hash;
    }
  }

  /** Compares the subtrees the last entry completed, lowest first, with their stored hashes. */
  private void checkCompleted() throws VerificationException, InputException {
    for (int i = 0; i < completed; i++) {
      NodeId id = completedIds[i];
      byte[] stored = nodes.get(id.level(), id.index());
      if (stored == null) {
        continue;
      }
      if (!Arrays.equals(stored, completedHashes[i])) {
        throw VerificationException.at(
            id.firstLeaf(),
            "the stored hash of subtree "
                + id
                + " over entries "
                + id.firstLeaf()
                + " to "
                + (id.endLeaf() - 1)
                + " differs from the hash of those entries");
      }
      subtreeHashesChecked++;
    }
  }

  /** Compares the root with every checkpoint of the current size. */
  private void checkCheckpoints() throws VerificationException {
    while (nextCheckpoint < checkpoints.size()
        && checkpoints.get(nextCheckpoint).size() == range.size()) {
      Checkpoint checkpoint = checkpoints.get(nextCheckpoint);
      byte[] root = range.root();
      if (!Arrays.equals(root, checkpoint.rootHash()) && range.size() == 0) {
        throw VerificationException.at(
            0, "the checkpoint of size 0 signs a root other than that of the empty log");
      }
      if (!Arrays.equals(root, checkpoint.rootHash())) {
        throw VerificationException.at(
            lastMatchedSize,
            "the first "
                + range.size()
                + " entries hash to root "
                + base64(root)
                + ", but the checkpoint of size "
                + range.size()
                + " signs "
                + base64(checkpoint.rootHash())
                + ": entries "
                + lastMatchedSize
                + " to "
                + (range.size() - 1)
                + " are not those that were signed");
      }
      lastMatchedSize = range.size();
      nextCheckpoint++;
    }
    checkAnchored();
  }

  /** Compares the root with the anchored checkpoint of the current size, if there is one. */
  private void checkAnchored() throws VerificationException {
    if (nextAnchored == anchored.size() || anchored.get(nextAnchored).size() != range.size()) {
      return;
    }
    Checkpoint checkpoint = anchored.get(nextAnchored);
    byte[] root = range.root();
    if (!Arrays.equals(root, checkpoint.rootHash()) && range.size() == 0) {
      throw VerificationException.at(
          0, "the anchor's checkpoint of size 0 signs a root other than that of the empty log");
    }
    if (!Arrays.equals(root, checkpoint.rootHash())) {
      throw VerificationException.at(
          lastAnchoredSize,
          "the anchor holds a checkpoint of size "
              + range.size()
              + " that signs root "
              + base64(checkpoint.rootHash())
              + ", but the first "
              + range.size()
              + " entries of the log hash to "
              + base64(root)
              + ": entries "
              + lastAnchoredSize
              + " to "
              + (range.size() - 1)
              + " were rewritten after the anchor recorded them");
    }
    lastAnchoredSize = range.size();
    nextAnchored++;
  }

  private static String base64(byte[] hash) {
    return Base64.getEncoder().encodeToString(hash);
  }
}
