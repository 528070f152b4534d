package org.enclave.audit.merkle;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Prints how fast the Merkle log is in memory at a million entries: appends, root, inclusion and
 * consistency proofs (generation and verification), and a full recompute of the root from the
 * entries as the verifier CLI does it. Not a test; run after {@code ./mvnw -pl audit verify}:
 *
 * <pre>
 * java -Xmx1g -cp audit/target/classes:audit/target/test-classes \
 *     org.enclave.audit.merkle.MerkleBenchmark [entries] [entry-bytes]
 * </pre>
 */
public final class MerkleBenchmark {

  private MerkleBenchmark() {}

  public static void main(String[] args) throws ProofException {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int entryBytes = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    System.out.printf(
        "%,d entries of %d bytes, %d cores, %s%n",
        entries,
        entryBytes,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.version"));

    for (int round = 1; round <= 3; round++) {
      System.out.printf("-- round %d%n", round);
      recompute(entries, entryBytes);
    }

    InMemoryNodeStore store = new InMemoryNodeStore();
    MerkleLog log = new MerkleLog(store);
    byte[] entry = new byte[entryBytes];
    long start = System.nanoTime();
    List<byte[]> batch = new ArrayList<>(1000);
    for (int i = 0; i < entries; i++) {
      fill(entry, i);
      batch.add(MerkleHasher.leafHash(entry));
      if (batch.size() == 1000 || i == entries - 1) {
        log.append(batch);
        batch.clear();
      }
    }
    report("append (hash entries, batches of 1,000)", System.nanoTime() - start, entries);

    long size = log.size();
    byte[] root = log.root(size);
    System.out.printf("root %s%n", HexFormat.of().formatHex(root));
    Random random = new Random(1);
    int proofs = 200_000;
    for (int round = 1; round <= 3; round++) {
      System.out.printf("-- round %d%n", round);
      timeRoots(log, size, random, proofs);
      timeInclusion(log, store, size, root, random, proofs);
      timeConsistency(log, size, root, random, proofs / 4);
    }
  }

  private static void recompute(int entries, int entryBytes) {
    byte[] entry = new byte[entryBytes];
    long start = System.nanoTime();
    TreeVerifier verifier = new TreeVerifier();
    for (int i = 0; i < entries; i++) {
      fill(entry, i);
      verifier.append(entry);
    }
    byte[] root = verifier.root();
    report("full recompute (TreeVerifier)", System.nanoTime() - start, entries);
    System.out.printf("   root %s%n", HexFormat.of().formatHex(root));
  }

  private static void timeRoots(MerkleLog log, long size, Random random, int count) {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      log.root(1 + (long) (random.nextDouble() * size));
    }
    report("root of a random earlier size", System.nanoTime() - start, count);
  }

  private static void timeInclusion(
      MerkleLog log, NodeStore store, long size, byte[] root, Random random, int count)
      throws ProofException {
    long[] indices = new long[count];
    List<List<byte[]>> made = new ArrayList<>(count);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      indices[i] = (long) (random.nextDouble() * size);
      made.add(log.inclusionProof(indices[i], size));
    }
    report("inclusion proof, generate", System.nanoTime() - start, count);
    byte[][] leaves = new byte[count][];
    for (int i = 0; i < count; i++) {
      leaves[i] = store.get(0, indices[i]).orElseThrow();
    }
    start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      ProofVerifier.verifyInclusion(indices[i], size, leaves[i], made.get(i), root);
    }
    report("inclusion proof, verify", System.nanoTime() - start, count);
  }

  private static void timeConsistency(
      MerkleLog log, long size, byte[] root, Random random, int count) throws ProofException {
    long[] firsts = new long[count];
    byte[][] firstRoots = new byte[count][];
    for (int i = 0; i < count; i++) {
      firsts[i] = 1 + (long) (random.nextDouble() * (size - 1));
      firstRoots[i] = log.root(firsts[i]);
    }
    List<List<byte[]>> made = new ArrayList<>(count);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      made.add(log.consistencyProof(firsts[i], size));
    }
    report("consistency proof, generate", System.nanoTime() - start, count);
    start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      ProofVerifier.verifyConsistency(firsts[i], size, firstRoots[i], root, made.get(i));
    }
    report("consistency proof, verify", System.nanoTime() - start, count);
  }

  /** A distinct entry per index without allocating: the index in the first 8 bytes. */
  private static void fill(byte[] entry, long index) {
    for (int b = 0; b < 8 && b < entry.length; b++) {
      entry[b] = (byte) (index >>> (8 * b));
    }
  }

  private static void report(String what, long nanos, long count) {
    System.out.printf(
        "%-42s %,10.1f ms total  %,10.2f µs each  %,12.0f /s%n",
        what, nanos / 1e6, nanos / 1e3 / count, count / (nanos / 1e9));
  }
}
