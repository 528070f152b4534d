package org.enclave.api.export.check;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * The words of a text as the verbatim check compares them: maximal runs of letters and digits,
 * folded so that case, accents, punctuation and whitespace do not matter ({@code "Don't GIVE-up!"}
 * is {@code dont give up}). An apostrophe between letters joins them ({@code don't} is one word);
 * any other character separates words. Each word keeps where it is in the text, so that a finding
 * can say where the quote starts and ends.
 */
public final class Words {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /** Folded forms of the Latin-1 and Latin Extended-A/B letters: their base letter, lower case. */
  private static final char[] LATIN_FOLD = latinFold();

  /** ASCII letters and digits folded; 0 for every other ASCII character. */
  private static final char[] ASCII_FOLD = asciiFold();

  private static char[] asciiFold() {
    char[] t = new char[0x80];
    for (char c = '0'; c <= '9'; c++) {
      t[c] = c;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      t[c] = c;
      t[c - 32] = c;
    }
    return t;
  }

  private long[] hashes;
  private int[] starts;
  private int[] ends;
  private int size;

  private Words(int capacity) {
    hashes = new long[capacity];
    starts = new int[capacity];
    ends = new int[capacity];
  }

  /** The words of {@code text}. */
  public static Words of(CharSequence text) {
    Words w = new Words(Math.max(16, text.length() / 5));
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c < 0x80) {
        if (ASCII_FOLD[c] == 0) {
          i++;
          continue;
        }
      } else if (!isWordChar(text, i)) {
        i += Character.isHighSurrogate(c) && i + 1 < n ? 2 : 1;
        continue;
      }
      int start = i;
      long h = FNV_OFFSET;
      int end = i;
      while (i < n) {
        char a = text.charAt(i);
        if (a < 0x80) {
          char f = ASCII_FOLD[a];
          if (f != 0) {
            h = (h ^ f) * FNV_PRIME;
            end = ++i;
            continue;
          }
          if (a != '\'' || i + 1 >= n || !isWordChar(text, i + 1)) {
            break;
          }
          i++; // an apostrophe joins the letters on both sides
          continue;
        }
        int cp = Character.codePointAt(text, i);
        int width = Character.charCount(cp);
        if (isWordCodePoint(cp)) {
          int folded = fold(cp);
          if (folded >= 0) {
            h = (h ^ folded) * FNV_PRIME;
          }
          i += width;
          end = i;
        } else if (isApostrophe(cp) && i + width < n && isWordChar(text, i + width)) {
          i += width;
        } else {
          break;
        }
      }
      w.add(mix(h), start, end);
    }
    return w;
  }

  private static boolean isWordChar(CharSequence text, int i) {
    return isWordCodePoint(Character.codePointAt(text, i));
  }

  private static boolean isWordCodePoint(int cp) {
    if (cp < 0x80) {
      return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    }
    if (Character.isLetterOrDigit(cp)) {
      return true;
    }
    // Combining marks belong to the letter before them (and are dropped by fold).
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
  }

  private static boolean isApostrophe(int cp) {
    return cp == '\'' || cp == '\u2019' || cp == '\u02bc';
  }

  /** The folded code point, or -1 for one that adds nothing (a combining mark). */
  static int fold(int cp) {
    if (cp < 0x80) {
      return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    }
    if (cp < 0x250) {
      char f = LATIN_FOLD[cp];
      return f == 0 ? Character.toLowerCase(cp) : f;
    }
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK) {
      return -1;
    }
    return Character.toLowerCase(cp);
  }

  private static char[] latinFold() {
    char[] table = new char[0x250];
    for (int cp = 0x80; cp < 0x250; cp++) {
      if (!Character.isLetter(cp)) {
        continue;
      }
      String base =
          Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD)
              .replaceAll("\\p{M}", "");
      if (base.length() == 1) {
        table[cp] = Character.toLowerCase(base.charAt(0));
      }
    }
    return table;
  }

  /** A 64-bit finalizer (SplitMix64's) that spreads every input bit over the output. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private void add(long hash, int start, int end) {
    if (size == hashes.length) {
      int grown = size * 2;
      hashes = Arrays.copyOf(hashes, grown);
      starts = Arrays.copyOf(starts, grown);
      ends = Arrays.copyOf(ends, grown);
    }
    hashes[size] = hash;
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  public int size() {
    return size;
  }

  /** The folded word's hash. */
  public long hash(int i) {
    return hashes[i];
  }

  /** Where word {@code i} starts in the text (a char index). */
  public int start(int i) {
    return starts[i];
  }

  /** Where word {@code i} ends in the text (exclusive). */
  public int end(int i) {
    return ends[i];
  }

  /** Word {@code i} as it is compared: folded, apostrophes and combining marks dropped. */
  public static String folded(CharSequence text, int start, int end) {
    StringBuilder b = new StringBuilder(end - start);
    int i = start;
    while (i < end) {
      int cp = Character.codePointAt(text, i);
      i += Character.charCount(cp);
      if (isWordCodePoint(cp)) {
        int f = fold(cp);
        if (f >= 0) {
          b.appendCodePoint(f);
        }
      }
    }
    return b.toString();
  }
}
