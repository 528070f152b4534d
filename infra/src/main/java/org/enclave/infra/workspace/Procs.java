package org.enclave.infra.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads processes from {@code /proc}. A process is identified by its pid together with its start
 * time (clock ticks since boot) and the boot id, so that a pid reused after the process died, or
 * after a reboot, is never mistaken for it.
 */
final class Procs {
  private static final Path PROC = Path.of("/proc");
  private static volatile String bootId;

  private Procs() {}

  /** A process identity that survives the JVM: pid, start time and boot. */
  record ProcessId(long pid, long startTicks, String bootId) {
    /** Whether this very process still runs (a zombie does not count). */
    boolean isAlive() {
      return bootId.equals(currentBootId()) && stat(pid).filter(s -> s.matches(this)).isPresent();
    }

    /** The identity of the running process {@code pid}, or empty if there is none. */
    static Optional<ProcessId> of(long pid) {
      return stat(pid)
          .filter(Stat::alive)
          .map(s -> new ProcessId(pid, s.startTicks(), currentBootId()));
    }
  }

  /** The fields of {@code /proc/<pid>/stat} that matter here. */
  record Stat(char state, long ppid, long startTicks) {
    boolean alive() {
      return state != 'Z' && state != 'X';
    }

    boolean matches(ProcessId id) {
      return alive() && startTicks == id.startTicks();
    }
  }

  static Optional<Stat> stat(long pid) {
    String text;
    try {
      text = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
    } catch (IOException e) {
      return Optional.empty();
    }
    // The command name, in parentheses, may contain spaces and parentheses: parse after the last.
    int close = text.lastIndexOf(')');
    if (close < 0) {
      return Optional.empty();
    }
    String[] fields = text.substring(close + 2).trim().split(" ");
    if (fields.length < 20) {
      return Optional.empty();
    }
    return Optional.of(
        new Stat(fields[0].charAt(0), Long.parseLong(fields[1]), Long.parseLong(fields[19])));
  }

  /** The id of the running kernel's boot; a process recorded under another boot is gone. */
  static String currentBootId() {
    String id = bootId;
    if (id != null) {
      return id;
    }
    try {
      bootId = Files.readString(PROC.resolve("sys/kernel/random/boot_id")).trim();
      return bootId;
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.UNAVAILABLE, "cannot read the boot id from /proc", e);
    }
  }

  /** The pid namespace of {@code pid}, as {@code pid:[inode]}, or empty if it is gone. */
  static Optional<String> pidNamespace(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(PROC.resolve(pid + "/ns/pid")).toString());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The live processes in pid namespace {@code namespace}, seen from here. */
  static List<Long> membersOf(String namespace) {
    List<Long> members = new ArrayList<>();
    for (long pid : allPids()) {
      if (pidNamespace(pid).filter(namespace::equals).isPresent()
          && stat(pid).filter(Stat::alive).isPresent()) {
        members.add(pid);
      }
    }
    return members;
  }

  static List<Long> allPids() {
    try (Stream<Path> entries = Files.list(PROC)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .toList();
    } catch (IOException e) {
      throw new WorkspaceException(WorkspaceException.Reason.HOST_ERROR, "cannot list /proc", e);
    }
  }

  /** The arguments of {@code pid}, or empty if it is gone or unreadable. */
  static List<String> commandLine(long pid) {
    try {
      return split(Files.readAllBytes(PROC.resolve(pid + "/cmdline")));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The environment {@code pid} was started with, or empty if it is gone or unreadable. */
  static Map<String, String> environment(long pid) {
    Map<String, String> environment = new LinkedHashMap<>();
    try {
      for (String entry : split(Files.readAllBytes(PROC.resolve(pid + "/environ")))) {
        int eq = entry.indexOf('=');
        if (eq > 0) {
          environment.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return environment;
  }

  /** The real uid and gid of this JVM. */
  static long[] selfIds() {
    try {
      long uid = -1;
      long gid = -1;
      for (String line : Files.readAllLines(PROC.resolve("self/status"))) {
        if (line.startsWith("Uid:")) {
          uid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
        } else if (line.startsWith("Gid:")) {
          gid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
        }
      }
      return new long[] {uid, gid};
    } catch (IOException | RuntimeException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.UNAVAILABLE, "cannot read this process's ids from /proc", e);
    }
  }

  private static List<String> split(byte[] nulSeparated) {
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < nulSeparated.length; i++) {
      if (nulSeparated[i] == 0) {
        parts.add(new String(nulSeparated, from, i - from, StandardCharsets.UTF_8));
        from = i + 1;
      }
    }
    if (from < nulSeparated.length) {
      parts.add(new String(nulSeparated, from, nulSeparated.length - from, StandardCharsets.UTF_8));
    }
    return parts;
  }
}
