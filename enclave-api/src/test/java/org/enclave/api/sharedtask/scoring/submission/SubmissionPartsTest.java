package org.enclave.api.sharedtask.scoring.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.enclave.api.sharedtask.scoring.Inputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submission file (TSV or JSON) read in parallel parts gives exactly the result of one pass over
 * its bytes: the same problems, counts, listed occurrences and line numbers, or the same scores.
 * Checked on generated files with every kind of problem injected, cut into many small parts so that
 * part boundaries fall everywhere, and streamed a few bytes at a time so that read boundaries fall
 * inside rows, UTF-8 sequences and CRLF pairs.
 */
class SubmissionPartsTest {

  private static final int USERS = 60;
  private static final String[] BAD_SCORES = {
    "NaN", "inf", "-Infinity", "1e999", "abc", "", "1,5", " 1", "0x1", "1.5f"
  };

  @TempDir Path dir;

  private final PrioritizationGold gold = gold();

  /**
   * Users u0.., each with 0 to 6 posts; the first users' ids go beyond ASCII (which JSON's byte
   * reader leaves to the token reader: only the part that holds them is read by tokens).
   */
  private static PrioritizationGold gold() {
    StringBuilder g = new StringBuilder();
    for (int u = 0; u < USERS; u++) {
      g.append("user\t").append(userId(u)).append('\t').append(u % 4).append('\n');
      for (int p = 0; p < u % 7; p++) {
        g.append("post\t").append(userId(u)).append('\t').append(postId(u, p));
        g.append('\t').append(10 + p).append('\t').append(p % 3 == 0 ? "0.5" : "0").append('\n');
      }
    }
    return PrioritizationTsv.readGold(Inputs.text(g.toString()), ParseLimits.DEFAULT).value();
  }

  private static String userId(int u) {
    return u < 3 ? "zoë-" + u : "u" + u;
  }

  private static String postId(int u, int p) {
    return u < 3 && p == 0 ? "пост" + p : "p" + p;
  }

  @Test
  void partsGiveTheReportOfOnePassOnFilesWithInjectedProblems() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 300; round++) {
      double problemRate = round % 3 == 0 ? 0 : 0.02 + random.nextDouble() * 0.1;
      byte[] file = submission(random, problemRate);
      ParseLimits limits = limits(random, file.length);
      assertSameAsOnePass(file, limits, 2 + random.nextInt(30), "round " + round);
    }
  }

  @Test
  void cleanFilesAreAcceptedWithTheSameScores() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 30; round++) {
      byte[] file = submission(random, 0);
      ParseResult<PrioritizationSubmission> parts = readInParts(file, ParseLimits.DEFAULT, 9);
      assertThat(parts.report().problems()).as("round %d", round).isEmpty();
      assertSameAsOnePass(file, ParseLimits.DEFAULT, 9, "round " + round);
    }
  }

  @Test
  void aFileSmallerThanAPartOrWithOneLineIsReadWhole() throws IOException {
    byte[] one = "user\tu1\t0.5".getBytes(StandardCharsets.UTF_8);
    assertSameAsOnePass(one, ParseLimits.DEFAULT, 8, "one line");
    assertSameAsOnePass(new byte[0], ParseLimits.DEFAULT, 8, "empty");
    assertSameAsOnePass("\n\n\n".getBytes(StandardCharsets.UTF_8), ParseLimits.DEFAULT, 3, "blank");
  }

  @Test
  void aHeaderAfterBlankLinesIsStillTheHeader() throws IOException {
    // The first part has no row; the header is in the second: read again in one pass.
    byte[] file =
        ("\n".repeat(40) + PrioritizationTsv.SUBMISSION_HEADER + "\nuser\tu1\t1\n")
            .getBytes(StandardCharsets.UTF_8);
    ParseResult<PrioritizationSubmission> r = readInParts(file, ParseLimits.DEFAULT, 4);
    assertThat(r.report().problem(ProblemCode.BAD_HEADER)).isEmpty();
    assertThat(r.report().problem(ProblemCode.UNKNOWN_ROW_KIND)).isEmpty();
    assertSameAsOnePass(file, ParseLimits.DEFAULT, 4, "header after blank lines");
  }

  @Test
  void aDuplicateAcrossPartsIsReportedAtItsSecondRow() throws IOException {
    StringBuilder s = new StringBuilder();
    for (int u = 0; u < USERS; u++) {
      s.append("user\t").append(userId(u)).append("\t0.5\n");
    }
    s.append("user\tu10\t0.7\n");
    byte[] file = s.toString().getBytes(StandardCharsets.UTF_8);
    Problem dup =
        readInParts(file, ParseLimits.DEFAULT, 5)
            .report()
            .problem(ProblemCode.DUPLICATE_ID)
            .orElseThrow();
    assertThat(dup.occurrences()).extracting(Problem.Occurrence::line).containsExactly(61L);
    assertSameAsOnePass(file, ParseLimits.DEFAULT, 5, "duplicate across parts");
  }

  @Test
  void jsonPartsGiveTheReportOfOnePassOnDocumentsWithInjectedProblems() throws IOException {
    SplittableRandom random = new SplittableRandom(13);
    for (int round = 0; round < 300; round++) {
      double problemRate = round % 3 == 0 ? 0 : 0.02 + random.nextDouble() * 0.1;
      byte[] file = json(random, problemRate);
      ParseLimits limits = limits(random, file.length);
      int parts = 2 + random.nextInt(30);
      ParseResult<PrioritizationSubmission> whole =
          PrioritizationJson.readSubmission(new ByteArrayInputStream(file), gold, limits);
      Path p = Files.write(dir.resolve("submission.json"), file);
      assertSame(PrioritizationJsonParts.read(p, gold, limits, parts), whole, "round " + round);
      if (problemRate == 0 && limits.equals(ParseLimits.DEFAULT)) {
        assertThat(whole.report().problems()).as("round %d", round).isEmpty();
      }
    }
  }

  @Test
  void jsonPartsReadByteByByteCountLinesAndSpellNumbersAsTheTokenReader() throws IOException {
    String[] numbers = {
      ".5", "5.", "+1", "01", "-01", "1e", "1e+", "-", "1.5e+3", "-0", "0e0", "1E400", "0.1", "-.5"
    };
    String[] breaks = {"\r", "\r\n", "\n", "\n\r"};
    for (String number : numbers) {
      for (String lineBreak : breaks) {
        StringBuilder doc = new StringBuilder("{\"users\": [");
        for (int u = 0; u < USERS; u++) {
          doc.append(u == 0 ? lineBreak : "," + lineBreak);
          String score = u == USERS / 2 ? number : "0.5";
          String id = u == USERS - 1 ? "nobody" : userId(u); // a problem in the last part only
          doc.append("{\"user_id\": \"").append(id).append("\", \"score\": ").append(score);
          doc.append(", \"posts\": [");
          for (int p = 0; p < u % 7; p++) {
            doc.append(p == 0 ? "" : ",").append(lineBreak);
            doc.append("{\"post_id\": \"").append(postId(u, p)).append("\", \"score\": 1}");
          }
          doc.append("]}");
        }
        byte[] file = doc.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        ParseResult<PrioritizationSubmission> whole =
            PrioritizationJson.readSubmission(
                new ByteArrayInputStream(file), gold, ParseLimits.DEFAULT);
        Path p = Files.write(dir.resolve("submission.json"), file);
        for (int parts = 2; parts < 12; parts += 3) {
          assertSame(
              PrioritizationJsonParts.read(p, gold, ParseLimits.DEFAULT, parts),
              whole,
              number + " " + lineBreak.replace("\r", "CR").replace("\n", "LF") + " " + parts);
        }
      }
    }
  }

  private void assertSameAsOnePass(byte[] file, ParseLimits limits, int parts, String what)
      throws IOException {
    ParseResult<PrioritizationSubmission> whole =
        readOnePass(new ByteArrayInputStream(file), limits);
    ParseResult<PrioritizationSubmission> inParts = readInParts(file, limits, parts);
    assertSame(inParts, whole, what + ", " + parts + " parts");
    if (file.length <= limits.maxBytes()) {
      // Where reading stops at the byte limit depends on how much each read returns.
      assertSame(readOnePass(new Trickle(file, 3), limits), whole, what + ", trickled");
    }
  }

  private static void assertSame(
      ParseResult<PrioritizationSubmission> actual,
      ParseResult<PrioritizationSubmission> expected,
      String what) {
    assertThat(actual.report()).as(what).isEqualTo(expected.report());
    if (expected.accepted()) {
      PrioritizationSubmission a = actual.value();
      PrioritizationSubmission e = expected.value();
      assertThat(a.userScores()).as(what).isEqualTo(e.userScores());
      for (int p = 0; p < e.postScores().size(); p++) {
        assertThat(a.postScores().get(p)).as(what).isEqualTo(e.postScores().get(p));
      }
    }
  }

  private ParseResult<PrioritizationSubmission> readOnePass(InputStream in, ParseLimits limits) {
    return PrioritizationTsv.readSubmission(in, gold, limits);
  }

  private ParseResult<PrioritizationSubmission> readInParts(
      byte[] file, ParseLimits limits, int parts) throws IOException {
    Path p = Files.write(dir.resolve("submission.tsv"), file);
    return PrioritizationTsvSubmission.read(p, gold, limits, parts);
  }

  /** Mostly generous limits; sometimes few listed occurrences, few rows or few bytes. */
  private static ParseLimits limits(SplittableRandom random, int size) {
    int listed = new int[] {1, 2, 5, 100}[random.nextInt(4)];
    long rows = random.nextInt(8) == 0 ? 5 + random.nextInt(100) : 1_000_000;
    long bytes = random.nextInt(10) == 0 ? 1 + random.nextInt(Math.max(1, size)) : 1L << 30;
    return new ParseLimits(bytes, rows, listed);
  }

  /**
   * Every gold user and post in a shuffled order with user rows among their posts, then, at the
   * given rate per row, problems: bad scores, unknown, invalid and duplicate ids, wrong columns,
   * unknown kinds, blank lines, CRLF line ends, invalid UTF-8, a NUL byte, a missing row; sometimes
   * a header (right or wrong), a byte order mark, no final line break.
   */
  private static byte[] submission(SplittableRandom random, double rate) {
    List<String> rows = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      rows.add("user\t" + userId(u) + "\t" + score(random));
      for (int p = 0; p < u % 7; p++) {
        rows.add("post\t" + userId(u) + "\t" + postId(u, p) + "\t" + score(random));
      }
    }
    for (int i = rows.size() - 1; i > 0; i--) {
      if (random.nextInt(3) == 0) {
        int j = random.nextInt(i + 1);
        String t = rows.get(i);
        rows.set(i, rows.get(j));
        rows.set(j, t);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int start = random.nextInt(8);
    if (start == 0) {
      out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    if (start <= 2) {
      write(out, PrioritizationTsv.SUBMISSION_HEADER + "\n");
    } else if (start == 3 && rate > 0) {
      write(out, "kind\tuser\tpost\tscore\n");
    }
    for (int i = 0; i < rows.size(); i++) {
      String row = rows.get(i);
      String end = "\n";
      if (random.nextDouble() < rate) {
        switch (random.nextInt(14)) {
          case 0 -> row = row.substring(0, row.lastIndexOf('\t') + 1) + pick(random, BAD_SCORES);
          case 1 -> row = row.replace("\tu", "\tx");
          case 2 -> row = row.replace("\tp", "\tq");
          case 3 -> rows.add(random.nextInt(rows.size()), row); // a duplicate, maybe far away
          case 4 -> row = row.substring(0, row.lastIndexOf('\t'));
          case 5 -> row = row + "\textra";
          case 6 -> row = "comment" + row.substring(4);
          case 7 -> write(out, "\n");
          case 8 -> end = "\r\n";
          case 9 -> row = row.replace("\tu", "\tu ");
          case 10 -> {
            write(out, row.substring(0, 6));
            out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
            row = row.substring(6);
          }
          case 11 -> row = random.nextInt(20) == 0 ? row.replace('\t', '\0') : row;
          case 12 -> row = null; // missing
          default -> end = "\r\n";
        }
      }
      if (row != null) {
        write(out, row);
        if (i < rows.size() - 1 || random.nextInt(4) != 0) {
          write(out, end);
        }
      }
    }
    return out.toByteArray();
  }

  /**
   * Every gold user and post as a JSON document, users and posts in a shuffled order, with varied
   * spacing and line ends; then, at the given rate per object, problems: bad or non-finite scores,
   * unknown, invalid and duplicate ids, missing objects, ids holding {@code {"user_id"}, and rarely a
   * syntax error or a key that does not belong (which a cut may fall at).
   */
  private static byte[] json(SplittableRandom random, double rate) {
    boolean broken = random.nextInt(4) == 0; // a syntax error or a wrong key may come
    List<String> users = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      List<String> posts = new ArrayList<>();
      for (int p = 0; p < u % 7; p++) {
        posts.add(jsonPost(random, rate, postId(u, p)));
      }
      if (!posts.isEmpty() && random.nextDouble() < rate) {
        posts.add(posts.get(random.nextInt(posts.size()))); // a post twice
      }
      String id = userId(u);
      String score = score(random);
      if (random.nextDouble() < rate) {
        int kind = random.nextInt(8);
        switch (kind >= 6 && !broken ? 5 : kind) {
          case 0 -> id = "x" + u;
          case 1 -> id = "u " + u;
          case 2 -> id = "{\\\"user_id\\\"";
          case 3 -> score = pick(random, new String[] {"NaN", "\"high\"", "Infinity", "1e999"});
          case 4 -> users.add(users.isEmpty() ? "{}" : users.get(random.nextInt(users.size())));
          case 5 -> {
            continue; // a missing user
          }
          case 6 -> posts.add("{\"user_id\": \"u1\", \"score\": 1}"); // not a post's key
          default -> score = score + ",,";
        }
      }
      String sep = pick(random, new String[] {"", " ", "\n", "\r\n", "\r", "\n  "});
      users.add(
          "{\"user_id\":"
              + sep
              + "\""
              + id
              + "\", \"score\": "
              + score
              + ","
              + sep
              + "\"posts\": ["
              + String.join("," + sep, posts)
              + "]}");
    }
    for (int i = users.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String t = users.get(i);
      users.set(i, users.get(j));
      users.set(j, t);
    }
    String between = pick(random, new String[] {",", ",\n", ", ", ",\r\n", "\n,\n  "});
    String doc = "{\"users\": [" + String.join(between, users) + "]}\n";
    return doc.getBytes(StandardCharsets.UTF_8);
  }

  private static String jsonPost(SplittableRandom random, double rate, String id) {
    String score = score(random);
    if (random.nextDouble() < rate) {
      switch (random.nextInt(4)) {
        case 0 -> id = "q" + id;
        case 1 -> id = id + " ";
        case 2 -> score = "\"0.5\"";
        default -> score = "-NaN";
      }
    }
    return random.nextBoolean()
        ? "{\"post_id\": \"" + id + "\", \"score\": " + score + "}"
        : "{\"score\": " + score + ", \"post_id\": \"" + id + "\"}";
  }

  private static String score(SplittableRandom random) {
    return switch (random.nextInt(4)) {
      case 0 -> Integer.toString(random.nextInt(100) - 50);
      case 1 -> String.format(Locale.ROOT, "%.9f", random.nextDouble());
      case 2 -> random.nextInt(1000) + "e-" + random.nextInt(30);
      default -> Double.toString(random.nextGaussian());
    };
  }

  private static String pick(SplittableRandom random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A stream that returns at most {@code most} bytes per read, to cut reads anywhere. */
  private static final class Trickle extends ByteArrayInputStream {
    private final int most;

    Trickle(byte[] bytes, int most) {
      super(bytes);
      this.most = most;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, 1 + (pos % most)));
    }
  }
}
