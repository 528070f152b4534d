package org.enclave.masking.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.masking.EntityType;

/**
 * Reads the hand-labelled posts (src/test/resources/eval): a header line {@code ### post <id>
 * user=<id> username=<name> time=<instant>}, an optional {@code title:} line, the body; each span
 * to mask written {@code [[TYPE:text]]}. A malformed file fails with its name and line.
 */
public final class EvaluationSet {
  public static final List<String> FILES =
      List.of("hand-labelled-a.txt", "hand-labelled-b.txt", "hand-labelled-c.txt");

  private static final Pattern HEADER =
      Pattern.compile("### post (\\S+) user=(\\S+) username=(\\S+) time=(\\S+)");
  private static final Pattern MARK = Pattern.compile("\\[\\[([A-Z]+):([^\\[\\]]+)]]");

  private EvaluationSet() {}

  /** Every post of the hand-labelled files. */
  public static List<LabelledPost> handLabelled() {
    List<LabelledPost> posts = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (String file : FILES) {
      for (LabelledPost p : parse(file, resource(file))) {
        if (!ids.add(p.id())) {
          throw new IllegalStateException(file + ": post " + p.id() + " appears twice");
        }
        posts.add(p);
      }
    }
    return posts;
  }

  static List<LabelledPost> parse(String file, String content) {
    List<LabelledPost> posts = new ArrayList<>();
    String[] lines = content.split("\n", -1);
    int i = 0;
    while (i < lines.length) {
      if (lines[i].isBlank()) {
        i++;
        continue;
      }
      Matcher header = HEADER.matcher(lines[i].strip());
      if (!header.matches()) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": expected '### post <id> user=… username=… time=…'");
      }
      int first = ++i;
      StringBuilder raw = new StringBuilder();
      while (i < lines.length && !lines[i].startsWith("### post ")) {
        String line =
            i == first && lines[i].startsWith("title: ") ? lines[i].substring(7) : lines[i];
        raw.append(line).append('\n');
        i++;
      }
      String marked = raw.toString().strip();
      StringBuilder text = new StringBuilder();
      List<LabelledPost.Gold> gold = new ArrayList<>();
      Matcher m = MARK.matcher(marked);
      int at = 0;
      while (m.find()) {
        text.append(marked, at, m.start());
        int start = text.length();
        text.append(m.group(2));
        EntityType type;
        try {
          type = EntityType.parse(m.group(1));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              file + ": post " + header.group(1) + ": " + e.getMessage(), e);
        }
        gold.add(new LabelledPost.Gold(start, text.length(), type));
        at = m.end();
      }
      text.append(marked, at, marked.length());
      if (text.indexOf("[[") >= 0 || text.indexOf("]]") >= 0) {
        throw new IllegalArgumentException(
            file + ": post " + header.group(1) + ": an unclosed or broken [[TYPE:text]] mark");
      }
      posts.add(
          new LabelledPost(
              header.group(1),
              header.group(2),
              header.group(3),
              header.group(4),
              text.toString(),
              gold));
    }
    return posts;
  }

  private static String resource(String file) {
    try (InputStream in = EvaluationSet.class.getResourceAsStream("/eval/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource eval/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
