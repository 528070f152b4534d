package org.enclave.masking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks one text under a {@link MaskingPolicy}: the identifiers with a shape (patterns), the
 * steward's terms, the dataset's users named in the text (replaced by their pseudonyms) and what
 * the named-entity models find. Overlapping findings are masked as one span, as wide as all of
 * them, typed by the strongest rule: nothing of a name is left beside its placeholder.
 */
public final class Masker {
  /** Word-like runs that may be a username: letters, digits, _ . - (trimmed of . and -). */
  private static final Pattern WORD =
      Pattern.compile("[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_.-]*[\\p{L}\\p{N}_])?");

  private final MaskingPolicy policy;
  private final PatternRecognizer patterns = new PatternRecognizer();
  private final Terms always;
  private final List<Recognizer> models;

  /**
   * @param models named-entity recognizers; their spans are dropped where the text is on the
   *     policy's never-masked list
   */
  public Masker(MaskingPolicy policy, List<Recognizer> models) {
    this.policy = policy;
    this.always = new Terms(policy.alwaysMasked());
    this.models = List.copyOf(models);
  }

  /**
   * The masker ingest uses: the name cues and {@code models} (a named-entity worker, or none), each
   * reading the text truecased by {@code truecaser}.
   */
  public static Masker standard(MaskingPolicy policy, Truecaser truecaser, Recognizer... models) {
    List<Recognizer> all = new ArrayList<>();
    all.add(truecaser.before(new NameCues()));
    for (Recognizer model : models) {
      all.add(truecaser.before(model));
    }
    return new Masker(policy, all);
  }

  public MaskingPolicy policy() {
    return policy;
  }

  /**
   * @param users the dataset's usernames in lower case → their pseudonyms; a username in the text,
   *     alone or as @name or u/name, becomes that user's pseudonym
   */
  public Masked mask(String text, Map<String, String> users) {
    List<Span> found = new ArrayList<>();
    for (Span s : patterns.find(text)) {
      Span user = s.type() == EntityType.HANDLE ? handleOfUser(text, s, users) : null;
      found.add(user != null ? user : s);
    }
    found.addAll(usernames(text, users));
    found.addAll(always.find(text));
    for (Recognizer model : models) {
      for (Span s : model.find(text)) {
        String words = Terms.normalize(text.substring(s.start(), s.end()));
        if (!policy.neverMasked().contains(words)) {
          found.add(s);
        }
      }
    }
    found.addAll(propagate(text, found));
    found.removeIf(s -> !policy.masked().contains(s.type()));
    List<Span> merged = merge(found);
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Span s : merged) {
      out.append(text, at, s.start()).append(s.replacement());
      at = s.end();
    }
    out.append(text, at, text.length());
    return new Masked(out.toString(), merged);
  }

  /**
   * Every other occurrence, as a whole word in the same case, of a name, place or organization
   * found once: "Hope" seen as a name after "my friend" is a name in the next sentence too.
   */
  private List<Span> propagate(String text, List<Span> found) {
    List<Span> more = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Span s : found) {
      if (s.type() != EntityType.PERSON
          && s.type() != EntityType.LOCATION
          && s.type() != EntityType.ORGANIZATION) {
        continue;
      }
      String name = text.substring(s.start(), s.end());
      if (name.length() < 2
          || NameCues.isCalendarWord(name)
          || !seen.add(name)
          || policy.neverMasked().contains(Terms.normalize(name))) {
        continue;
      }
      Matcher m =
          Pattern.compile("(?<![\\p{L}\\p{N}_])" + Pattern.quote(name) + "(?![\\p{L}\\p{N}_])")
              .matcher(text);
      while (m.find()) {
        if (m.start() != s.start()) {
          more.add(Span.of(m.start(), m.end(), s.type(), "propagated"));
        }
      }
    }
    return more;
  }

  /** A @name or u/name of a dataset user: the prefix kept, the name replaced by the pseudonym. */
  private static Span handleOfUser(String text, Span handle, Map<String, String> users) {
    String h = text.substring(handle.start(), handle.end());
    int name = h.startsWith("@") ? 1 : h.indexOf("u/") + 2;
    String pseudonym = users.get(h.substring(name).toLowerCase(Locale.ROOT));
    if (pseudonym == null) {
      return null;
    }
    return new Span(
        handle.start(),
        handle.end(),
        EntityType.USERNAME,
        "user:handle",
        h.substring(0, name) + pseudonym);
  }

  private static List<Span> usernames(String text, Map<String, String> users) {
    List<Span> spans = new ArrayList<>();
    if (users.isEmpty()) {
      return spans;
    }
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String pseudonym = users.get(m.group().toLowerCase(Locale.ROOT));
      if (pseudonym != null) {
        spans.add(new Span(m.start(), m.end(), EntityType.USERNAME, "user:name", pseudonym));
      }
    }
    return spans;
  }

  /** Overlapping spans become one, as wide as all, typed and replaced by the strongest. */
  static List<Span> merge(List<Span> spans) {
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingInt(Span::start).thenComparingInt(s -> -s.end()));
    List<Span> out = new ArrayList<>();
    Span current = null;
    for (Span s : sorted) {
      if (current != null && s.start() < current.end()) {
        Span strongest = strength(s) > strength(current) ? s : current;
        current =
            new Span(
                current.start(),
                Math.max(current.end(), s.end()),
                strongest.type(),
                strongest.rule(),
                strongest.replacement());
      } else {
        if (current != null) {
          out.add(current);
        }
        current = s;
      }
    }
    if (current != null) {
      out.add(current);
    }
    return out;
  }

  /**
   * Dataset users first, then shaped identifiers, the steward's terms, the name cues, and last the
   * models and what was propagated from them.
   */
  private static int strength(Span s) {
    String rule = s.rule();
    if (rule.startsWith("user:")) {
      return 100;
    }
    if (rule.startsWith("pattern:")) {
      return switch (s.type()) {
        case EMAIL -> 90;
        case URL -> 85;
        case HANDLE -> 80;
        case ADDRESS -> 75;
        default -> 70;
      };
    }
    if (rule.startsWith("term:")) {
      return 50;
    }
    if (rule.startsWith("cue:")) {
      return 20;
    }
    return 10;
  }
}
