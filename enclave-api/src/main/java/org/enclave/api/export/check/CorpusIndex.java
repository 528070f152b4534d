package org.enclave.api.export.check;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The index of a corpus (a dataset version's posts) that the export checks read: the fingerprint of
 * every run of {@code n} words ({@link Ngrams}) and every identifier, each with the post it came
 * from, so that a match is confirmed on that post's own words before it is reported and a reviewer
 * is told where the text comes from.
 *
 * <p>The file, written by {@link CorpusIndexWriter}, is memory-mapped and never read whole:
 *
 * <pre>
 * header      "ENCLVIDX", version 1, n, bucket bits B, n-gram count, identifier count,
 *             post count, file count (48 bytes, big-endian)
 * files       per corpus file: its name, and its header for CSV and TSV (tab-joined, or
 *             empty), each length-prefixed UTF-8
 * posts       per post: file, byte offset, byte length (16 bytes)
 * identifiers per identifier, by hash: hash (8 bytes), post (4)
 * directory   2^B + 1 ints: where each bucket of n-grams starts
 * n-grams     per fingerprint, sorted, bucket = its top B bits: its next 32 bits, post (8 bytes)
 * </pre>
 *
 * An n-gram costs 8 bytes whatever its words; a fingerprint is told apart from others by its top B
 * + 32 bits, and a false match on those is caught by the confirmation.
 */
public final class CorpusIndex implements Closeable {
  static final byte[] MAGIC = "ENCLVIDX".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int HEADER = 48;
  private static final long CHUNK = 3L << 28; // a multiple of 4, 8 and 12

  private final FileChannel channel;
  private final int n;
  private final int bucketBits;
  private final long ngramCount;
  private final long identifierCount;
  private final List<String> files;
  private final List<String[]> headers;
  private final int[] postFile;
  private final long[] postOffset;
  private final int[] postLength;
  private final Region identifiers;
  private final Region directory;
  private final Region ngrams;

  private CorpusIndex(Path path) throws IOException {
    channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      ByteBuffer h = ByteBuffer.allocate(HEADER);
      channel.read(h, 0);
      h.flip();
      byte[] magic = new byte[8];
      h.get(magic);
      if (channel.size() < HEADER
          || !java.util.Arrays.equals(magic, MAGIC)
          || h.getInt() != VERSION) {
        throw new IOException(path + " is not a corpus index of this version");
      }
      n = h.getInt();
      bucketBits = h.getInt();
      h.getInt();
      ngramCount = h.getLong();
      identifierCount = h.getLong();
      int posts = h.getInt();
      int fileCount = h.getInt();
      long pos = HEADER;
      files = new ArrayList<>();
      headers = new ArrayList<>();
      for (int i = 0; i < fileCount; i++) {
        String name = string(path, pos);
        pos += 4 + name.getBytes(StandardCharsets.UTF_8).length;
        String header = string(path, pos);
        pos += 4 + header.getBytes(StandardCharsets.UTF_8).length;
        files.add(name);
        headers.add(header.isEmpty() ? null : header.split("\t", -1));
      }
      long need = pos + 16L * posts + 12 * identifierCount;
      need += 4L * ((1L << bucketBits) + 1) + 8 * ngramCount;
      if (need != channel.size()) {
        throw new IOException(
            path
                + " is truncated or has trailing bytes: "
                + channel.size()
                + " bytes, not "
                + need);
      }
      postFile = new int[posts];
      postOffset = new long[posts];
      postLength = new int[posts];
      Region table = new Region(channel, pos, 16L * posts);
      for (int i = 0; i < posts; i++) {
        postFile[i] = table.getInt(16L * i);
        postOffset[i] = table.getLong(16L * i + 4);
        postLength[i] = table.getInt(16L * i + 12);
      }
      pos += 16L * posts;
      identifiers = new Region(channel, pos, 12 * identifierCount);
      pos += 12 * identifierCount;
      long dirBytes = 4L * ((1L << bucketBits) + 1);
      directory = new Region(channel, pos, dirBytes);
      pos += dirBytes;
      ngrams = new Region(channel, pos, 8 * ngramCount);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private String string(Path path, long pos) throws IOException {
    ByteBuffer len = ByteBuffer.allocate(4);
    if (channel.read(len, pos) != 4) {
      throw new IOException(path + " is truncated");
    }
    int l = len.flip().getInt();
    if (l < 0 || pos + 4 + l > channel.size()) {
      throw new IOException(path + " is truncated");
    }
    ByteBuffer b = ByteBuffer.allocate(l);
    channel.read(b, pos + 4);
    return new String(b.array(), StandardCharsets.UTF_8);
  }

  /** Opens an index file written by {@link CorpusIndexWriter}. */
  public static CorpusIndex open(Path path) throws IOException {
    return new CorpusIndex(path);
  }

  /** Words per n-gram. */
  public int n() {
    return n;
  }

  public long ngramCount() {
    return ngramCount;
  }

  public long identifierCount() {
    return identifierCount;
  }

  public int postCount() {
    return postFile.length;
  }

  /** The post holding an n-gram with this fingerprint, or -1. */
  public int findNgram(long fingerprint) {
    long bucket = fingerprint >>> (64 - bucketBits);
    int key = (int) (fingerprint >>> (32 - bucketBits));
    long lo = directory.getInt(4 * bucket) & 0xffffffffL;
    long hi = (directory.getInt(4 * bucket + 4) & 0xffffffffL) - 1;
    while (lo <= hi) {
      long mid = (lo + hi) >>> 1;
      int k = ngrams.getInt(8 * mid);
      int c = Integer.compareUnsigned(k, key);
      if (c == 0) {
        return ngrams.getInt(8 * mid + 4);
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -1;
  }

  /** The post holding an identifier with this hash ({@link Identifiers#hash}), or -1. */
  public int findIdentifier(long hash) {
    long lo = 0;
    long hi = identifierCount - 1;
    while (lo <= hi) {
      long mid = (lo + hi) >>> 1;
      long k = identifiers.getLong(12 * mid);
      int c = Long.compareUnsigned(k, hash);
      if (c == 0) {
        return identifiers.getInt(12 * mid + 8);
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -1;
  }

  /** The corpus file a post is in. */
  public String fileOf(int post) {
    return files.get(postFile[post]);
  }

  /** The columns of the CSV or TSV file a post is in, or null. */
  public String[] headerOf(int post) {
    return headers.get(postFile[post]);
  }

  public long offsetOf(int post) {
    return postOffset[post];
  }

  public int lengthOf(int post) {
    return postLength[post];
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** A region of the file, mapped in chunks below 2 GiB. */
  private static final class Region {
    private final MappedByteBuffer[] chunks;

    Region(FileChannel channel, long position, long size) throws IOException {
      int count = (int) ((size + CHUNK - 1) / CHUNK);
      chunks = new MappedByteBuffer[count];
      for (int i = 0; i < count; i++) {
        long from = i * CHUNK;
        MappedByteBuffer b =
            channel.map(
                FileChannel.MapMode.READ_ONLY, position + from, Math.min(CHUNK, size - from));
        b.order(ByteOrder.BIG_ENDIAN);
        chunks[i] = b;
      }
    }

    int getInt(long at) {
      return chunks[(int) (at / CHUNK)].getInt((int) (at % CHUNK));
    }

    long getLong(long at) {
      return chunks[(int) (at / CHUNK)].getLong((int) (at % CHUNK));
    }
  }
}
