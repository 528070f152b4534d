package org.enclave.infra.terraform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits HCL source into blocks and attributes, keeping every attribute's expression as source
 * text. hcl4j evaluates what it can read (a reference to a variable declared in the same file
 * becomes the variable's default, a conditional on an unknown becomes one of its branches), which
 * would let a policy test pass on a guard that is really a variable: the tests read the structure
 * from here, check guards against the literal source, and ask hcl4j ({@link HclValues}) only for
 * the value of one expression at a time.
 */
final class HclReader {
  private final String file;
  private final String s;
  private int i;

  private HclReader(String file, String source) {
    this.file = file;
    this.s = source;
  }

  /** The top-level blocks of one file; {@code file} names it in error messages. */
  static List<HclBlock> read(String file, String source) {
    HclReader reader = new HclReader(file, source);
    HclBlock root = reader.body(null, List.of(), 0, true);
    return root.blocks();
  }

  private HclBlock body(String type, List<String> labels, int start, boolean topLevel) {
    Map<String, HclBlock.Attribute> attributes = new LinkedHashMap<>();
    List<HclBlock> blocks = new ArrayList<>();
    while (true) {
      skipSpaceAndComments(true);
      if (i >= s.length()) {
        if (!topLevel) {
          throw error(start, "block " + type + " is not closed");
        }
        return new HclBlock(
            type, labels, attributes, blocks, s.substring(start), file, line(start));
      }
      char c = s.charAt(i);
      if (c == '}') {
        if (topLevel) {
          throw error(i, "unexpected }");
        }
        i++;
        return new HclBlock(
            type, labels, attributes, blocks, s.substring(start, i), file, line(start));
      }
      int itemStart = i;
      String name = identifier();
      skipSpaceAndComments(false);
      if (i < s.length() && s.charAt(i) == '=' && !s.startsWith("==", i)) {
        i++;
        String expression = expression();
        if (attributes.put(name, new HclBlock.Attribute(name, expression, line(itemStart)))
            != null) {
          throw error(itemStart, "attribute " + name + " is set twice");
        }
        continue;
      }
      List<String> blockLabels = new ArrayList<>();
      while (i < s.length() && s.charAt(i) != '{') {
        if (s.charAt(i) == '"') {
          int from = i;
          skipString();
          blockLabels.add(s.substring(from + 1, i - 1));
        } else {
          blockLabels.add(identifier());
        }
        skipSpaceAndComments(false);
      }
      if (i >= s.length()) {
        throw error(itemStart, "expected { after " + name);
      }
      i++;
      blocks.add(body(name, List.copyOf(blockLabels), itemStart, false));
    }
  }

  /** An expression up to the end of its line (or the closing brace of a one-line block). */
  private String expression() {
    int from = i;
    int depth = 0;
    int end = -1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (depth == 0 && (c == '\n' || c == '}')) {
        break;
      }
      if (depth == 0 && (c == '#' || s.startsWith("//", i))) {
        end = i;
        skipLineComment();
        break;
      }
      if (s.startsWith("/*", i)) {
        skipBlockComment();
      } else if (c == '"') {
        skipString();
      } else if (s.startsWith("<<", i) && heredocAhead()) {
        skipHeredoc();
        if (depth == 0) {
          break;
        }
      } else {
        if (c == '(' || c == '[' || c == '{') {
          depth++;
        } else if (c == ')' || c == ']' || c == '}') {
          depth--;
        }
        i++;
      }
    }
    if (depth != 0) {
      throw error(from, "unbalanced brackets in expression");
    }
    String text = s.substring(from, end >= 0 ? end : i).strip();
    if (text.isEmpty()) {
      throw error(from, "empty expression");
    }
    return text;
  }

  private boolean heredocAhead() {
    int j = i + 2;
    if (j < s.length() && s.charAt(j) == '-') {
      j++;
    }
    return j < s.length() && Character.isLetter(s.charAt(j));
  }

  private void skipHeredoc() {
    i += 2;
    if (s.charAt(i) == '-') {
      i++;
    }
    int from = i;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    String marker = s.substring(from, i);
    int lineEnd = s.indexOf('\n', i);
    if (lineEnd < 0) {
      throw error(from, "heredoc " + marker + " is not closed");
    }
    i = lineEnd + 1;
    while (i < s.length()) {
      int next = s.indexOf('\n', i);
      int stop = next < 0 ? s.length() : next;
      boolean closing = s.substring(i, stop).strip().equals(marker);
      i = stop;
      if (closing) {
        return;
      }
      i++;
    }
    throw error(from, "heredoc " + marker + " is not closed");
  }

  /** A quoted string, with its template interpolations ({@code ${...}}, {@code %{...}}). */
  private void skipString() {
    int from = i;
    i++;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        i++;
        return;
      } else if (s.startsWith("$${", i) || s.startsWith("%%{", i)) {
        i += 3;
      } else if (s.startsWith("${", i) || s.startsWith("%{", i)) {
        i += 2;
        skipTemplate();
      } else if (c == '\n') {
        throw error(from, "string is not closed on its line");
      } else {
        i++;
      }
    }
    throw error(from, "string is not closed");
  }

  private void skipTemplate() {
    int depth = 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        skipString();
      } else if (c == '{') {
        depth++;
        i++;
      } else if (c == '}') {
        i++;
        if (--depth == 0) {
          return;
        }
      } else {
        i++;
      }
    }
  }

  private String identifier() {
    int from = i;
    while (i < s.length()
        && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-')) {
      i++;
    }
    if (from == i) {
      throw error(i, "expected a name, found '" + s.charAt(i) + "'");
    }
    return s.substring(from, i);
  }

  private void skipSpaceAndComments(boolean newlines) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
        i++;
      } else if (c == '#' || s.startsWith("//", i)) {
        skipLineComment();
      } else if (s.startsWith("/*", i)) {
        skipBlockComment();
      } else {
        return;
      }
    }
  }

  private void skipLineComment() {
    int next = s.indexOf('\n', i);
    i = next < 0 ? s.length() : next;
  }

  private void skipBlockComment() {
    int close = s.indexOf("*/", i + 2);
    if (close < 0) {
      throw error(i, "comment is not closed");
    }
    i = close + 2;
  }

  private int line(int at) {
    int line = 1;
    for (int k = 0; k < at && k < s.length(); k++) {
      if (s.charAt(k) == '\n') {
        line++;
      }
    }
    return line;
  }

  private IllegalArgumentException error(int at, String message) {
    return new IllegalArgumentException(file + ":" + line(at) + ": " + message);
  }
}
