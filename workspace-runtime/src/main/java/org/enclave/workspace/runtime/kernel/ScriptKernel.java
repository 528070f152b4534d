package org.enclave.workspace.runtime.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.MessageType;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.SimpleScriptContext;

/**
 * A Jupyter kernel running cells in one JSR-223 script engine. Cells run one at a time on a thread
 * of their own, so that an interrupt (a message on the control channel, or SIGINT) can stop the
 * cell without disturbing the kernel's sockets: the cell's thread is interrupted, and if it has not
 * stopped after a grace period it is stopped by force where the JVM still allows it.
 */
final class ScriptKernel extends BaseKernel {
  /** How long an interrupted cell may take to stop before it is stopped by force. */
  static final Duration STOP_GRACE = Duration.ofSeconds(3);

  private final ScriptEngine engine;
  private final ScriptContext context;
  private final String extension;
  private final LanguageInfo languageInfo;
  private final String banner;
  private final Introspection introspection;
  private final boolean cooperativeInterrupt;
  private final ExecutorService cells;
  private final ScheduledExecutorService stopper;
  private final AtomicLong cellIds = new AtomicLong();
  private final AtomicReference<Running> running = new AtomicReference<>();

  private record Running(long id, Thread thread) {}

  /**
   * @param engineName the JSR-223 name of the engine, e.g. {@code groovy}
   * @param preBound variables every cell sees, e.g. {@code enclave}
   */
  ScriptKernel(String engineName, Map<String, Object> preBound) {
    super(StandardCharsets.UTF_8);
    Engines.Prepared prepared = Engines.create(engineName);
    this.engine = prepared.engine();
    this.cooperativeInterrupt = prepared.cooperativeInterrupt();
    ScriptEngineFactory factory = engine.getFactory();
    this.extension = factory.getExtensions().isEmpty() ? "txt" : factory.getExtensions().get(0);

    this.context = new SimpleScriptContext();
    context.setBindings(engine.createBindings(), ScriptContext.ENGINE_SCOPE);
    context.setWriter(writerTo(() -> System.out));
    context.setErrorWriter(writerTo(() -> System.err));
    context.getBindings(ScriptContext.ENGINE_SCOPE).putAll(preBound);

    String language = factory.getLanguageName().toLowerCase(Locale.ROOT);
    this.languageInfo =
        new LanguageInfo.Builder(language)
            .version(factory.getLanguageVersion())
            .mimetype("text/x-" + language)
            .fileExtension("." + extension)
            .pygments(language)
            .codemirror(language)
            .build();
    this.banner =
        factory.getLanguageName()
            + " "
            + factory.getLanguageVersion()
            + " on Java "
            + Runtime.version().feature()
            + " (Enclave). Variables: "
            + String.join(", ", preBound.keySet());
    this.introspection =
        new Introspection(context.getBindings(ScriptContext.ENGINE_SCOPE), prepared.keywords());
    this.cells =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "enclave-cell");
              t.setDaemon(true);
              return t;
            });
    this.stopper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "enclave-cell-stopper");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void becomeHandlerForConnection(JupyterConnection connection) {
    super.becomeHandlerForConnection(connection);
    connection.setHandler(
        MessageType.KERNEL_INFO_REQUEST,
        (env, request) -> {
          env.setBusyDeferIdle();
          env.reply(new KernelInfo("enclave-kernel", version(), languageInfo, banner));
        });
  }

  private static String version() {
    String v = ScriptKernel.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public LanguageInfo getLanguageInfo() {
    return languageInfo;
  }

  @Override
  public String getBanner() {
    return banner;
  }

  @Override
  public DisplayData eval(String code) throws Exception {
    long cell = executionCount.get() - 1;
    context.setAttribute(ScriptEngine.FILENAME, cellFileName(cell), ScriptContext.ENGINE_SCOPE);
    long id = cellIds.incrementAndGet();
    Future<Object> result =
        cells.submit(
            () -> {
              Thread.interrupted(); // an interrupt meant for an earlier cell does not count
              running.set(new Running(id, Thread.currentThread()));
              try {
                return engine.eval(code, context);
              } finally {
                running.set(null);
                flushOutput();
              }
            });
    Object value;
    try {
      value = result.get();
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
    return display(value);
  }

  /** A cell's source name; the engine names the cell's frames after it. */
  String cellFileName(long cell) {
    return "Cell" + cell + "." + extension;
  }

  private boolean isCellFrame(StackTraceElement f) {
    String file = f.getFileName();
    return file != null && file.startsWith("Cell") && file.endsWith("." + extension);
  }

  @SuppressWarnings({"deprecation", "removal"})
  private Exception failure(Throwable cause) {
    Throwable t = Tracebacks.unwrap(cause);
    if (t instanceof ThreadDeath) {
      t = new InterruptedException("the cell was stopped: it did not react to the interrupt");
    }
    Tracebacks.clean(t, this::isCellFrame);
    return t instanceof Exception e ? e : new CellError(t);
  }

  DisplayData display(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof DisplayData d) {
      return d;
    }
    DisplayData table = Displays.table(value);
    return table != null ? table : getRenderer().render(value);
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    return introspection.complete(code, at);
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    return introspection.inspect(code, at, extraDetail);
  }

  @Override
  public List<String> formatError(Exception e) {
    Throwable shown = e instanceof CellError c ? c.getCause() : e;
    List<String> lines = new ArrayList<>();
    boolean first = true;
    for (String line : Tracebacks.lines(shown)) {
      lines.add(first || line.startsWith("Caused by: ") ? errorStyler.secondary(line) : line);
      first = false;
    }
    return lines;
  }

  /** Interrupts the running cell, if any; stops it by force if it does not end in time. */
  @Override
  public void interrupt() {
    Running r = running.get();
    if (r == null) {
      return;
    }
    r.thread().interrupt();
    stopper.schedule(() -> forceStop(r), STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  @SuppressWarnings({"deprecation", "removal"})
  private void forceStop(Running r) {
    Running now = running.get();
    if (now == null || now.id() != r.id()) {
      return;
    }
    try {
      r.thread().stop();
    } catch (UnsupportedOperationException e) {
      System.err.println(
          "the cell ignores interrupts and this JVM cannot stop threads; restart the kernel");
    }
  }

  /** Whether the engine checks for interrupts in loops (Groovy does, with the kernel's setup). */
  boolean interruptsCooperatively() {
    return cooperativeInterrupt;
  }

  @Override
  public void onShutdown(boolean isRestarting) {
    interrupt();
    cells.shutdownNow();
    stopper.shutdownNow();
  }

  private void flushOutput() {
    try {
      context.getWriter().flush();
      context.getErrorWriter().flush();
    } catch (java.io.IOException e) {
      // the streams of a finished request; nothing to do
    }
    System.out.flush();
    System.err.flush();
  }

  /** A writer to whatever {@code System.out} (or err) is when written: the current request's. */
  private static PrintWriter writerTo(Supplier<PrintStream> stream) {
    OutputStream current =
        new OutputStream() {
          @Override
          public void write(int b) {
            stream.get().write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            stream.get().write(b, off, len);
          }

          @Override
          public void flush() {
            stream.get().flush();
          }
        };
    return new PrintWriter(new OutputStreamWriter(current, StandardCharsets.UTF_8), true);
  }

  /** An error (not an exception) raised by a cell, such as a failed {@code assert}. */
  static final class CellError extends Exception {
    private static final long serialVersionUID = 1L;

    CellError(Throwable error) {
      super(error.toString(), error);
      setStackTrace(error.getStackTrace());
    }
  }
}
