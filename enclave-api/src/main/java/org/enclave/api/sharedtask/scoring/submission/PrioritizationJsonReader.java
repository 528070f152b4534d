package org.enclave.api.sharedtask.scoring.submission;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Walks a prioritization JSON submission token by token ({@link PrioritizationJson}), collecting
 * scores and problems; throws {@link Shape} on anything not shaped as the format says and {@link
 * TooManyRows} past the row limit.
 */
final class PrioritizationJsonReader {

  private final JsonParser json;
  private final PrioritizationGold gold;
  private final SubmissionBuilder out;
  private final ProblemCollector problems;
  private final ParseLimits limits;
  private final long[] rows;
  private int lastUser = -1; // the previous user's index, to try its successor first
  private int lastPost = -1; // the previous post's index, likewise

  PrioritizationJsonReader(
      JsonParser json,
      PrioritizationGold gold,
      SubmissionBuilder out,
      ProblemCollector problems,
      ParseLimits limits,
      long[] rows) {
    this.json = json;
    this.gold = gold;
    this.out = out;
    this.problems = problems;
    this.limits = limits;
    this.rows = rows;
  }

  void document() throws IOException {
    expect(json.nextToken(), JsonToken.START_OBJECT, "the document must be an object");
    boolean users = false;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String key = json.currentName();
      if (!key.equals("users")) {
        throw shape("unexpected key \"" + key + "\" in the document (only \"users\")");
      }
      users = true;
      expect(json.nextToken(), JsonToken.START_ARRAY, "\"users\" must be an array");
      while (json.nextToken() != JsonToken.END_ARRAY) {
        expect(json.currentToken(), JsonToken.START_OBJECT, "each user must be an object");
        user();
      }
    }
    if (!users) {
      throw shape("the document has no \"users\" array");
    }
    if (json.nextToken() != null) {
      throw shape("content after the end of the document");
    }
  }

  private void user() throws IOException {
    long line = line();
    count();
    String userId = null;
    double score = Double.NaN;
    boolean hasScore = false;
    boolean hasPosts = false;
    boolean hasId = false;
    byte[] userBytes = null;
    int u = -1;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String key = json.currentName();
      if (!hasId && !key.equals("user_id")) {
        throw shape("\"user_id\" must be the first key of each user");
      }
      switch (key) {
        case "user_id" -> {
          if (hasId) {
            throw shape("\"user_id\" twice in one user");
          }
          hasId = true;
          userId = string("\"user_id\" must be a string");
          userBytes = userId.getBytes(StandardCharsets.UTF_8);
          if (!Ids.valid(userBytes, 0, userBytes.length)) {
            problems.add(
                ProblemCode.INVALID_ID, "invalid ids: " + Ids.RULE, line(), null, null, userId);
            userId = null;
          }
        }
        case "score" -> {
          if (hasScore) {
            throw shape("\"score\" twice in one user");
          }
          json.nextToken();
          hasScore = true;
          score = number(userId, null);
        }
        case "posts" -> {
          if (hasPosts) {
            throw shape("\"posts\" twice in one user");
          }
          hasPosts = true;
          u = resolveUser(userId, userBytes, line);
          expect(json.nextToken(), JsonToken.START_ARRAY, "\"posts\" must be an array");
          while (json.nextToken() != JsonToken.END_ARRAY) {
            expect(json.currentToken(), JsonToken.START_OBJECT, "each post must be an object");
            post(u, userId);
          }
        }
        default -> throw shape("unexpected key \"" + key + "\" in a user (user_id, score, posts)");
      }
    }
    if (!hasId || !hasScore || !hasPosts) {
      throw shape("each user needs \"user_id\", \"score\" and \"posts\"", line);
    }
    if (u >= 0 && !out.userSeen(u, line) && !Double.isNaN(score)) {
      out.userScore(u, score);
    }
  }

  /** The user's index, -2 for an unknown user (reported), -1 when the id is missing/invalid. */
  private int resolveUser(String userId, byte[] b, long line) throws Shape {
    if (userId == null) {
      return -1;
    }
    int next = lastUser + 1;
    int u =
        next < gold.userCount() && gold.users().equal(next, b, 0, b.length)
            ? next
            : gold.users().find(b, 0, b.length);
    if (u >= 0) {
      lastUser = u;
    }
    if (u < 0) {
      out.unknownUser(line, userId, null);
      return -2;
    }
    return u;
  }

  private void post(int u, String userId) throws IOException {
    long line = line();
    count();
    String postId = null;
    byte[] postBytes = null;
    double score = Double.NaN;
    boolean hasId = false;
    boolean hasScore = false;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String key = json.currentName();
      switch (key) {
        case "post_id" -> {
          if (hasId) {
            throw shape("\"post_id\" twice in one post");
          }
          hasId = true;
          postId = string("\"post_id\" must be a string");
          postBytes = postId.getBytes(StandardCharsets.UTF_8);
          if (!Ids.valid(postBytes, 0, postBytes.length)) {
            problems.add(
                ProblemCode.INVALID_ID, "invalid ids: " + Ids.RULE, line(), userId, null, postId);
            postId = null;
          }
        }
        case "score" -> {
          if (hasScore) {
            throw shape("\"score\" twice in one post");
          }
          json.nextToken();
          hasScore = true;
          score = number(userId, postId);
        }
        default -> throw shape("unexpected key \"" + key + "\" in a post (post_id, score)");
      }
    }
    if (!hasId || !hasScore) {
      throw shape("each post needs \"post_id\" and \"score\"", line);
    }
    if (u < 0 || postId == null) {
      return;
    }
    int p = gold.findPost(u, lastPost, postBytes, 0, postBytes.length);
    if (p < 0) {
      out.unknownPost(line, userId, postId);
      return;
    }
    lastPost = p;
    if (!out.postSeen(p, line, u) && !Double.isNaN(score)) {
      out.postScore(p, score);
    }
  }

  private double number(String userId, String postId) throws IOException {
    JsonToken t = json.currentToken();
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      problems.add(
          ProblemCode.INVALID_SCORE,
          "scores must be JSON numbers",
          line(),
          userId,
          postId,
          json.getText());
      json.skipChildren();
      return Double.NaN;
    }
    double v = json.getDoubleValue();
    if (!Double.isFinite(v)) {
      problems.add(
          ProblemCode.NON_FINITE_SCORE,
          "scores must be finite numbers (NaN and infinity are not scores)",
          line(),
          userId,
          postId,
          json.getText());
      return Double.NaN;
    }
    return v == 0 ? 0.0 : v;
  }

  private String string(String message) throws IOException {
    if (json.nextToken() != JsonToken.VALUE_STRING) {
      throw shape(message);
    }
    return json.getText();
  }

  private void count() throws TooManyRows {
    if (++rows[0] > limits.maxRows()) {
      throw new TooManyRows(line());
    }
  }

  private void expect(JsonToken actual, JsonToken expected, String message) throws Shape {
    if (actual != expected) {
      throw shape(message);
    }
  }

  /** The line of the current token; Jackson's own parsers tell it without building a location. */
  private long line() {
    return json instanceof ParserBase base
        ? base.getTokenLineNr()
        : json.currentTokenLocation().getLineNr();
  }

  private Shape shape(String message) {
    return new Shape(message, line());
  }

  private Shape shape(String message, long line) {
    return new Shape(message, line);
  }

  static final class Shape extends IOException {
    final long line;

    Shape(String message, long line) {
      super(message, null);
      this.line = line;
    }
  }

  static final class TooManyRows extends IOException {
    final long line;

    TooManyRows(long line) {
      super("too many rows", null);
      this.line = line;
    }
  }
}
