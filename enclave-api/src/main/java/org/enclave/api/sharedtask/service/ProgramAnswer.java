package org.enclave.api.sharedtask.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.enclave.api.sharedtask.model.SubmissionModels.FileProblem;
import org.enclave.api.sharedtask.model.SubmissionModels.Occurrence;
import org.enclave.api.sharedtask.scoring.Direction;
import org.enclave.api.sharedtask.scoring.MetricValue;
import org.enclave.api.sharedtask.scoring.Scores;

/**
 * Reads the {@code scores.json} a scoring program writes, strictly (docs/scoring-programs.md).
 * Exactly one of two shapes:
 *
 * <pre>
 * {"scores": {"macro_f1": 0.41, "accuracy": 0.7, "auc": null}}
 * {"rejected": [{"code": "missing-id", "detail": "...", "count": 3,
 *                "occurrences": [{"line": 4, "userId": "u1", "postId": null, "value": "x"}]}]}
 * </pre>
 *
 * A score is a finite number or null (undefined); the task's primary metric must be among them. A
 * rejection refuses the submission whole, as a built-in suite's validation does, and its problems
 * are shown to the team. Anything else is a failure of the program, described for the organizers.
 */
final class ProgramAnswer {
  static final String SUITE = Suites.PROGRAM;
  static final int MAX_METRICS = 200;
  static final int MAX_PROBLEMS = 100;
  static final int MAX_OCCURRENCES = 50;
  static final int MAX_DETAIL = 2000;
  static final int MAX_VALUE = 200;
  static final Pattern METRIC = Pattern.compile("[A-Za-z][A-Za-z0-9_.@:-]{0,99}");
  static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private ProgramAnswer() {}

  /** Thrown for an answer that is not shaped as documented; the message says how. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message);
    }
  }

  /**
   * What {@code bytes} say: scores or a rejection.
   *
   * @throws Malformed when the answer is not one of the two documented shapes
   */
  static Evaluation read(byte[] bytes, String primaryMetric, Direction direction) throws Malformed {
    JsonNode root = parse(bytes);
    if (!root.isObject()) {
      throw new Malformed("scores.json must be a JSON object, not " + kind(root));
    }
    List<String> keys = new ArrayList<>();
    root.fieldNames().forEachRemaining(keys::add);
    if (keys.size() != 1 || !(keys.contains("scores") || keys.contains("rejected"))) {
      throw new Malformed(
          "scores.json must have exactly one member, \"scores\" or \"rejected\"; it has " + keys);
    }
    return keys.contains("scores")
        ? scores(root.get("scores"), primaryMetric, direction)
        : rejected(root.get("rejected"));
  }

  private static JsonNode parse(byte[] bytes) throws Malformed {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new Malformed("scores.json is not UTF-8");
    }
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root == null || root.isMissingNode()) {
        throw new Malformed("scores.json is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new Malformed("scores.json is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new Malformed("scores.json could not be read: " + e.getMessage());
    }
  }

  private static Evaluation scores(JsonNode node, String primaryMetric, Direction direction)
      throws Malformed {
    if (!node.isObject()) {
      throw new Malformed("\"scores\" must be an object of metric names to numbers");
    }
    if (node.isEmpty() || node.size() > MAX_METRICS) {
      throw new Malformed("\"scores\" must name 1 to " + MAX_METRICS + " metrics");
    }
    List<MetricValue> values = new ArrayList<>();
    boolean primarySeen = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (!METRIC.matcher(name).matches()) {
        throw new Malformed(
            "metric name \""
                + shorten(name)
                + "\" must start with a letter and have at most 100 letters, digits or _.@:-");
      }
      JsonNode v = e.getValue();
      double value;
      if (v.isNull()) {
        value = Double.NaN;
      } else if (v.isNumber() && Double.isFinite(v.doubleValue())) {
        value = v.doubleValue();
      } else {
        throw new Malformed(
            "metric " + name + " must be a finite number or null (undefined), not " + kind(v));
      }
      boolean primary = name.equals(primaryMetric);
      primarySeen |= primary;
      values.add(
          new MetricValue(
              name,
              value,
              primary ? direction : null,
              null,
              Double.isNaN(value) ? "undefined, as the scoring program reported" : null));
    }
    if (!primarySeen) {
      throw new Malformed("\"scores\" lacks the task's primary metric " + primaryMetric);
    }
    return new Evaluation.Scored(new Scores(SUITE, values));
  }

  private static Evaluation rejected(JsonNode node) throws Malformed {
    if (!node.isArray() || node.isEmpty() || node.size() > MAX_PROBLEMS) {
      throw new Malformed("\"rejected\" must be an array of 1 to " + MAX_PROBLEMS + " problems");
    }
    List<FileProblem> problems = new ArrayList<>();
    StringBuilder summary = new StringBuilder();
    int i = 0;
    for (JsonNode p : node) {
      String where = "rejected[" + i++ + "]";
      if (!p.isObject()) {
        throw new Malformed(where + " must be an object");
      }
      only(p, where, "code", "detail", "count", "occurrences");
      String code = text(p.get("code"), where + ".code", 64);
      if (code == null || !CODE.matcher(code).matches()) {
        throw new Malformed(
            where + ".code must be 1-64 lower-case letters, digits or '-', like 'missing-id'");
      }
      String detail = text(p.get("detail"), where + ".detail", MAX_DETAIL);
      if (detail == null || detail.isBlank()) {
        throw new Malformed(where + ".detail must say what is wrong and how to fix it");
      }
      List<Occurrence> occurrences = occurrences(p.get("occurrences"), where);
      long count = occurrences.isEmpty() ? 1 : occurrences.size();
      JsonNode c = p.get("count");
      if (c != null && !c.isNull()) {
        if (!c.canConvertToLong() || !c.isIntegralNumber() || c.asLong() < 1) {
          throw new Malformed(where + ".count must be a positive whole number");
        }
        count = c.asLong();
        if (count < occurrences.size()) {
          throw new Malformed(where + ".count is smaller than the occurrences listed");
        }
      }
      problems.add(new FileProblem(code, detail, count, count > occurrences.size(), occurrences));
      if (summary.length() > 0) {
        summary.append("; ");
      }
      summary.append(code).append(" (").append(count).append(')');
    }
    return new Evaluation.Rejected(problems, summary.toString());
  }

  private static List<Occurrence> occurrences(JsonNode node, String where) throws Malformed {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray() || node.size() > MAX_OCCURRENCES) {
      throw new Malformed(
          where + ".occurrences must be an array of at most " + MAX_OCCURRENCES + " objects");
    }
    List<Occurrence> out = new ArrayList<>();
    int i = 0;
    for (JsonNode o : node) {
      String at = where + ".occurrences[" + i++ + "]";
      if (!o.isObject()) {
        throw new Malformed(at + " must be an object");
      }
      only(o, at, "line", "userId", "postId", "value");
      Long line = null;
      JsonNode l = o.get("line");
      if (l != null && !l.isNull()) {
        if (!l.isIntegralNumber() || !l.canConvertToLong() || l.asLong() < 1) {
          throw new Malformed(at + ".line must be a positive whole number");
        }
        line = l.asLong();
      }
      out.add(
          new Occurrence(
              line,
              text(o.get("userId"), at + ".userId", MAX_VALUE),
              text(o.get("postId"), at + ".postId", MAX_VALUE),
              text(o.get("value"), at + ".value", MAX_VALUE)));
    }
    return out;
  }

  private static void only(JsonNode object, String where, String... allowed) throws Malformed {
    List<String> known = List.of(allowed);
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new Malformed(where + " has an unknown member \"" + shorten(name) + "\"; " + known);
      }
    }
  }

  /** A string member (null when absent or null) of at most {@code max} characters. */
  private static String text(JsonNode node, String where, int max) throws Malformed {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new Malformed(where + " must be a string, not " + kind(node));
    }
    String s = node.textValue();
    if (s.length() > max) {
      throw new Malformed(where + " is longer than " + max + " characters");
    }
    return s;
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
