package org.enclave.infra.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A control plane that does not run as root, for {@link UnprivilegedControlPlaneTest}: runs a
 * Python program that reports who it is and what it sees, then one that outlives its time limit
 * with a child, and prints the results.
 *
 * <p>Arguments: a directory it owns.
 */
public final class UnprivilegedProgramStandIn {
  private UnprivilegedProgramStandIn() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path gold = Files.writeString(dir.resolve("gold.tsv"), "user\tlabel\nu1\ta\n");
    Files.setPosixFilePermissions(gold, PosixFilePermissions.fromString("rw-------"));
    Path script =
        Files.writeString(
            dir.resolve("score.py"),
            """
            import os, socket
            status = dict(l.split(':', 1) for l in open('/proc/self/status'))
            print('uid', os.getuid(), 'caps', status['CapEff'].strip(),
                  'nnp', status['NoNewPrivs'].strip(),
                  'gold', open('/input/gold.tsv').read().count('\\n'),
                  'interfaces', sorted(n for _, n in socket.if_nameindex()))
            """);
    ProgramSandbox sandbox = new ProgramSandbox(ProgramSandboxConfig.of(dir.resolve("state")));
    ProgramRun run =
        new ProgramRun(
            SandboxFixture.uniqueId("unprivileged"),
            List.of("/usr/bin/python3", "/program/score.py"),
            Map.of("/program/score.py", script, "/input/gold.tsv", gold),
            Map.of(),
            Duration.ofSeconds(30),
            256,
            1 << 20,
            64);
    try (ProgramResult result = sandbox.run(run)) {
      System.out.print(result.outcome() + " " + result.exitCode() + " " + result.log());
      for (LimitEnforcement limit : result.limits()) {
        System.out.println("limit " + limit.limit() + " " + limit.mechanism());
      }
    }
    String marker = "4343." + ProcessHandle.current().pid();
    ProgramRun slow =
        new ProgramRun(
            SandboxFixture.uniqueId("unprivileged-slow"),
            List.of("/bin/sh", "-c", "sleep " + marker + " & sleep " + marker),
            Map.of(),
            Map.of(),
            Duration.ofSeconds(1),
            64,
            1 << 20,
            64);
    try (ProgramResult result = sandbox.run(slow)) {
      long left =
          Procs.allPids().stream().filter(pid -> Procs.commandLine(pid).contains(marker)).count();
      System.out.println(result.outcome() + " left " + left);
    }
    try (var runs = Files.list(dir.resolve("state").resolve("runs"))) {
      System.out.println("after close: " + runs.count() + " runs");
    }
  }
}
