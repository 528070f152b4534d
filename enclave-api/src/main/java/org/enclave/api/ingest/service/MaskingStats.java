package org.enclave.api.ingest.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.enclave.masking.Span;

/**
 * What a job masked so far, saved with each checkpoint: counts by entity type and by rule, the most
 * frequent masked strings (bounded: the space-saving algorithm keeps {@link #CAPACITY} candidates,
 * so a count may be over by at most the smallest kept count), and a fixed-size sample of posts
 * before and after masking. The sample keeps the rows with the smallest keyed hash of (job, row),
 * so it is uniform, the same after a resume, and needs no random state.
 *
 * <p>Jackson reads and writes it through its public fields.
 */
public final class MaskingStats {
  static final int CAPACITY = 1000;

  /** A masked string: its type, lower-cased text and (approximate) count. */
  public static final class Candidate {
    public String type;
    public String text;
    public long count;
  }

  /** A sampled post. {@code before} is emptied when the raw file is deleted. */
  public static final class Sampled {
    public long key;
    public long row;
    public Map<String, String> before;
    public Map<String, String> after;
  }

  public long rows;
  public long spans;
  public Map<String, Long> byType = new TreeMap<>();
  public Map<String, Long> byRule = new TreeMap<>();
  public List<Candidate> frequent = new ArrayList<>();
  public List<Sampled> sample = new ArrayList<>();
  public boolean rawDeleted;

  private transient Map<String, Candidate> index;

  /** Counts the spans of one masked field whose original text was {@code text}. */
  void count(String text, List<Span> found) {
    for (Span s : found) {
      spans++;
      byType.merge(s.type().name(), 1L, Long::sum);
      byRule.merge(s.rule(), 1L, Long::sum);
      remember(s.type().name(), text.substring(s.start(), s.end()));
    }
  }

  private void remember(String type, String original) {
    String text = original.strip().toLowerCase(Locale.ROOT);
    if (text.length() > 200) {
      text = text.substring(0, 200);
    }
    Map<String, Candidate> idx = index();
    String key = type + '\0' + text;
    Candidate c = idx.get(key);
    if (c != null) {
      c.count++;
      return;
    }
    if (frequent.size() < CAPACITY) {
      c = new Candidate();
      c.type = type;
      c.text = text;
      c.count = 1;
      frequent.add(c);
      idx.put(key, c);
      return;
    }
    Candidate least = frequent.get(0);
    for (Candidate f : frequent) {
      if (f.count < least.count) {
        least = f;
      }
    }
    idx.remove(least.type + '\0' + least.text);
    least.type = type;
    least.text = text;
    least.count++;
    idx.put(key, least);
  }

  private Map<String, Candidate> index() {
    if (index == null) {
      index = new HashMap<>();
      for (Candidate c : frequent) {
        index.put(c.type + '\0' + c.text, c);
      }
    }
    return index;
  }

  /** The {@code n} most frequent masked strings, most frequent first. */
  List<Candidate> top(int n) {
    return frequent.stream()
        .sorted(Comparator.comparingLong((Candidate c) -> -c.count).thenComparing(c -> c.text))
        .limit(n)
        .toList();
  }

  /** Offers a post to the sample of size {@code size}. */
  void offer(
      UUID jobId,
      long row,
      int size,
      java.util.function.Supplier<Map<String, String>> before,
      java.util.function.Supplier<Map<String, String>> after) {
    long key = sampleKey(jobId, row);
    if (sample.size() >= size) {
      Sampled largest = sample.get(sample.size() - 1);
      if (key >= largest.key) {
        return;
      }
      sample.remove(sample.size() - 1);
    }
    Sampled s = new Sampled();
    s.key = key;
    s.row = row;
    s.before = before.get();
    s.after = after.get();
    int at = 0;
    while (at < sample.size() && sample.get(at).key < key) {
      at++;
    }
    sample.add(at, s);
  }

  /** Whether {@link #offer} would keep this row: to skip building what it would drop. */
  boolean wouldSample(UUID jobId, long row, int size) {
    return sample.size() < size || sampleKey(jobId, row) < sample.get(sample.size() - 1).key;
  }

  static long sampleKey(UUID jobId, long row) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((jobId + "/" + row).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(sha.digest()).getLong() >>> 1;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Forgets the raw text of the sample, when the raw file is deleted. */
  void forgetRaw() {
    for (Sampled s : sample) {
      s.before = Map.of();
    }
    rawDeleted = true;
  }
}
