package org.enclave.api.export.check;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks one text against one corpus index: every run of at least {@code n} consecutive words that
 * occurs in a post ({@link Finding#VERBATIM}, one finding per maximal run), and every identifier
 * that occurs in the corpus ({@link Finding#IDENTIFIER}). A fingerprint match is reported only once
 * the post it points to is read back and found to hold the same folded words (or the same
 * identifier): the index never reports on a hash alone.
 */
public final class TextCheck {
  private final CorpusIndex index;
  private final CorpusSource source;
  private final CorpusFormat format;
  private final Map<Integer, Confirmed> posts = new HashMap<>();

  /** The words and identifiers of a post read back, for confirmation. */
  private record Confirmed(String postId, List<String> foldedTexts, List<String> identifiers) {}

  public TextCheck(CorpusIndex index, CorpusSource source, CorpusFormat format) {
    this.index = index;
    this.source = source;
    this.format = format;
  }

  public List<Finding> check(String text) throws IOException {
    List<Finding> out = new ArrayList<>();
    int[] lineStarts = lineStarts(text);
    verbatim(text, lineStarts, out);
    identifiers(text, lineStarts, out);
    return out;
  }

  private void verbatim(String text, int[] lineStarts, List<Finding> out) throws IOException {
    Words words = Words.of(text);
    int n = index.n();
    long[] fps = new Ngrams(n).of(words);
    int i = 0;
    while (i < fps.length) {
      int post = index.findNgram(fps[i]);
      if (post < 0 || !holds(post, window(text, words, i, n))) {
        i++;
        continue;
      }
      // Extend the run while the next windows also occur (in this or another post).
      int last = i;
      while (last + 1 < fps.length) {
        int p = index.findNgram(fps[last + 1]);
        if (p < 0 || !holds(p, window(text, words, last + 1, n))) {
          break;
        }
        last++;
      }
      int start = words.start(i);
      int end = words.end(last + n - 1);
      out.add(finding(Finding.VERBATIM, start, end, lineStarts, text.substring(start, end), post));
      i = last + n; // the next finding starts after this run's words
    }
  }

  private void identifiers(String text, int[] lineStarts, List<Finding> out) throws IOException {
    List<Identifiers.Match> candidates = new ArrayList<>();
    Identifiers.candidatesIn(text, candidates::add);
    boolean[] taken = new boolean[text.length() + 1];
    for (Identifiers.Match m : candidates) {
      if (taken[m.start()]) {
        continue;
      }
      int post = index.findIdentifier(Identifiers.hash(m.folded()));
      if (post < 0 || !confirmed(post).identifiers().contains(m.folded())) {
        continue;
      }
      Arrays.fill(taken, m.start(), m.end(), true);
      out.add(
          finding(
              Finding.IDENTIFIER,
              m.start(),
              m.end(),
              lineStarts,
              text.substring(m.start(), m.end()),
              post));
    }
  }

  private Finding finding(
      String rule, int start, int end, int[] lineStarts, String matched, int post)
      throws IOException {
    int line = Arrays.binarySearch(lineStarts, start);
    if (line < 0) {
      line = -line - 2;
    }
    return new Finding(
        rule,
        start,
        end,
        line + 1,
        start - lineStarts[line] + 1,
        matched,
        index.fileOf(post),
        confirmed(post).postId());
  }

  private static String window(String text, Words words, int from, int n) {
    StringBuilder b = new StringBuilder();
    for (int j = from; j < from + n; j++) {
      b.append(j == from ? "" : " ").append(Words.folded(text, words.start(j), words.end(j)));
    }
    return b.toString();
  }

  /** Whether the post holds these folded words, in this order, within one of its texts. */
  private boolean holds(int post, String foldedWindow) throws IOException {
    for (String t : confirmed(post).foldedTexts()) {
      int at = t.indexOf(foldedWindow);
      while (at >= 0) {
        boolean startsWord = at == 0 || t.charAt(at - 1) == ' ';
        int end = at + foldedWindow.length();
        boolean endsWord = end == t.length() || t.charAt(end) == ' ';
        if (startsWord && endsWord) {
          return true;
        }
        at = t.indexOf(foldedWindow, at + 1);
      }
    }
    return false;
  }

  private Confirmed confirmed(int post) throws IOException {
    Confirmed c = posts.get(post);
    if (c != null) {
      return c;
    }
    byte[] bytes;
    try (InputStream in =
        source.open(index.fileOf(post), index.offsetOf(post), index.lengthOf(post))) {
      bytes = in.readNBytes(index.lengthOf(post));
    }
    CorpusFormat f = CorpusFormat.of(index.fileOf(post));
    CorpusDocument d =
        (f == null ? format : f).parse(bytes, bytes.length, 0, index.headerOf(post), 0);
    List<String> folded = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    if (d != null) {
      for (String t : d.texts()) {
        Words w = Words.of(t);
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < w.size(); j++) {
          b.append(j == 0 ? "" : " ").append(Words.folded(t, w.start(j), w.end(j)));
        }
        folded.add(b.toString());
        Identifiers.patternsIn(t, m -> ids.add(m.folded()));
      }
      for (String id : d.identifiers()) {
        String fid = Identifiers.fold(id);
        if (fid != null) {
          ids.add(fid);
        }
      }
    }
    c = new Confirmed(d == null ? "" : d.postId(), folded, ids);
    posts.put(post, c);
    return c;
  }

  private static int[] lineStarts(String text) {
    int[] starts = new int[16];
    int count = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = i + 1;
      }
    }
    return Arrays.copyOf(starts, count);
  }
}
