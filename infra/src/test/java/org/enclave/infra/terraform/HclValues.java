package org.enclave.infra.terraform;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Values of single expressions, through hcl4j. Each expression is parsed alone, so a reference
 * stays a reference ({@link Ref}) instead of becoming the default of a variable declared nearby.
 * hcl4j's shapes: strings, {@code Boolean}, {@code Double}, lists, maps; a reference is a
 * VariableTree (mapped to {@link Ref}); a string template keeps the referenced names in place of
 * their values ({@code "enclave-${var.deployment}"} reads {@code enclave-var.deployment}); a call
 * of a function it does not know or cannot evaluate on unknowns ({@code concat}, {@code
 * templatefile}) is {@code null}; {@code jsonencode} gives the JSON text, with references as
 * objects holding their name (see {@link #json}).
 */
final class HclValues {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HclValues() {}

  /**
   * A reference to something the expression does not define: {@code var.x}, {@code aws_vpc.e.id}.
   */
  record Ref(String name) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Object evaluate(String expression) {
    Map<String, Object> parsed;
    try {
      parsed = new HCLParser().parse("value = " + expression + "\n");
    } catch (HCLParserException | IOException | RuntimeException e) {
      throw new IllegalArgumentException("hcl4j cannot read the expression: " + expression, e);
    }
    return normalize(parsed.get("value"));
  }

  private static Object normalize(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Number) {
      return value;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(normalize(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
      return out;
    }
    // hcl4j's runtime symbols (VariableTree and the like) print as the name they refer to.
    return new Ref(value.toString());
  }

  /** A value as a list of strings: a single value is a list of one, null is empty. */
  static List<String> strings(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return List.of(String.valueOf(value));
  }

  /**
   * The JSON of a {@code jsonencode(...)} expression, with each reference replaced by {@code
   * ${name}}.
   */
  static JsonNode json(String expression) {
    Object value = evaluate(expression);
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException("not a jsonencode() hcl4j can read: " + expression);
    }
    try {
      return unreference(JSON.readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode unreference(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("symbolName") && object.has("name")) {
        return TextNode.valueOf("${" + object.get("name").asText() + "}");
      }
      ObjectNode out = JSON.createObjectNode();
      object.properties().forEach(e -> out.set(e.getKey(), unreference(e.getValue())));
      return out;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode out = JSON.createArrayNode();
      array.forEach(v -> out.add(unreference(v)));
      return out;
    }
    return node;
  }

  /**
   * The arguments of a function call, as source text: {@code templatefile("a", {b = 1})} gives
   * {@code "a"} and {@code {b = 1}}.
   */
  static List<String> arguments(String call) {
    int open = call.indexOf('(');
    if (open < 0 || !call.endsWith(")")) {
      throw new IllegalArgumentException("not a function call: " + call);
    }
    List<String> arguments = new ArrayList<>();
    int depth = 0;
    int start = open + 1;
    boolean quoted = false;
    for (int i = start; i < call.length() - 1; i++) {
      char c = call.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        arguments.add(call.substring(start, i).strip());
        start = i + 1;
      }
    }
    String last = call.substring(start, call.length() - 1).strip();
    if (!last.isEmpty()) {
      arguments.add(last);
    }
    return arguments;
  }

  /**
   * Whether an expression mentions a reference: {@code aws_vpc.edge} in {@code aws_vpc.edge.id}.
   */
  static boolean mentions(String expression, String reference) {
    return Pattern.compile("(?<![\\w.-])" + Pattern.quote(reference) + "(?![\\w-])")
        .matcher(expression)
        .find();
  }
}
