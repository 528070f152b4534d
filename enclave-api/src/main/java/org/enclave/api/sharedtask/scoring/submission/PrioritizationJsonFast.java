package org.enclave.api.sharedtask.scoring.submission;

import java.io.IOException;
import java.io.InputStream;
import org.enclave.api.sharedtask.scoring.io.FastDouble;

/**
 * Reads a part of a JSON submission (made a whole document, see {@link PrioritizationJsonParts})
 * that has nothing to report, byte by byte instead of token by token: ids are matched as bytes,
 * scores parsed in place, nothing is allocated per row. It takes only the plain spelling: ASCII ids
 * without escapes, numbers in JSON's grammar, the keys of the format each once ({@code user_id}
 * first). At the first thing it does not take, or anything there is to report (an unknown, invalid
 * or repeated id, a number that is not finite, a syntax error), it gives up and returns null; the
 * part is then read by the token reader, which reports it. On what it accepts it gives what the
 * token reader gives: the same users and posts seen, the same scores (both parsers round
 * correctly), the same rows and line breaks.
 */
final class PrioritizationJsonFast {

  private static final byte[] USERS = bytes("users");
  private static final byte[] USER_ID = bytes("user_id");
  private static final byte[] POST_ID = bytes("post_id");
  private static final byte[] SCORE = bytes("score");
  private static final byte[] POSTS = bytes("posts");
  private static final int LONGEST_NUMBER = 40;

  private final InputStream in;
  private final PrioritizationGold gold;
  private final SubmissionBuilder out;
  private final ParseLimits limits;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int end;
  private final byte[] text = new byte[Math.max(Ids.MAX_BYTES, LONGEST_NUMBER)];
  private int textLength;
  private long lineBreaks;
  private long rows;
  private int lastUser = -1;
  private int lastPost = -1;

  private PrioritizationJsonFast(
      InputStream in, PrioritizationGold gold, SubmissionBuilder out, ParseLimits limits) {
    this.in = in;
    this.gold = gold;
    this.out = out;
    this.limits = limits;
  }

  /** Thrown to give up: the token reader takes the part. */
  private static final class GiveUp extends Exception {
    GiveUp() {
      super(null, null, false, false);
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();

  /** The part's users and posts and its line breaks, or null when the token reader must read it. */
  static PrioritizationJson.PartOutcome read(
      InputStream document, PrioritizationGold gold, SubmissionBuilder out, ParseLimits limits)
      throws IOException {
    PrioritizationJsonFast r = new PrioritizationJsonFast(document, gold, out, limits);
    try {
      r.document();
      return new PrioritizationJson.PartOutcome(r.rows, r.lineBreaks);
    } catch (GiveUp e) {
      return null;
    }
  }

  private void document() throws IOException, GiveUp {
    expect('{');
    key(USERS);
    expect('[');
    objects(this::user);
    if (rows == 0) {
      throw GIVE_UP; // no users: the document is empty, which is reported
    }
    expect('}');
    if (token() != -1) {
      throw GIVE_UP;
    }
  }

  /** Reads one object of an array, its opening brace read. */
  @FunctionalInterface
  private interface Element {
    void read() throws IOException, GiveUp;
  }

  /** The objects of an array up to its closing bracket, its opening one read. */
  private void objects(Element element) throws IOException, GiveUp {
    int c = token();
    if (c == ']') {
      return;
    }
    while (true) {
      if (c != '{') {
        throw GIVE_UP;
      }
      element.read();
      c = token();
      if (c == ']') {
        return;
      }
      if (c != ',') {
        throw GIVE_UP;
      }
      c = token();
    }
  }

  /** A user object, its opening brace read. */
  private void user() throws IOException, GiveUp {
    count();
    key(USER_ID);
    string();
    int next = lastUser + 1;
    int u =
        next < gold.userCount() && gold.users().equal(next, text, 0, textLength)
            ? next
            : gold.users().find(text, 0, textLength);
    if (u < 0) {
      throw GIVE_UP;
    }
    lastUser = u;
    boolean hasScore = false;
    boolean hasPosts = false;
    double score = 0;
    for (int field = 0; field < 2; field++) {
      expect(',');
      expect('"');
      quoted();
      if (!hasScore && is(SCORE)) {
        hasScore = true;
        expect(':');
        score = number(token());
      } else if (!hasPosts && is(POSTS)) {
        hasPosts = true;
        expect(':');
        expect('[');
        objects(() -> post(u));
      } else {
        throw GIVE_UP;
      }
    }
    expect('}');
    if (!out.claimUser(u)) {
      throw GIVE_UP;
    }
    out.userScore(u, score);
  }

  /** A post object, its opening brace read. */
  private void post(int u) throws IOException, GiveUp {
    count();
    int p = -1;
    boolean hasScore = false;
    double score = 0;
    for (int field = 0; field < 2; field++) {
      if (field == 1) {
        expect(',');
      }
      expect('"');
      quoted();
      if (p < 0 && is(POST_ID)) {
        expect(':');
        string();
        p = gold.findPost(u, lastPost, text, 0, textLength);
        if (p < 0) {
          throw GIVE_UP;
        }
      } else if (!hasScore && is(SCORE)) {
        hasScore = true;
        expect(':');
        score = number(token());
      } else {
        throw GIVE_UP;
      }
    }
    expect('}');
    if (!out.claimPost(p)) {
      throw GIVE_UP;
    }
    lastPost = p;
    out.postScore(p, score);
  }

  private void count() throws GiveUp {
    if (++rows > limits.maxRows()) {
      throw GIVE_UP;
    }
  }

  /** A key: {@code "name"} and its colon. */
  private void key(byte[] name) throws IOException, GiveUp {
    expect('"');
    quoted();
    if (!is(name)) {
      throw GIVE_UP;
    }
    expect(':');
  }

  /** A string value that is a valid id, into {@link #text}. */
  private void string() throws IOException, GiveUp {
    expect('"');
    quoted();
    if (textLength == 0) {
      throw GIVE_UP;
    }
    for (int i = 0; i < textLength; i++) {
      if (text[i] == ' ') {
        throw GIVE_UP; // not a valid id
      }
    }
  }

  /** The rest of a string after its opening quote, into {@link #text}: printable ASCII only. */
  private void quoted() throws IOException, GiveUp {
    textLength = 0;
    while (true) {
      if (pos == end && !fill()) {
        throw GIVE_UP;
      }
      byte[] b = buf;
      int i = pos;
      while (i < end) {
        byte c = b[i++];
        if (c == '"') {
          pos = i;
          return;
        }
        if (c < 0x20 || c == 0x7f || c == '\\' || textLength == Ids.MAX_BYTES) {
          throw GIVE_UP; // escapes, control characters, UTF-8 beyond ASCII, overlong: the tokens'
        }
        text[textLength++] = c;
      }
      pos = i;
    }
  }

  private boolean is(byte[] name) {
    if (textLength != name.length) {
      return false;
    }
    for (int i = 0; i < textLength; i++) {
      if (text[i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A number starting with {@code c}, in JSON's grammar ({@code -? (0 | [1-9] d*) (. d+)? ([eE]
   * [+-]? d+)?}), finite, as the score it is (0 for -0).
   */
  private double number(int c) throws IOException, GiveUp {
    textLength = 0;
    if (!numberByte(c)) {
      throw GIVE_UP;
    }
    text[textLength++] = (byte) c;
    while (true) {
      if (pos == end && !fill()) {
        throw GIVE_UP; // the document ends in a number: unfinished
      }
      byte[] b = buf;
      int i = pos;
      while (i < end && numberByte(b[i])) {
        if (textLength == LONGEST_NUMBER) {
          throw GIVE_UP;
        }
        text[textLength++] = b[i++];
      }
      pos = i;
      if (i < end) {
        break; // the byte after the number, left for the next token
      }
    }
    if (!jsonNumber()) {
      throw GIVE_UP;
    }
    double v = FastDouble.parse(text, 0, textLength);
    if (!Double.isFinite(v)) {
      throw GIVE_UP;
    }
    return v == 0 ? 0.0 : v;
  }

  private static boolean numberByte(int c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
  }

  private boolean jsonNumber() {
    int i = 0;
    int n = textLength;
    if (i < n && text[i] == '-') {
      i++;
    }
    int digits = i;
    while (i < n && text[i] >= '0' && text[i] <= '9') {
      i++;
    }
    if (i == digits || (text[digits] == '0' && i - digits > 1)) {
      return false; // no digit, or a leading zero
    }
    if (i < n && text[i] == '.') {
      int from = ++i;
      while (i < n && text[i] >= '0' && text[i] <= '9') {
        i++;
      }
      if (i == from) {
        return false;
      }
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
      i++;
      if (i < n && (text[i] == '+' || text[i] == '-')) {
        i++;
      }
      int from = i;
      while (i < n && text[i] >= '0' && text[i] <= '9') {
        i++;
      }
      if (i == from) {
        return false;
      }
    }
    return i == n;
  }

  private void expect(int wanted) throws IOException, GiveUp {
    if (token() != wanted) {
      throw GIVE_UP;
    }
  }

  /**
   * The next byte that is not JSON white space, or -1 at the end; counts line breaks as the token
   * reader does (a line feed, a carriage return, the pair as one).
   */
  private int token() throws IOException {
    while (true) {
      int c = read();
      if (c == ' ' || c == '\t') {
        continue;
      }
      if (c == '\n') {
        lineBreaks++;
      } else if (c == '\r') {
        lineBreaks++;
        if (peek() == '\n') {
          pos++;
        }
      } else {
        return c;
      }
    }
  }

  private int read() throws IOException {
    if (pos == end && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  private int peek() throws IOException {
    if (pos == end && !fill()) {
      return -1;
    }
    return buf[pos] & 0xff;
  }

  private boolean fill() throws IOException {
    int n = in.readNBytes(buf, 0, buf.length);
    pos = 0;
    end = Math.max(n, 0);
    return n > 0;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
