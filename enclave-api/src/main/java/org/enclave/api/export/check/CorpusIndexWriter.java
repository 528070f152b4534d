package org.enclave.api.export.check;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Builds a {@link CorpusIndex} from a corpus's files in bounded memory: fingerprints are gathered
 * in chunks of {@link #CHUNK} pairs, each chunk sorted ({@link PairSort}) and spilled as a sorted
 * run to a temporary file, and the runs merged into the index, each fingerprint once (with the
 * first post that has it). Identifiers stay in memory (there are few per post).
 */
public final class CorpusIndexWriter implements AutoCloseable {
  static final int CHUNK = 1 << 22;

  private final Ngrams ngrams;
  private final Path work;
  private final int chunk;
  private final List<String> files = new ArrayList<>();
  private final List<String> headers = new ArrayList<>();
  private final List<Path> runs = new ArrayList<>();
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
    this.ngrams = new Ngrams(n);
    this.work = Files.createDirectories(work);
    this.chunk = chunk;
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
          try {
            addPost(f, d);
          } catch (IOException e) {
            failed[0] = e;
          }
        });
    if (failed[0] != null) {
      throw failed[0];
    }
  }

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
    for (String text : d.texts()) {
      textBytes += text.length();
      for (long fp : ngrams.of(Words.of(text))) {
        addNgram(fp, post);
      }
      Identifiers.patternsIn(text, m -> addIdentifier(m.folded(), post));
    }
    for (String id : d.identifiers()) {
      String f = Identifiers.fold(id);
      if (f != null) {
        addIdentifier(f, post);
      }
    }
  }

  private void addNgram(long fp, int post) throws IOException {
    if (fpSize == fps.length) {
      if (fpSize >= chunk) {
        spill();
      } else {
        fps = Arrays.copyOf(fps, fpSize * 2);
        fpPosts = Arrays.copyOf(fpPosts, fpSize * 2);
      }
    }
    fps[fpSize] = fp;
    fpPosts[fpSize] = post;
    fpSize++;
    windows++;
  }

  private void addIdentifier(String folded, int post) {
    if (idSize == ids.length) {
      ids = Arrays.copyOf(ids, idSize * 2);
      idPosts = Arrays.copyOf(idPosts, idSize * 2);
    }
    ids[idSize] = Identifiers.hash(folded);
    idPosts[idSize] = post;
    idSize++;
  }

  private void spill() throws IOException {
    PairSort.sort(fps, fpPosts, fpSize);
    Path run = work.resolve("run-" + runs.size());
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
      for (int i = 0; i < fpSize; i++) {
        out.writeLong(fps[i]);
        out.writeInt(fpPosts[i]);
      }
    }
    runs.add(run);
    fpSize = 0;
  }

  /** Characters of post text read so far. */
  public long textChars() {
    return textBytes;
  }

  /** Writes the index to {@code target} (replaced atomically). */
  public void write(Path target) throws IOException {
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
    PairSort.sort(fps, fpPosts, fpSize);
    PriorityQueue<Source> queue = new PriorityQueue<>((a, b) -> Long.compareUnsigned(a.key, b.key));
    List<Source> opened = new ArrayList<>();
    try {
      Source memory = new MemorySource(fps, fpPosts, fpSize);
      opened.add(memory);
      for (Path run : runs) {
        opened.add(new RunSource(run));
      }
      for (Source s : opened) {
        if (s.advance()) {
          queue.add(s);
        }
      }
      long written = 0;
      boolean first = true;
      long last = 0;
      while (!queue.isEmpty()) {
        Source s = queue.poll();
        long key = s.key;
        int post = s.post;
        if (s.advance()) {
          queue.add(s);
        }
        // Equal keys come out together; the run order keeps the earliest post first only
        // within a run, so keep the smallest post of the group.
        if (!first && key == last) {
          continue;
        }
        while (!queue.isEmpty() && queue.peek().key == key) {
          Source t = queue.poll();
          post = Math.min(post, t.post);
          if (t.advance()) {
            queue.add(t);
          }
        }
        first = false;
        last = key;
        directory[(int) (key >>> (64 - bits)) + 1]++;
        out.writeInt((int) (key >>> (32 - bits)));
        out.writeInt(post);
        written++;
        if (written > 0xffffffffL) {
          throw new IOException("the corpus has more distinct n-grams than one index holds");
        }
      }
      for (int i = 1; i < directory.length; i++) {
        directory[i] += directory[i - 1];
      }
      return written;
    } finally {
      for (Source s : opened) {
        s.close();
      }
    }
  }

  private abstract static class Source implements AutoCloseable {
    long key;
    int post;

    abstract boolean advance() throws IOException;

    @Override
    public void close() throws IOException {}
  }

  private static final class MemorySource extends Source {
    private final long[] keys;
    private final int[] posts;
    private final int size;
    private int next;

    MemorySource(long[] keys, int[] posts, int size) {
      this.keys = keys;
      this.posts = posts;
      this.size = size;
    }

    @Override
    boolean advance() {
      if (next == size) {
        return false;
      }
      key = keys[next];
      post = posts[next];
      next++;
      return true;
    }
  }

  private static final class RunSource extends Source {
    private final DataInputStream in;

    RunSource(Path run) throws IOException {
      in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
    }

    @Override
    boolean advance() throws IOException {
      try {
        key = in.readLong();
        post = in.readInt();
        return true;
      } catch (EOFException e) {
        return false;
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  @Override
  public void close() throws IOException {
    for (Path run : runs) {
      Files.deleteIfExists(run);
    }
    runs.clear();
  }
}
