package org.enclave.api.export.check;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds a {@link CorpusIndex} from a corpus's files in bounded memory and on every core. Posts are
 * parsed in order and handed out in batches to workers that fold their words and fingerprint their
 * n-grams and identifiers; the results are taken back in order, so the index is the same whatever
 * the number of workers. Fingerprints stay in memory up to {@link #CHUNK} pairs; past that they are
 * spilled, unsorted, into {@link #PARTITIONS} files by their top bits, and each partition is then
 * read back, sorted ({@link PairSort}) and written in turn, each fingerprint once with the first
 * post that has it. Identifiers stay in memory (there are few per post).
 */
public final class CorpusIndexWriter implements AutoCloseable {
  static final int CHUNK = 1 << 22;

  /** Spill files, by the fingerprint's top {@link #PARTITION_BITS} bits. */
  static final int PARTITION_BITS = 6;

  static final int PARTITIONS = 1 << PARTITION_BITS;

  /** Pairs a partition buffers before it appends them to its file. */
  private static final int PARTITION_BUFFER = 8192;

  /** Posts a worker fingerprints at a time. */
  private static final int BATCH = 512;

  private final Ngrams ngrams;
  private final Path work;
  private final int chunk;
  private final List<String> files = new ArrayList<>();
  private final List<String> headers = new ArrayList<>();
  private final ExecutorService workers;
  private final int threads;
  private final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
  private List<CorpusDocument> pending = new ArrayList<>(BATCH);
  private int pendingFirstPost;
  private DataOutputStream[] partitions;
  private long[][] partKeys;
  private int[][] partPosts;
  private int[] partSize;
  private long[] fps = new long[1024];
  private int[] fpPosts = new int[1024];
  private int fpSize;
  private long windows;
  private long[] ids = new long[256];
  private int[] idPosts = new int[256];
  private int idSize;
  private int[] postFile = new int[256];
  private long[] postOffset = new long[256];
  private int[] postLength = new int[256];
  private int posts;
  private long textBytes;

  /**
   * @param n words per n-gram
   * @param work a directory for the sorted runs (removed by {@link #close})
   */
  public CorpusIndexWriter(int n, Path work) throws IOException {
    this(n, work, CHUNK);
  }

  CorpusIndexWriter(int n, Path work, int chunk) throws IOException {
    this(n, work, chunk, Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * @param threads workers that fingerprint posts
   */
  CorpusIndexWriter(int n, Path work, int chunk, int threads) throws IOException {
    this.ngrams = new Ngrams(n);
    this.work = Files.createDirectories(work);
    this.chunk = chunk;
    this.threads = threads;
    this.workers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "corpus-index-worker");
              t.setDaemon(true);
              return t;
            });
  }

  /** Reads every post of one corpus file. */
  public void add(String file, CorpusFormat format, InputStream content) throws IOException {
    int f = files.size();
    files.add(file);
    headers.add("");
    IOException[] failed = {null};
    format.read(
        content,
        header -> headers.set(f, String.join("\t", header)),
        d -> {
          if (failed[0] != null) {
            return;
          }
          try {
            addPost(f, d);
          } catch (IOException e) {
            failed[0] = e;
          }
        });
    if (failed[0] != null) {
      throw failed[0];
    }
    dispatch();
  }

  /** Records where the post is and queues it for a worker. */
  private void addPost(int file, CorpusDocument d) throws IOException {
    int post = posts++;
    if (post == postFile.length) {
      postFile = Arrays.copyOf(postFile, post * 2);
      postOffset = Arrays.copyOf(postOffset, post * 2);
      postLength = Arrays.copyOf(postLength, post * 2);
    }
    postFile[post] = file;
    postOffset[post] = d.offset();
    postLength[post] = d.length();
    if (pending.isEmpty()) {
      pendingFirstPost = post;
    }
    pending.add(d);
    if (pending.size() == BATCH) {
      dispatch();
    }
  }

  /** What a worker made of a batch of posts: pairs of fingerprint and post, in post order. */
  private record Batch(
      long[] fps, int[] fpPosts, int fpSize, long[] ids, int[] idPosts, int idSize, long chars) {}

  private void dispatch() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    List<CorpusDocument> docs = pending;
    int first = pendingFirstPost;
    pending = new ArrayList<>(BATCH);
    inFlight.add(workers.submit(() -> fingerprint(docs, first)));
    while (inFlight.size() > 2 * threads) {
      take(inFlight.poll());
    }
  }

  private Batch fingerprint(List<CorpusDocument> docs, int firstPost) {
    long[] fp = new long[4096];
    int[] fpPost = new int[4096];
    int[] fpSize = {0};
    long[][] id = {new long[64]};
    int[][] idPost = {new int[64]};
    int[] idSize = {0};
    long chars = 0;
    for (int i = 0; i < docs.size(); i++) {
      int post = firstPost + i;
      CorpusDocument d = docs.get(i);
      java.util.function.Consumer<String> identifier =
          folded -> {
            if (idSize[0] == id[0].length) {
              id[0] = Arrays.copyOf(id[0], idSize[0] * 2);
              idPost[0] = Arrays.copyOf(idPost[0], idSize[0] * 2);
            }
            id[0][idSize[0]] = Identifiers.hash(folded);
            idPost[0][idSize[0]++] = post;
          };
      for (String text : d.texts()) {
        chars += text.length();
        long[] grams = ngrams.of(Words.of(text));
        if (fpSize[0] + grams.length > fp.length) {
          int grown = Math.max(fp.length * 2, fpSize[0] + grams.length);
          fp = Arrays.copyOf(fp, grown);
          fpPost = Arrays.copyOf(fpPost, grown);
        }
        System.arraycopy(grams, 0, fp, fpSize[0], grams.length);
        Arrays.fill(fpPost, fpSize[0], fpSize[0] + grams.length, post);
        fpSize[0] += grams.length;
        Identifiers.patternsIn(text, m -> identifier.accept(m.folded()));
      }
      for (String value : d.identifiers()) {
        String f = Identifiers.fold(value);
        if (f != null) {
          identifier.accept(f);
        }
      }
    }
    return new Batch(fp, fpPost, fpSize[0], id[0], idPost[0], idSize[0], chars);
  }

  /** Takes a worker's batch into the index, in the order the posts came. */
  private void take(Future<Batch> future) throws IOException {
    Batch b;
    try {
      b = future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("indexing interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException("indexing failed", e.getCause());
    }
    textBytes += b.chars();
    for (int i = 0; i < b.fpSize(); i++) {
      addNgram(b.fps()[i], b.fpPosts()[i]);
    }
    for (int i = 0; i < b.idSize(); i++) {
      addIdentifier(b.ids()[i], b.idPosts()[i]);
    }
  }

  /** Waits for every queued batch. */
  private void drain() throws IOException {
    dispatch();
    while (!inFlight.isEmpty()) {
      take(inFlight.poll());
    }
  }

  private void addNgram(long fp, int post) throws IOException {
    windows++;
    if (partitions != null) {
      partitioned(fp, post);
      return;
    }
    if (fpSize == fps.length) {
      if (fpSize >= chunk) {
        startPartitions();
        partitioned(fp, post);
        return;
      }
      fps = Arrays.copyOf(fps, fpSize * 2);
      fpPosts = Arrays.copyOf(fpPosts, fpSize * 2);
    }
    fps[fpSize] = fp;
    fpPosts[fpSize] = post;
    fpSize++;
  }

  private void addIdentifier(long hash, int post) {
    if (idSize == ids.length) {
      ids = Arrays.copyOf(ids, idSize * 2);
      idPosts = Arrays.copyOf(idPosts, idSize * 2);
    }
    ids[idSize] = hash;
    idPosts[idSize] = post;
    idSize++;
  }

  /** Past the chunk: every pair so far, and every pair from now on, goes to its partition. */
  private void startPartitions() throws IOException {
    partitions = new DataOutputStream[PARTITIONS];
    partKeys = new long[PARTITIONS][PARTITION_BUFFER];
    partPosts = new int[PARTITIONS][PARTITION_BUFFER];
    partSize = new int[PARTITIONS];
    for (int p = 0; p < PARTITIONS; p++) {
      partitions[p] =
          new DataOutputStream(
              new BufferedOutputStream(Files.newOutputStream(partition(p)), 1 << 16));
    }
    for (int i = 0; i < fpSize; i++) {
      partitioned(fps[i], fpPosts[i]);
    }
    fpSize = 0;
    fps = new long[0];
    fpPosts = new int[0];
  }

  private Path partition(int p) {
    return work.resolve("partition-" + p);
  }

  private void partitioned(long fp, int post) throws IOException {
    int p = (int) (fp >>> (64 - PARTITION_BITS));
    int n = partSize[p];
    partKeys[p][n] = fp;
    partPosts[p][n] = post;
    if (++partSize[p] == PARTITION_BUFFER) {
      flushPartition(p);
    }
  }

  private void flushPartition(int p) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(partSize[p] * 12);
    for (int i = 0; i < partSize[p]; i++) {
      b.putLong(partKeys[p][i]).putInt(partPosts[p][i]);
    }
    partitions[p].write(b.array(), 0, b.position());
    partSize[p] = 0;
  }

  /** Characters of post text read so far. */
  public long textChars() {
    return textBytes;
  }

  /** Writes the index to {@code target} (replaced atomically). */
  public void write(Path target) throws IOException {
    drain();
    if (partitions != null) {
      for (int p = 0; p < PARTITIONS; p++) {
        flushPartition(p);
        partitions[p].close();
      }
      partKeys = null;
      partPosts = null;
    }
    int bits = bucketBits(windows);
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try (FileChannel ch =
        FileChannel.open(
            partial,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
      out.write(new byte[CorpusIndex.HEADER]);
      for (int i = 0; i < files.size(); i++) {
        for (String s : new String[] {files.get(i), headers.get(i)}) {
          byte[] b = s.getBytes(StandardCharsets.UTF_8);
          out.writeInt(b.length);
          out.write(b);
        }
      }
      for (int i = 0; i < posts; i++) {
        out.writeInt(postFile[i]);
        out.writeLong(postOffset[i]);
        out.writeInt(postLength[i]);
      }
      long identifierCount = writeIdentifiers(out);
      out.flush();
      long directoryAt = ch.position();
      int buckets = 1 << bits;
      int[] directory = new int[buckets + 1];
      out.write(new byte[4 * (buckets + 1)]);
      long count = writeNgrams(out, bits, directory);
      out.flush();
      ByteBuffer dir = ByteBuffer.allocate(4 * (buckets + 1));
      dir.asIntBuffer().put(directory);
      ch.write(dir, directoryAt);
      ByteBuffer h = ByteBuffer.allocate(CorpusIndex.HEADER);
      h.put(CorpusIndex.MAGIC)
          .putInt(CorpusIndex.VERSION)
          .putInt(ngrams.n())
          .putInt(bits)
          .putInt(0)
          .putLong(count)
          .putLong(identifierCount)
          .putInt(posts)
          .putInt(files.size());
      h.flip();
      ch.write(h, 0);
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(
        partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** About eight n-grams a bucket: the directory costs half a byte per n-gram. */
  static int bucketBits(long windows) {
    int log = 63 - Long.numberOfLeadingZeros(Math.max(1, windows));
    return Math.max(4, Math.min(28, log - 3));
  }

  private long writeIdentifiers(DataOutputStream out) throws IOException {
    PairSort.sort(ids, idPosts, idSize);
    long written = 0;
    for (int i = 0; i < idSize; i++) {
      if (i > 0 && ids[i] == ids[i - 1]) {
        continue;
      }
      out.writeLong(ids[i]);
      out.writeInt(idPosts[i]);
      written++;
    }
    return written;
  }

  private long writeNgrams(DataOutputStream out, int bits, int[] directory) throws IOException {
    long[] written = {0};
    long[] last = {0};
    boolean[] first = {true};
    if (partitions == null) {
      PairSort.sort(fps, fpPosts, fpSize);
      writeSorted(out, bits, directory, fps, fpPosts, fpSize, written, last, first);
    } else {
      // Partitions in key order; the next one is read and sorted while this one is written.
      Future<Sorted> next = workers.submit(() -> sortedPartition(0));
      for (int p = 0; p < PARTITIONS; p++) {
        Sorted sorted = get(next);
        if (p + 1 < PARTITIONS) {
          int q = p + 1;
          next = workers.submit(() -> sortedPartition(q));
        }
        writeSorted(
            out,
            bits,
            directory,
            sorted.keys(),
            sorted.posts(),
            sorted.keys().length,
            written,
            last,
            first);
        Files.deleteIfExists(partition(p));
      }
    }
    for (int i = 1; i < directory.length; i++) {
      directory[i] += directory[i - 1];
    }
    return written[0];
  }

  private record Sorted(long[] keys, int[] posts) {}

  /** A partition's pairs, sorted by key (posts in their order within equal keys). */
  private Sorted sortedPartition(int p) throws IOException {
    byte[] raw = Files.readAllBytes(partition(p));
    int n = raw.length / 12;
    ByteBuffer b = ByteBuffer.wrap(raw);
    long[] keys = new long[n];
    int[] posts = new int[n];
    for (int i = 0; i < n; i++) {
      keys[i] = b.getLong();
      posts[i] = b.getInt();
    }
    PairSort.sort(keys, posts, n);
    return new Sorted(keys, posts);
  }

  private static <T> T get(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("indexing interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("indexing failed", e.getCause());
    }
  }

  /** Writes sorted pairs, each key once with its first (smallest) post. */
  private static void writeSorted(
      DataOutputStream out,
      int bits,
      int[] directory,
      long[] keys,
      int[] posts,
      int size,
      long[] written,
      long[] last,
      boolean[] first)
      throws IOException {
    for (int i = 0; i < size; i++) {
      long key = keys[i];
      if (!first[0] && key == last[0]) {
        continue;
      }
      first[0] = false;
      last[0] = key;
      directory[(int) (key >>> (64 - bits)) + 1]++;
      out.writeInt((int) (key >>> (32 - bits)));
      out.writeInt(posts[i]);
      if (++written[0] > 0xffffffffL) {
        throw new IOException("the corpus has more distinct n-grams than one index holds");
      }
    }
  }

  @Override
  public void close() throws IOException {
    workers.shutdownNow();
    inFlight.clear();
    if (partitions != null) {
      for (int p = 0; p < PARTITIONS; p++) {
        try {
          partitions[p].close();
        } catch (IOException e) {
          // closed before, or the disk failed: the file is removed below either way
        }
        Files.deleteIfExists(partition(p));
      }
    }
  }
}
