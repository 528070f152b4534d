package org.enclave.workspace.runtime.kernel;

import groovy.lang.GroovyClassLoader;
import groovy.transform.ThreadInterrupt;
import java.util.List;
import java.util.TreeSet;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.jsr223.GroovyScriptEngineImpl;

/** Finds a JSR-223 engine by name and prepares it for cells. */
final class Engines {
  static final String DEFAULT = "groovy";

  private static final List<String> GROOVY_KEYWORDS =
      List.of(
          "as",
          "assert",
          "boolean",
          "break",
          "byte",
          "case",
          "catch",
          "char",
          "class",
          "continue",
          "def",
          "default",
          "do",
          "double",
          "else",
          "enum",
          "extends",
          "false",
          "final",
          "finally",
          "float",
          "for",
          "if",
          "implements",
          "import",
          "in",
          "instanceof",
          "int",
          "interface",
          "long",
          "new",
          "null",
          "println",
          "return",
          "short",
          "static",
          "switch",
          "this",
          "throw",
          "true",
          "try",
          "var",
          "void",
          "while");

  /** An engine and what the kernel should know about it. */
  record Prepared(ScriptEngine engine, List<String> keywords, boolean cooperativeInterrupt) {}

  private Engines() {}

  /**
   * The engine registered under {@code name} (e.g. {@code groovy}).
   *
   * @throws IllegalArgumentException naming the engines available if there is none by that name
   */
  static Prepared create(String name) {
    ScriptEngineManager manager = new ScriptEngineManager(Engines.class.getClassLoader());
    ScriptEngine engine = manager.getEngineByName(name);
    if (engine == null) {
      TreeSet<String> names = new TreeSet<>();
      for (ScriptEngineFactory f : manager.getEngineFactories()) {
        names.addAll(f.getNames());
      }
      throw new IllegalArgumentException(
          "no JSR-223 script engine named '" + name + "'; available: " + String.join(", ", names));
    }
    if (engine instanceof GroovyScriptEngineImpl groovy) {
      groovy.setClassLoader(groovyLoader());
      return new Prepared(groovy, GROOVY_KEYWORDS, true);
    }
    return new Prepared(engine, List.of(), false);
  }

  /**
   * Cells compile with two additions: loops and method entries check for an interrupt ({@code
   * ThreadInterrupt}), so interrupting a cell stops it; and top-level declarations ({@code def x =
   * ...}) go to the shared bindings, so later cells see them as in any notebook.
   */
  private static GroovyClassLoader groovyLoader() {
    CompilerConfiguration config = new CompilerConfiguration();
    config.addCompilationCustomizers(
        new ASTTransformationCustomizer(ThreadInterrupt.class), new TopLevelDeclarations());
    return new GroovyClassLoader(Engines.class.getClassLoader(), config);
  }
}
