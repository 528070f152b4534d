package org.enclave.workspace.runtime.kernel;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import javax.script.ScriptException;

/**
 * What a failed cell shows: the error and the frames of the cell's own code (and of libraries it
 * called), without the script engine's, the reflection's or the kernel's machinery.
 */
final class Tracebacks {
  private static final List<String> MACHINERY =
      List.of(
          "org.codehaus.groovy.",
          "org.apache.groovy.",
          "groovy.lang.",
          "java.lang.reflect.",
          "java.lang.invoke.",
          "jdk.internal.",
          "sun.reflect.",
          "javax.script.",
          "java.util.concurrent.",
          "java.lang.Thread",
          "io.github.spencerpark.",
          "org.enclave.workspace.runtime.kernel.");

  private Tracebacks() {}

  /** The error a cell's code raised, without the engine's and executor's wrappers. */
  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while (e.getCause() != null
        && e.getCause() != e
        && (e instanceof ExecutionException
            || (e instanceof ScriptException && !isCompileError(e.getCause()))
            || e.getClass()
                .getName()
                .equals("org.codehaus.groovy.runtime.InvokerInvocationException")
            || e.getClass().getName().equals("java.lang.reflect.InvocationTargetException"))) {
      e = e.getCause();
    }
    return e;
  }

  private static boolean isCompileError(Throwable t) {
    return t != null && t.getClass().getName().endsWith("CompilationFailedException")
        || t != null && t.getClass().getName().endsWith("MultipleCompilationErrorsException");
  }

  /**
   * Keeps the frames up to the outermost frame of a cell, without machinery, on {@code t} and its
   * causes. A compile error keeps no frames: its message says where.
   *
   * @param isCell whether a frame belongs to a cell's code
   */
  static void clean(Throwable t, Predicate<StackTraceElement> isCell) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable e = t; e != null && seen.put(e, true) == null; e = e.getCause()) {
      if (isCompileError(e)) {
        e.setStackTrace(new StackTraceElement[0]);
        continue;
      }
      e.setStackTrace(frames(e.getStackTrace(), isCell));
    }
  }

  static StackTraceElement[] frames(StackTraceElement[] all, Predicate<StackTraceElement> isCell) {
    int last = -1;
    for (int i = 0; i < all.length; i++) {
      if (isCell.test(all[i])) {
        last = i;
      }
    }
    List<StackTraceElement> kept = new ArrayList<>();
    for (int i = 0; i < all.length; i++) {
      if (last >= 0 && i > last) {
        break;
      }
      StackTraceElement f = all[i];
      if (isCell.test(f)) {
        kept.add(f);
      } else if (isMachinery(f)) {
        if (last < 0 && !kept.isEmpty()) {
          break; // past the code that failed, into the engine calling it
        }
      } else {
        kept.add(f);
      }
    }
    return kept.toArray(new StackTraceElement[0]);
  }

  private static boolean isMachinery(StackTraceElement f) {
    String c = f.getClassName();
    for (String prefix : MACHINERY) {
      if (c.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The lines Jupyter shows: {@code Type: message}, the frames, then each cause likewise. */
  static List<String> lines(Throwable t) {
    List<String> out = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    boolean first = true;
    for (Throwable e = t; e != null && seen.put(e, true) == null; e = e.getCause()) {
      String head = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      for (String line : (first ? "" : "Caused by: ").concat(head).split("\n", -1)) {
        out.add(line);
      }
      for (StackTraceElement f : e.getStackTrace()) {
        out.add("    at " + f);
      }
      first = false;
    }
    return out;
  }
}
