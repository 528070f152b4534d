package org.enclave.api.export.check;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What counts as an identifier of a person or a post: values of identifier fields (user and post
 * ids, authors, user names) and, in any text, URLs, e-mail addresses, {@code @handles} and Reddit
 * {@code u/names}. Both sides fold them the same way: lower case, a URL without its trailing slash,
 * {@code /u/name} as {@code u/name}.
 */
public final class Identifiers {
  /** Shorter values are too common to mean anyone (a post id {@code 7}, a user {@code bob}). */
  public static final int MIN_LENGTH = 4;

  static final Pattern URL = Pattern.compile("(?i)\\bhttps?://[^\\s<>\"'()\\[\\]{}|\\\\^`]+");
  static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  static final Pattern HANDLE = Pattern.compile("(?<![\\w@.])@[A-Za-z0-9_]{3,30}\\b");
  static final Pattern REDDIT_USER = Pattern.compile("(?<![\\w/])/?u/[A-Za-z0-9_-]{3,20}\\b");

  private Identifiers() {}

  /** Whether a field of a post holds an identifier, by its name. */
  public static boolean isIdentifierField(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("id")
        || n.endsWith("_id")
        || n.endsWith("id")
            && n.length() > 2
            && Character.isUpperCase(name.charAt(name.length() - 2))
        || n.equals("author")
        || n.equals("user")
        || n.equals("username")
        || n.equals("user_name")
        || n.equals("screen_name")
        || n.equals("handle")
        || n.equals("pseudonym");
  }

  /** The folded form both the index and the check use, or null when it is too short to count. */
  public static String fold(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.startsWith("/u/")) {
      v = v.substring(1);
    }
    if (v.startsWith("http://") || v.startsWith("https://")) {
      while (v.endsWith("/")) {
        v = v.substring(0, v.length() - 1);
      }
    }
    return v.length() < MIN_LENGTH ? null : v;
  }

  /** A match in a text: where it is and its folded form. */
  public record Match(int start, int end, String folded) {}

  /** URLs, e-mail addresses, handles and u/names in {@code text}, folded. */
  public static void patternsIn(CharSequence text, Consumer<Match> out) {
    // Each pattern only where its mark is: most posts have none, and the scan stays linear.
    String s = text.toString();
    if (s.indexOf("://") >= 0) {
      find(URL, text, out, true);
    }
    if (s.indexOf('@') >= 0) {
      find(EMAIL, text, out, false);
      find(HANDLE, text, out, false);
    }
    if (s.indexOf("u/") >= 0) {
      find(REDDIT_USER, text, out, false);
    }
  }

  /**
   * Everything in {@code text} that could be an identifier: the patterns, then bare tokens of
   * letters, digits, {@code _ . -} with a digit or an underscore ({@code u0042}, {@code
   * throwaway_991}). A user name of letters alone is found only as {@code @name} or {@code u/name}.
   */
  public static void candidatesIn(CharSequence text, Consumer<Match> out) {
    patternsIn(text, out);
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isIdChar(text.charAt(i)) || isInnerOnly(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      boolean idLike = false;
      while (i < n && isIdChar(text.charAt(i))) {
        char c = text.charAt(i);
        idLike |= c == '_' || (c >= '0' && c <= '9');
        i++;
      }
      int end = i;
      while (end > start && isInnerOnly(text.charAt(end - 1))) {
        end--;
      }
      if (idLike && end - start >= MIN_LENGTH) {
        String f = fold(text.subSequence(start, end).toString());
        if (f != null) {
          out.accept(new Match(start, end, f));
        }
      }
    }
  }

  private static boolean isIdChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
  }

  private static boolean isInnerOnly(char c) {
    return c == '.' || c == '-';
  }

  private static void find(Pattern p, CharSequence text, Consumer<Match> out, boolean url) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      int end = m.end();
      if (url) {
        while (end > m.start() && ".,;:!?".indexOf(text.charAt(end - 1)) >= 0) {
          end--;
        }
      }
      String f = fold(text.subSequence(m.start(), end).toString());
      if (f != null) {
        out.accept(new Match(m.start(), end, f));
      }
    }
  }

  /** A 64-bit hash of a folded identifier. */
  public static long hash(String folded) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < folded.length(); i++) {
      h = (h ^ folded.charAt(i)) * 0x100000001b3L;
    }
    return Words.mix(h);
  }
}
