package org.enclave.api.sharedtask.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.enclave.api.sharedtask.persistence.ProgramEntity;
import org.enclave.api.sharedtask.scoring.FileFormat;
import org.enclave.infra.storage.ObjectStore;
import org.enclave.infra.workspace.ProgramResult;
import org.enclave.infra.workspace.ProgramRun;
import org.enclave.infra.workspace.ProgramSandbox;
import org.enclave.infra.workspace.ProgramSandboxConfig;
import org.enclave.infra.workspace.WorkspaceException;
import org.jboss.logging.Logger;

/**
 * Runs a task's scoring program on one submission (docs/scoring-programs.md): in a sandbox with no
 * network, the program, the gold and the submission read-only, {@code /output} writable, and the
 * program's time and memory limits; then reads its {@code scores.json}. Whatever the program does
 * is an {@link Evaluation}: scores, a rejection of the file, or a failure with its log (which only
 * organizers see, since a program may print the gold).
 */
@ApplicationScoped
class ScoringPrograms {
  private static final Logger LOG = Logger.getLogger(ScoringPrograms.class);

  /** Where things are inside the sandbox. */
  static final String PROGRAM_DIR = "/program";

  static final String GOLD = "/input/gold";
  static final String OUTPUT = "/output";
  static final String ANSWER = "scores.json";

  @Inject SharedTaskConfig config;
  @Inject ObjectStore store;

  private ProgramSandbox sandbox;
  private String unavailable;

  /** Why programs cannot run here, or empty when they can. */
  synchronized Optional<String> unavailableReason() {
    open();
    return Optional.ofNullable(unavailable);
  }

  private synchronized ProgramSandbox open() {
    if (sandbox != null || unavailable != null) {
      return sandbox;
    }
    SharedTaskConfig.Programs c = config.programs();
    if (!c.enabled()) {
      unavailable =
          "scoring programs are turned off on this control plane"
              + " (enclave.shared-tasks.programs.enabled)";
      return null;
    }
    try {
      Path root = c.root().toAbsolutePath().normalize();
      Files.createDirectories(root);
      sandbox = new ProgramSandbox(new ProgramSandboxConfig(root, c.runUid(), c.cgroupName()));
    } catch (IOException | WorkspaceException | IllegalArgumentException e) {
      unavailable = "scoring programs cannot run on this host: " + e.getMessage();
      LOG.warn(unavailable);
    }
    return sandbox;
  }

  /** The submission's path inside the sandbox: the format's usual extension. */
  static String submissionPath(FileFormat format) {
    return "/input/submission." + format.name().toLowerCase(Locale.ROOT);
  }

  /** Runs the basis's program on the submission and reads what it answered. */
  Evaluation evaluate(ScoringBasis basis, FileFormat format, Suites.Source submission) {
    ScoringBasis.Program program = basis.program();
    ProgramSandbox box = open();
    if (box == null) {
      return new Evaluation.Failed("the submission could not be scored: " + unavailable, null);
    }
    List<Path> copies = new ArrayList<>();
    try {
      Map<String, Path> inputs = new LinkedHashMap<>();
      String programPath = PROGRAM_DIR + "/" + program.fileName();
      inputs.put(programPath, local(Suites.Source.ofObject(store, program.objectKey()), copies));
      inputs.put(GOLD, local(Suites.Source.ofObject(store, basis.goldKey()), copies));
      String submissionPath = submissionPath(format);
      inputs.put(submissionPath, local(submission, copies));
      ProgramRun run =
          new ProgramRun(
              "score-" + UUID.randomUUID(),
              command(box, program, programPath, submissionPath),
              inputs,
              environment(basis, format, submissionPath),
              Duration.ofSeconds(program.timeLimitSeconds()),
              program.memoryMiB(),
              config.programs().maxOutputBytes(),
              config.programs().pids());
      try (ProgramResult result = box.run(run)) {
        return answer(basis, program, result);
      }
    } catch (IOException e) {
      throw new IllegalStateException("the scoring program's inputs could not be prepared", e);
    } finally {
      for (Path copy : copies) {
        try {
          Files.deleteIfExists(copy);
        } catch (IOException e) {
          LOG.warnf("could not remove %s: %s", copy, e.getMessage());
        }
      }
    }
  }

  /** The program's argv: the interpreter, the program, then gold, submission and output dir. */
  static List<String> command(
      ProgramSandbox box, ScoringBasis.Program program, String programPath, String submission) {
    List<String> argv = new ArrayList<>();
    if (program.kind() == ProgramEntity.Kind.PYTHON) {
      // -I: isolated (no user site, no PYTHON* variables); -B: no bytecode files.
      argv.addAll(List.of("/usr/bin/python3", "-I", "-B", programPath));
    } else {
      // Three quarters of the limit for the heap leaves room for the JVM's own memory.
      long heap = Math.max(16, program.memoryMiB() * 3L / 4);
      argv.addAll(
          List.of(
              box.javaCommand(),
              "-Xmx" + heap + "m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-Xshare:auto",
              "-Djava.io.tmpdir=/tmp",
              "-jar",
              programPath));
    }
    argv.addAll(List.of(GOLD, submission, OUTPUT));
    return argv;
  }

  static Map<String, String> environment(
      ScoringBasis basis, FileFormat format, String submissionPath) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ENCLAVE_TASK", basis.taskName());
    env.put("ENCLAVE_PRIMARY_METRIC", basis.primaryMetric());
    env.put("ENCLAVE_GOLD", GOLD);
    env.put("ENCLAVE_SUBMISSION", submissionPath);
    env.put("ENCLAVE_SUBMISSION_FORMAT", format.name().toLowerCase(Locale.ROOT));
    env.put("ENCLAVE_OUTPUT", OUTPUT);
    env.put("HOME", "/tmp");
    env.put("TMPDIR", "/tmp");
    env.put("LANG", "C.UTF-8");
    env.put("PATH", "/usr/bin:/bin");
    return env;
  }

  private Evaluation answer(ScoringBasis basis, ScoringBasis.Program p, ProgramResult r) {
    String log = r.logTruncated() ? "[... earlier output cut ...]\n" + r.log() : r.log();
    String ran = "the scoring program (version " + p.version() + ")";
    switch (r.outcome()) {
      case TIMED_OUT:
        return new Evaluation.Failed(
            ran + " did not finish within its time limit of " + p.timeLimitSeconds() + " s", log);
      case OUT_OF_MEMORY:
        return new Evaluation.Failed(
            ran + " ran out of memory (its limit is " + p.memoryMiB() + " MiB)", log);
      default:
        break;
    }
    if (r.exitCode() == null || r.exitCode() != 0) {
      return new Evaluation.Failed(ran + " exited with status " + r.exitCode(), log);
    }
    // Read without following links: /output is the program's, and a scores.json that is a link
    // could point at any host file.
    long max = config.programs().maxOutputBytes();
    Optional<byte[]> bytes = r.readOutput(ANSWER, (int) Math.min(max, Integer.MAX_VALUE - 8));
    if (bytes.isEmpty()) {
      return new Evaluation.Failed(
          ran
              + " exited without writing "
              + OUTPUT
              + "/"
              + ANSWER
              + " as a regular file of at most "
              + max
              + " bytes",
          log);
    }
    try {
      return ProgramAnswer.read(bytes.get(), basis.primaryMetric(), basis.direction());
    } catch (ProgramAnswer.Malformed e) {
      return new Evaluation.Failed(
          ran + " answered in a way Enclave cannot read", e.getMessage() + "\n" + log);
    }
  }

  /** The source as a local file: itself when it is one, else a copy (recorded for removal). */
  private Path local(Suites.Source source, List<Path> copies) throws IOException {
    Optional<Path> path = source.localPath();
    if (path.isPresent()) {
      return path.get();
    }
    Path dir = config.programs().root().toAbsolutePath().normalize();
    Files.createDirectories(dir);
    Path copy = Files.createTempFile(dir, "input-", ".tmp");
    copies.add(copy);
    try (InputStream in = source.open()) {
      Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }
}
