package org.enclave.workspace.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.enclave.workspace.runtime.client.EnclaveClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kernel's behaviour without a Jupyter connection (the protocol is the IT's). */
class ScriptKernelTest {
  ScriptKernel kernel;

  @BeforeEach
  void start() {
    kernel =
        new ScriptKernel(
            "groovy", Map.of("enclave", EnclaveClient.fromEnvironmentOrExplain(Map.of())));
  }

  private static String text(DisplayData d) {
    return (String) d.getData(MIMEType.TEXT_PLAIN);
  }

  @Test
  void evaluatesCellsAndKeepsTheirVariables() throws Exception {
    assertThat(text(kernel.eval("1 + 1"))).isEqualTo("2");
    kernel.eval("def x = 20\nint y = 1\ndef f(n) { n * 2 }");
    assertThat(text(kernel.eval("f(x) + y + 1"))).isEqualTo("42");
    assertThat(kernel.eval("println 'no value'")).isNull();
  }

  @Test
  void declarationsInsideBlocksStayLocal() throws Exception {
    kernel.eval("if (true) { def inner = 1 }");
    assertThat(text(kernel.eval("binding.hasVariable('inner')"))).isEqualTo("false");
  }

  @Test
  void rowsDisplayAsTables() throws Exception {
    DisplayData d = kernel.eval("[[post: 'a & b', risk: 'low'], [post: '<script>', risk: 'high']]");
    assertThat((String) d.getData(MIMEType.TEXT_HTML))
        .contains("<th>post</th><th>risk</th>")
        .contains("<td>a &amp; b</td>")
        .contains("<td>&lt;script&gt;</td>")
        .doesNotContain("<script>");
    assertThat(text(d)).isEqualTo("post      risk\na & b     low\n<script>  high");
  }

  record Row(String id, int label) {}

  @Test
  void recordsDisplayAsTablesAndLongTablesAreCut() {
    List<Row> rows =
        java.util.stream.IntStream.range(0, 120).mapToObj(i -> new Row("p" + i, i % 2)).toList();
    DisplayData d = kernel.display(rows);
    assertThat((String) d.getData(MIMEType.TEXT_HTML))
        .contains("<th>id</th><th>label</th>")
        .contains("<td>p49</td>")
        .doesNotContain("<td>p50</td>")
        .contains("70 more rows (120 in all)");
  }

  @Test
  void tracebacksShowTheCellsFramesOnly() throws Exception {
    Exception e =
        catchException(() -> kernel.eval("def parse(s) {\n  Integer.parseInt(s)\n}\nparse('x')"));
    assertThat(e).isInstanceOf(NumberFormatException.class);
    String tb = String.join("\n", kernel.formatError(e)).replaceAll("\u001b\\[[0-9;]*m", "");
    assertThat(tb)
        .startsWith("java.lang.NumberFormatException: For input string: \"x\"")
        .containsPattern("at Cell\\d+\\.parse\\(Cell\\d+\\.groovy:2\\)")
        .containsPattern("at Cell\\d+\\.run\\(Cell\\d+\\.groovy:4\\)")
        .contains("java.lang.Integer.parseInt(")
        .doesNotContain(
            "org.codehaus.groovy", "jdk.internal", "java.util.concurrent", "ScriptKernel");
  }

  @Test
  void failedAssertionsAreReported() {
    Exception e = catchException(() -> kernel.eval("assert 1 + 1 == 3"));
    assertThat(e)
        .isInstanceOf(ScriptKernel.CellError.class)
        .hasMessageContaining("assert 1 + 1 == 3");
    assertThat(String.join("\n", kernel.formatError(e))).contains("PowerAssertionError");
  }

  @Test
  void syntaxErrorsSayWhere() {
    Exception e = catchException(() -> kernel.eval("def x = "));
    assertThat(e.getMessage()).contains("Cell").contains("line 1");
    assertThat(e.getStackTrace()).isEmpty();
  }

  @Test
  void interruptStopsABusyLoop() throws Exception {
    assertThat(kernel.interruptsCooperatively()).isTrue();
    CompletableFuture<Exception> cell =
        CompletableFuture.supplyAsync(() -> catchException(() -> kernel.eval("while (true) { }")));
    Thread.sleep(500);
    long start = System.nanoTime();
    kernel.interrupt();
    Exception e = cell.get(10, TimeUnit.SECONDS);
    assertThat(e).isInstanceOf(InterruptedException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ScriptKernel.STOP_GRACE);
    assertThat(text(kernel.eval("'still here'"))).isEqualTo("still here");
  }

  @Test
  void interruptWithNothingRunningDoesNothing() throws Exception {
    kernel.interrupt();
    assertThat(text(kernel.eval("1"))).isEqualTo("1");
  }

  @Test
  void completesMembersVariablesAndKeywords() throws Exception {
    kernel.eval("def posts = [1, 2]");
    ReplacementOptions o = kernel.complete("enclave.da", 10);
    assertThat(o.getReplacements()).containsExactly("datasets()");
    assertThat(o.getSourceStart()).isEqualTo(8);
    assertThat(kernel.complete("po", 2).getReplacements()).contains("posts");
    assertThat(kernel.complete("whi", 3).getReplacements()).contains("while");
    assertThat(kernel.complete("enclave.datasets().isEm", 23).getReplacements())
        .containsExactly("isEmpty()");
    assertThat(kernel.complete("unknown.x", 9).getReplacements()).isEmpty();
  }

  @Test
  void inspectsVariablesAndMethods() throws Exception {
    assertThat(text(kernel.inspect("enclave", 2, false)))
        .startsWith("enclave: org.enclave.workspace.runtime.client.EnclaveClient")
        .contains("not connected: AWS_ENDPOINT_URL");
    assertThat(text(kernel.inspect("enclave.lines(b, k)", 10, false)))
        .contains("Records lines(String bucket, String key)");
    assertThat(kernel.inspect("nothing", 3, false)).isNull();
  }

  @Test
  void theClientOutsideAWorkspaceExplainsItself() {
    Exception e = catchException(() -> kernel.eval("enclave.datasets()"));
    assertThat(e).hasMessageStartingWith("AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID");
  }

  @Test
  void unknownEnginesNameTheAvailableOnes() {
    assertThatThrownBy(() -> new ScriptKernel("cobol", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no JSR-223 script engine named 'cobol'; available: ")
        .hasMessageContaining("groovy");
  }

  interface Cell {
    void run() throws Exception;
  }

  static Exception catchException(Cell cell) {
    try {
      cell.run();
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("the cell did not fail");
  }
}
