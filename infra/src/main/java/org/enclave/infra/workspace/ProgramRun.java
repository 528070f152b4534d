package org.enclave.infra.workspace;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of a program in a {@link ProgramSandbox}. Checked when constructed: anything invalid is a
 * {@link WorkspaceException} with reason {@code INVALID_SPEC} that says what to change.
 *
 * @param id a plain name, unique among the runs that exist at one time ({@link WorkspaceIds#isValid
 *     1-64 letters, digits, '-' or '_'}); names the run's host directory and cgroup
 * @param command the program's argv inside the sandbox, e.g. {@code ["/usr/bin/python3",
 *     "/program/score.py"]} or {@code [sandbox.javaCommand(), "-Xmx128m", "-jar",
 *     "/program/scorer.jar"]}; a name without a slash is looked up on the run's {@code PATH}
 * @param inputs files shown read-only inside: absolute sandbox path (such as {@code
 *     /input/gold.tsv}) to host file. Not under the paths the sandbox fills itself ({@code /usr},
 *     {@code /bin}, {@code /lib*}, {@code /sbin}, {@code /etc}, {@code /proc}, {@code /dev}, {@code
 *     /sys}, {@code /tmp}, {@code /output}); stored normalized and sorted
 * @param environment the whole environment inside: nothing of the control plane's reaches the
 *     program. {@code PATH}, {@code HOME} ({@code /tmp}) and {@code LANG} are added if absent, and
 *     the sandbox sets {@code PWD}
 * @param timeLimit wall-clock time from the start of the sandbox to the end of the program, at most
 *     {@link #MAX_TIME_LIMIT}
 * @param memoryMiB memory of the whole run, its {@code /tmp} files included; also the size of its
 *     {@code /tmp}
 * @param outputBytes the largest file the program may write, anywhere ({@code RLIMIT_FSIZE})
 * @param pids processes and threads of the whole run, the sandbox's own init and shell included
 */
public record ProgramRun(
    String id,
    List<String> command,
    Map<String, Path> inputs,
    Map<String, String> environment,
    Duration timeLimit,
    long memoryMiB,
    long outputBytes,
    int pids) {
  /** Where the program's output directory appears inside; also its working directory. */
  public static final String OUTPUT_DIR = "/output";

  /** The longest time limit a run may have. */
  public static final Duration MAX_TIME_LIMIT = Duration.ofDays(1);

  /** Paths the sandbox fills itself, which no input may lie under. */
  static final List<String> RESERVED =
      List.of(
          "/usr",
          "/bin",
          "/sbin",
          "/lib",
          "/lib32",
          "/lib64",
          "/libx32",
          "/etc",
          "/proc",
          "/dev",
          "/sys",
          "/tmp",
          OUTPUT_DIR);

  public ProgramRun {
    if (!WorkspaceIds.isValid(id)) {
      throw invalid(
          "run id '"
              + id
              + "' is not a plain name: use 1-64 letters, digits, '-' or '_', starting with a"
              + " letter or digit (a UUID fits)");
    }
    if (command == null || command.isEmpty()) {
      throw invalid(
          "command is empty: give the program's argv inside the sandbox, such as"
              + " [/usr/bin/python3, /program/score.py]");
    }
    command = List.copyOf(command);
    if (command.stream().anyMatch(arg -> arg.indexOf('\0') >= 0)) {
      throw invalid("command arguments must not contain NUL");
    }
    inputs = checkInputs(inputs);
    environment = WorkspaceSpec.copyEnvironment(environment);
    if (timeLimit == null
        || timeLimit.isNegative()
        || timeLimit.isZero()
        || timeLimit.compareTo(MAX_TIME_LIMIT) > 0) {
      throw invalid(
          "timeLimit must be positive and at most a day, such as Duration.ofMinutes(5); it is "
              + timeLimit);
    }
    if (memoryMiB < 16) {
      throw invalid(
          "memoryMiB must be at least 16 (Python needs about 10 MiB to start, a JVM about 40"
              + " plus its heap); it is "
              + memoryMiB);
    }
    if (outputBytes <= 0) {
      throw invalid(
          "outputBytes must be positive: the largest file the program may write, scores.json"
              + " included; it is "
              + outputBytes);
    }
    if (pids < 8) {
      throw invalid(
          "pids must be at least 8: the sandbox's init and shell count too, and a JVM needs about"
              + " 30; it is "
              + pids);
    }
  }

  private static Map<String, Path> checkInputs(Map<String, Path> inputs) {
    if (inputs == null) {
      return Map.of();
    }
    TreeMap<String, Path> checked = new TreeMap<>();
    inputs.forEach(
        (sandboxPath, hostFile) -> {
          String path = sandboxPath(sandboxPath);
          if (hostFile == null || !hostFile.isAbsolute()) {
            throw invalid(
                "the host file of input " + path + " must be an absolute path; it is " + hostFile);
          }
          if (checked.containsKey(path)) {
            throw invalid(
                "two inputs name the sandbox path "
                    + path
                    + " (once normalized): give each input a path of its own");
          }
          checked.put(path, hostFile.normalize());
        });
    for (String path : checked.keySet()) {
      for (Path up = Path.of(path).getParent(); up != null; up = up.getParent()) {
        if (checked.containsKey(up.toString())) {
          throw invalid(
              "input "
                  + path
                  + " lies under input "
                  + up
                  + ", which is a file: put inputs side by side, such as /input/gold.tsv and"
                  + " /input/submission.tsv");
        }
      }
    }
    return Collections.unmodifiableMap(checked);
  }

  private static String sandboxPath(String given) {
    if (given == null || given.indexOf('\0') >= 0) {
      throw invalid("an input's sandbox path is missing or contains NUL");
    }
    if (!given.startsWith("/")) {
      throw invalid(
          "input path '"
              + given
              + "' is relative: give the absolute path the program opens, such as /"
              + given);
    }
    String path = Path.of(given).normalize().toString();
    if (path.equals("/")) {
      throw invalid("input path '" + given + "' is the root: name a file, such as /input/gold.tsv");
    }
    for (String reserved : RESERVED) {
      if (path.equals(reserved) || path.startsWith(reserved + "/")) {
        throw invalid(
            "input path "
                + path
                + " lies under "
                + reserved
                + ", which the sandbox fills itself: put inputs in a directory of their own,"
                + " such as /input or /program");
      }
    }
    return path;
  }

  private static WorkspaceException invalid(String message) {
    return new WorkspaceException(WorkspaceException.Reason.INVALID_SPEC, message);
  }
}
