package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command lines, checked without running them. */
class SandboxCommandsTest {
  private static final HostTools TOOLS =
      new HostTools(
          Path.of("/usr/bin/bwrap"),
          Path.of("/usr/bin/nsenter"),
          Path.of("/usr/bin/setpriv"),
          Path.of("/usr/bin/setsid"),
          Path.of("/usr/bin/prlimit"),
          Path.of("/usr/bin/script"),
          Path.of("/usr/bin/sh"),
          Path.of("/usr/bin/bash"),
          Path.of("/usr/bin/timeout"));
  private static final SandboxCommands.Layout LAYOUT =
      new SandboxCommands.Layout(
          Path.of("/srv/homes/ws"),
          Path.of("/srv/broker/ws"),
          "broker.sock",
          new SandboxFiles.Generated(
              Map.of("passwd", Path.of("/srv/state/workspaces/ws/files/etc/passwd")),
              Path.of("/srv/state/workspaces/ws/files/aws"),
              Path.of("/srv/state/workspaces/ws/files/python"),
              Path.of("/srv/state/workspaces/ws/files/jupyter")),
          64L << 20,
          List.of("sleep", "infinity"));

  @Test
  void sandboxHasItsOwnNamespacesAndOutlivesTheControlPlane() {
    List<String> argv = SandboxCommands.launch(confinement(true), LAYOUT);

    assertThat(argv)
        .contains(
            "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--new-session")
        .doesNotContain("--die-with-parent", "--share-net");
    assertThat(argv.indexOf("/usr/bin/setsid")).isLessThan(argv.indexOf("/usr/bin/bwrap"));
  }

  @Test
  void systemIsReadOnlyAndOnlyHomeTmpAndShmAreWritable() {
    List<String> options = SandboxCommands.bwrapOptions(LAYOUT, true);

    assertThat(pairsAfter(options, "--bind")).containsExactly("/srv/homes/ws /home/researcher");
    assertThat(pairsAfter(options, "--ro-bind"))
        .contains("/usr /usr", "/srv/broker/ws /run/enclave/broker");
    assertThat(options.subList(options.size() - 4, options.size()))
        .containsExactly("--remount-ro", "/", "--chdir", "/home/researcher");
    assertThat(String.join(" ", options)).contains("--tmpfs /tmp").contains("--tmpfs /dev/shm");
  }

  @Test
  void hostEtcIsCuratedAndHostSecretsAreNeverBound() {
    List<String> options = SandboxCommands.bwrapOptions(LAYOUT, true);
    List<String> sources =
        pairsAfter(options, "--ro-bind").stream().map(pair -> pair.split(" ")[0]).toList();

    assertThat(sources)
        .noneMatch(source -> source.equals("/etc") || source.equals("/"))
        .noneMatch(
            source ->
                List.of(
                        "/etc/shadow",
                        "/etc/passwd",
                        "/etc/hosts",
                        "/etc/resolv.conf",
                        "/etc/ssl/private",
                        "/etc/machine-id")
                    .contains(source))
        .noneMatch(source -> source.startsWith("/root") || source.startsWith("/work"))
        .noneMatch(source -> source.startsWith("/var") || source.startsWith("/proc"));
  }

  @Test
  void commandsDropToTheWorkspaceUserWithoutCapabilities() {
    List<String> argv = SandboxCommands.enter(confinement(true), 4242, List.of("id"));

    assertThat(argv)
        .containsSubsequence(
            "/usr/bin/nsenter", "--target", "4242", "--mount", "--uts", "--ipc", "--net", "--pid")
        .containsSubsequence(
            "/usr/bin/setpriv",
            "--reuid=1100000",
            "--regid=1100000",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--no-new-privs",
            "--",
            "id")
        .doesNotContain("--user");
    assertThat(argv).containsSubsequence("/usr/bin/prlimit", "--nofile=1024:1024", "--");
    assertThat(argv.get(4)).isEqualTo("/sys/fs/cgroup/pids/enclave/ws/cgroup.procs");
  }

  @Test
  void unprivilegedControlPlaneEntersTheSandboxsUserNamespace() {
    List<String> argv = SandboxCommands.enter(confinement(false), 4242, List.of("id"));

    assertThat(argv).contains("--user", "--preserve-credentials").doesNotContain("--reuid=1100000");
  }

  @Test
  void operatorShellGetsATerminalOfItsOwnWithTheCommandQuoted() {
    List<String> argv =
        SandboxCommands.onOwnTerminal(TOOLS, List.of("/usr/bin/nsenter", "echo", "it's; rm -rf /"));

    assertThat(argv.subList(0, 4))
        .containsExactly("/usr/bin/script", "--quiet", "--return", "--command");
    assertThat(argv.get(4)).isEqualTo("exec '/usr/bin/nsenter' 'echo' 'it'\\''s; rm -rf /'");
    assertThat(argv.get(5)).isEqualTo("/dev/null");
  }

  @Test
  void programRunsUnderAHostTimerWithItsInputsReadOnlyAndOnlyItsOutputWritable() {
    ProgramCommands.Layout layout =
        new ProgramCommands.Layout(
            Map.of("passwd", Path.of("/srv/state/runs/r/etc/passwd")),
            Map.of("/input/gold.tsv", Path.of("/srv/state/runs/r/inputs/0")),
            Path.of("/srv/state/runs/r/output"),
            64L << 20,
            Path.of("/opt/jdk"));

    List<String> argv =
        ProgramCommands.launch(
            confinement(true), layout, Duration.ofSeconds(30), List.of("/usr/bin/python3"));

    assertThat(argv)
        .containsSubsequence(
            "/usr/bin/setsid",
            "/usr/bin/prlimit",
            "--",
            "/usr/bin/timeout",
            "--foreground",
            "--signal=KILL",
            "40s",
            "/usr/bin/bwrap")
        .contains("--unshare-net", "--unshare-pid", "--die-with-parent")
        .doesNotContain("--dev", "--share-net")
        .containsSubsequence("--reuid=1100000", "--no-new-privs", "--", "/bin/sh", "-c");
    assertThat(argv.subList(argv.size() - 2, argv.size()))
        .containsExactly("enclave-program", "/usr/bin/python3");
    List<String> options = ProgramCommands.bwrapOptions(layout);
    assertThat(pairsAfter(options, "--bind")).containsExactly("/srv/state/runs/r/output /output");
    assertThat(pairsAfter(options, "--ro-bind"))
        .contains("/srv/state/runs/r/inputs/0 /input/gold.tsv", "/opt/jdk /opt/jdk")
        .doesNotContain("/srv/state/runs/r/output /output");
    assertThat(options.subList(options.size() - 4, options.size()))
        .containsExactly("--remount-ro", "/", "--chdir", "/output");
  }

  private static SandboxCommands.Confinement confinement(boolean privileged) {
    return new SandboxCommands.Confinement(
        TOOLS,
        privileged,
        1_100_000,
        1_100_000,
        List.of(Path.of("/sys/fs/cgroup/pids/enclave/ws/cgroup.procs")),
        List.of("--nofile=1024:1024"));
  }

  private static List<String> pairsAfter(List<String> options, String option) {
    List<String> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < options.size() - 2; i++) {
      if (options.get(i).equals(option)) {
        pairs.add(options.get(i + 1) + " " + options.get(i + 2));
      }
    }
    return Collections.unmodifiableList(pairs);
  }
}
