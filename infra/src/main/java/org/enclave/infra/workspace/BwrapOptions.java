package org.enclave.infra.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * bwrap options for a sandbox, in the order bwrap applies them: the namespaces, then the system
 * every sandbox shares (the host's {@code /usr}, a fresh {@code /proc}, a {@code /dev}, private
 * {@code /tmp} and {@code /dev/shm}, a curated {@code /etc}), then what the caller adds, then
 * {@link #finish} makes the root read-only. Parents of mount points are created as world-readable
 * directories first (bwrap would make them {@code 0700} root, which an unprivileged user inside
 * cannot enter).
 */
final class BwrapOptions {
  private static final List<String> BASIC_DEVICES =
      List.of("null", "zero", "full", "random", "urandom", "tty");

  private final List<String> argv = new ArrayList<>();
  private final Set<String> dirs = new HashSet<>(Set.of("/"));

  /**
   * Own network (loopback only), pid, IPC, UTS and, where possible, cgroup namespaces, and a new
   * terminal session.
   */
  BwrapOptions namespaces(String hostname) {
    add(
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--hostname",
        hostname,
        "--new-session");
    return this;
  }

  /** The host's {@code /usr} read-only, and the merged-{@code /usr} links (or directories). */
  BwrapOptions system() {
    mount("--ro-bind", "/usr", "/usr");
    for (String name : SandboxLayout.USR_LINKS) {
      Path host = Path.of("/", name);
      if (Files.isSymbolicLink(host)) {
        add("--symlink", readLink(host), "/" + name);
      } else if (Files.isDirectory(host)) {
        mount("--ro-bind", host.toString(), host.toString());
      }
    }
    return this;
  }

  /**
   * A {@code /proc} of the sandbox's own pid namespace and a {@code /dev}.
   *
   * @param devpts whether to give the sandbox a {@code /dev} with its own pseudo-terminals. An
   *     unprivileged bwrap must then nest a second user namespace, which {@code nsenter} cannot
   *     enter with the rights it needs; without it the sandbox gets the basic devices only
   */
  BwrapOptions procAndDev(boolean devpts) {
    add("--proc", "/proc");
    if (devpts) {
      add("--dev", "/dev");
    } else {
      add("--perms", "0755", "--tmpfs", "/dev");
      for (String device : BASIC_DEVICES) {
        add("--dev-bind", "/dev/" + device, "/dev/" + device);
      }
      add("--symlink", "/proc/self/fd", "/dev/fd");
      add("--symlink", "/proc/self/fd/0", "/dev/stdin");
      add("--symlink", "/proc/self/fd/1", "/dev/stdout");
      add("--symlink", "/proc/self/fd/2", "/dev/stderr");
    }
    return this;
  }

  /** Private {@code /dev/shm} and {@code /tmp}, {@code bytes} large each. */
  BwrapOptions tmp(long bytes) {
    String size = Long.toString(bytes);
    add("--perms", "1777", "--size", size, "--tmpfs", "/dev/shm");
    add("--perms", "1777", "--size", size, "--tmpfs", "/tmp");
    return this;
  }

  /**
   * An {@code /etc} of the {@link #etcFromHost() allowed host entries} and the generated files.
   *
   * @param generated host files by their name under {@code /etc}
   */
  BwrapOptions etc(Map<String, Path> generated) {
    dir("/etc");
    for (Path entry : etcFromHost()) {
      mount("--ro-bind", entry.toString(), entry.toString());
    }
    for (Map.Entry<String, Path> file : new TreeMap<>(generated).entrySet()) {
      mount("--ro-bind", file.getValue().toString(), "/etc/" + file.getKey());
    }
    return this;
  }

  void add(String... options) {
    argv.addAll(List.of(options));
  }

  void mount(String option, Path source, String destination) {
    mount(option, source.toString(), destination);
  }

  void mount(String option, String source, String destination) {
    Path parent = Path.of(destination).getParent();
    if (parent != null) {
      dir(parent.toString());
    }
    add(option, source, destination);
  }

  void dir(String path) {
    if (dirs.contains(path)) {
      return;
    }
    Path parent = Path.of(path).getParent();
    if (parent != null) {
      dir(parent.toString());
    }
    dirs.add(path);
    add("--perms", "0755", "--dir", path);
  }

  /** Makes the root read-only, starts in {@code workingDir}, and returns the options. */
  List<String> finish(String workingDir) {
    add("--remount-ro", "/", "--chdir", workingDir);
    return List.copyOf(argv);
  }

  /** The allowed entries of the host's {@code /etc} that exist here. */
  static List<Path> etcFromHost() {
    List<Path> entries = new ArrayList<>();
    Path etc = Path.of("/etc");
    for (String name : SandboxLayout.ETC_FROM_HOST) {
      if (Files.exists(etc.resolve(name))) {
        entries.add(etc.resolve(name));
      }
    }
    try (var list = Files.list(etc)) {
      list.filter(
              p ->
                  SandboxLayout.ETC_PREFIXES_FROM_HOST.stream()
                      .anyMatch(prefix -> p.getFileName().toString().startsWith(prefix)))
          .sorted()
          .forEach(entries::add);
    } catch (IOException e) {
      throw new WorkspaceException(WorkspaceException.Reason.HOST_ERROR, "cannot list /etc", e);
    }
    return entries;
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new WorkspaceException(
          WorkspaceException.Reason.HOST_ERROR, "cannot read symlink " + link, e);
    }
  }
}
