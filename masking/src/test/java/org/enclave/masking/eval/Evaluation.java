package org.enclave.masking.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.enclave.masking.EntityType;
import org.enclave.masking.Masked;
import org.enclave.masking.Masker;
import org.enclave.masking.Pseudonyms;
import org.enclave.masking.Span;

/**
 * Recall and precision of a {@link Masker} on labelled posts, per entity type. A marked span is
 * found when every letter and digit of it is masked, by any rule and as any type: what matters is
 * that nothing of it is left to read. A masked span is right when it overlaps a marked one.
 */
public final class Evaluation {
  /** Counts for one type: marked spans found of all marked, masked spans right of all masked. */
  public record Score(int found, int marked, int right, int masked) {
    public double recall() {
      return marked == 0 ? Double.NaN : found / (double) marked;
    }

    public double precision() {
      return masked == 0 ? Double.NaN : right / (double) masked;
    }
  }

  /** A marked span left readable: the post, the text and its type. */
  public record Miss(String post, String text, EntityType type) {}

  private final Map<EntityType, int[]> counts = new EnumMap<>(EntityType.class);
  private final List<Miss> misses = new ArrayList<>();
  private final List<Miss> wrong = new ArrayList<>();

  /** Masks every post, with the set's usernames as the dataset's users, and scores it. */
  public static Evaluation of(Masker masker, List<LabelledPost> posts) {
    Pseudonyms pseudonyms = new Pseudonyms(Pseudonyms.hmacSha256(new byte[32]));
    Map<String, String> users = new HashMap<>();
    for (LabelledPost p : posts) {
      users.put(p.username().toLowerCase(Locale.ROOT), pseudonyms.user(p.userId()));
    }
    Evaluation e = new Evaluation();
    for (LabelledPost p : posts) {
      e.score(p, masker.mask(p.text(), users));
    }
    return e;
  }

  private void score(LabelledPost post, Masked masked) {
    String text = post.text();
    boolean[] covered = new boolean[text.length()];
    for (Span s : masked.spans()) {
      for (int i = s.start(); i < s.end(); i++) {
        covered[i] = true;
      }
    }
    for (LabelledPost.Gold g : post.gold()) {
      int[] c = counts.computeIfAbsent(g.type(), t -> new int[4]);
      c[1]++;
      boolean found = true;
      for (int i = g.start(); i < g.end(); i++) {
        if (!covered[i] && Character.isLetterOrDigit(text.charAt(i))) {
          found = false;
        }
      }
      if (found) {
        c[0]++;
      } else {
        misses.add(new Miss(post.id(), text.substring(g.start(), g.end()), g.type()));
      }
    }
    for (Span s : masked.spans()) {
      int[] c = counts.computeIfAbsent(s.type(), t -> new int[4]);
      c[3]++;
      boolean right = false;
      for (LabelledPost.Gold g : post.gold()) {
        right |= s.start() < g.end() && g.start() < s.end();
      }
      if (right) {
        c[2]++;
      } else {
        wrong.add(new Miss(post.id(), text.substring(s.start(), s.end()), s.type()));
      }
    }
  }

  public Score score(EntityType type) {
    int[] c = counts.getOrDefault(type, new int[4]);
    return new Score(c[0], c[1], c[2], c[3]);
  }

  /** Every type together. */
  public Score overall() {
    int[] t = new int[4];
    counts
        .values()
        .forEach(
            c -> {
              for (int i = 0; i < 4; i++) {
                t[i] += c[i];
              }
            });
    return new Score(t[0], t[1], t[2], t[3]);
  }

  public List<Miss> misses() {
    return List.copyOf(misses);
  }

  /** Masked spans that overlap nothing marked. */
  public List<Miss> wrong() {
    return List.copyOf(wrong);
  }

  /** A Markdown table: type, marked, found, recall, masked, right, precision. */
  public String table() {
    StringBuilder out =
        new StringBuilder(
            "| type | marked | found | recall | masked | right | precision |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
    for (EntityType type : EntityType.values()) {
      Score s = score(type);
      if (s.marked() + s.masked() > 0) {
        out.append(row(type.name(), s));
      }
    }
    out.append(row("all", overall()));
    return out.toString();
  }

  private static String row(String name, Score s) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %.3f | %d | %d | %.3f |%n",
        name,
        s.marked(),
        s.found(),
        s.recall(),
        s.masked(),
        s.right(),
        s.precision());
  }
}
