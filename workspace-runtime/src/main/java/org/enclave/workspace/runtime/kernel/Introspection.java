package org.enclave.workspace.runtime.kernel;

import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Completion and inspection from what the cells have defined: the names in the bindings, the
 * language's keywords, and the public methods and fields of a bound value's class (followed through
 * {@code a.b().c} by declared return types).
 */
final class Introspection {
  /** Values longer than this are cut in an inspection. */
  static final int MAX_VALUE_CHARS = 500;

  private final Map<String, Object> bindings;
  private final List<String> keywords;

  Introspection(Map<String, Object> bindings, List<String> keywords) {
    this.bindings = bindings;
    this.keywords = keywords;
  }

  /** Replacements for the word before {@code cursor}; none if nothing is known about it. */
  ReplacementOptions complete(String code, int cursor) {
    int at = Math.max(0, Math.min(cursor, code.length()));
    int start = at;
    while (start > 0 && isWordChar(code.charAt(start - 1))) {
      start--;
    }
    String word = code.substring(start, at);
    TreeSet<String> found = new TreeSet<>();
    if (start > 0 && code.charAt(start - 1) == '.') {
      Class<?> owner = typeOf(chainBefore(code, start - 1));
      if (owner != null) {
        for (Method m : owner.getMethods()) {
          if (!Modifier.isStatic(m.getModifiers())
              && m.getName().startsWith(word)
              && !m.isSynthetic()) {
            found.add(m.getName() + (m.getParameterCount() == 0 ? "()" : "("));
          }
        }
        for (Field f : owner.getFields()) {
          if (f.getName().startsWith(word)) {
            found.add(f.getName());
          }
        }
      }
    } else {
      for (String name : bindings.keySet()) {
        if (name.startsWith(word) && isIdentifier(name)) {
          found.add(name);
        }
      }
      for (String k : keywords) {
        if (k.startsWith(word)) {
          found.add(k);
        }
      }
    }
    found.removeIf(s -> s.equals(word));
    return new ReplacementOptions(new ArrayList<>(found), start, at);
  }

  /** What is known of the name or member under {@code cursor}, or {@code null}. */
  DisplayData inspect(String code, int cursor, boolean detail) {
    int at = Math.max(0, Math.min(cursor, code.length()));
    int start = at;
    while (start > 0 && isWordChar(code.charAt(start - 1))) {
      start--;
    }
    int end = at;
    while (end < code.length() && isWordChar(code.charAt(end))) {
      end++;
    }
    if (start == end) {
      return null;
    }
    String word = code.substring(start, end);
    if (start > 0 && code.charAt(start - 1) == '.') {
      Class<?> owner = typeOf(chainBefore(code, start - 1));
      if (owner == null) {
        return null;
      }
      List<String> signatures =
          Arrays.stream(owner.getMethods())
              .filter(m -> m.getName().equals(word))
              .map(Introspection::signature)
              .sorted()
              .distinct()
              .toList();
      if (signatures.isEmpty()) {
        return null;
      }
      return new DisplayData(
          owner.getSimpleName() + "." + word + ":\n  " + String.join("\n  ", signatures));
    }
    if (!bindings.containsKey(word)) {
      return null;
    }
    Object value = bindings.get(word);
    StringBuilder t = new StringBuilder(word);
    t.append(": ").append(value == null ? "null" : value.getClass().getName());
    String shown = String.valueOf(value);
    if (shown.length() > MAX_VALUE_CHARS) {
      shown = shown.substring(0, MAX_VALUE_CHARS) + "...";
    }
    t.append("\n").append(shown);
    if (detail && value != null) {
      t.append("\n\nmethods:\n  ")
          .append(
              Arrays.stream(value.getClass().getMethods())
                  .filter(m -> m.getDeclaringClass() != Object.class)
                  .sorted(Comparator.comparing(Method::getName))
                  .map(Introspection::signature)
                  .distinct()
                  .collect(Collectors.joining("\n  ")));
    }
    return new DisplayData(t.toString());
  }

  /** The expression chain ending just before {@code dot}, e.g. {@code enclave.datasets()}. */
  private static String chainBefore(String code, int dot) {
    int i = dot;
    int depth = 0;
    while (i > 0) {
      char c = code.charAt(i - 1);
      if (c == ')') {
        depth++;
      } else if (c == '(') {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (depth == 0 && !(isWordChar(c) || c == '.')) {
        break;
      }
      i--;
    }
    return code.substring(i, dot);
  }

  /** The class of a chain {@code name(.member | .method(...))*}, or {@code null}. */
  private Class<?> typeOf(String chain) {
    String[] parts = chain.replaceAll("\\([^()]*\\)", "()").split("\\.");
    if (parts.length == 0 || !bindings.containsKey(parts[0]) || bindings.get(parts[0]) == null) {
      return null;
    }
    Class<?> type = bindings.get(parts[0]).getClass();
    for (int i = 1; i < parts.length && type != null; i++) {
      type = member(type, parts[i]);
    }
    return type;
  }

  private static Class<?> member(Class<?> type, String part) {
    if (part.endsWith("()")) {
      String name = part.substring(0, part.length() - 2);
      return Arrays.stream(type.getMethods())
          .filter(m -> m.getName().equals(name))
          .min(Comparator.comparingInt(Method::getParameterCount))
          .map(Method::getReturnType)
          .orElse(null);
    }
    try {
      return type.getField(part).getType();
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static String signature(Method m) {
    String params =
        Arrays.stream(m.getParameters())
            .map(p -> p.getType().getSimpleName() + " " + p.getName())
            .collect(Collectors.joining(", "));
    return m.getReturnType().getSimpleName() + " " + m.getName() + "(" + params + ")";
  }

  private static boolean isWordChar(char c) {
    return Character.isJavaIdentifierPart(c) && c != '\u0000';
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
      return false;
    }
    return s.chars().allMatch(c -> Character.isJavaIdentifierPart(c));
  }
}
