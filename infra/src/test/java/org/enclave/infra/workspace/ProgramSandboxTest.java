package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.enclave.infra.workspace.LimitEnforcement.Limit;
import org.enclave.infra.workspace.LimitEnforcement.Mechanism;
import org.enclave.infra.workspace.ProgramResult.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Organizers' programs in real bubblewrap sandboxes: what they see, what they cannot reach, and the
 * limits that end them. The inputs are root's {@code 0600} files, as the object store writes them.
 */
@Tag("sandbox")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgramSandboxTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final String GOLD = "user\tlabel\nu1\ta\nu2\tb\n";
  private static final String SUBMISSION = "user\tlabel\nu1\ta\nu2\ta\n";

  Path dir;
  Path stateDir;
  Path gold;
  Path submission;
  String cgroupName = "enclave-test-programs-" + UUID.randomUUID().toString().substring(0, 8);
  ProgramSandbox sandbox;

  @BeforeAll
  void createSandbox(@TempDir Path tempDir) throws IOException {
    dir = tempDir;
    stateDir = dir.resolve("state");
    gold = secret(dir.resolve("objects/gold.tsv"), GOLD);
    submission = secret(dir.resolve("objects/submission.tsv"), SUBMISSION);
    sandbox = new ProgramSandbox(ProgramSandboxConfig.of(stateDir).withCgroupName(cgroupName));
  }

  @AfterAll
  void removeRuns() throws IOException {
    Trees.deleteRecursively(stateDir);
  }

  @Test
  void pythonProgramReadsItsInputsAndWritesScores() throws Exception {
    String script =
        """
        import json
        gold = dict(l.split('\\t') for l in open('/input/gold.tsv').read().split('\\n')[1:] if l)
        sub = dict(l.split('\\t') for l in open('/input/submission.tsv').read().split('\\n')[1:] if l)
        right = sum(1 for u in gold if sub.get(u) == gold[u])
        json.dump({'accuracy': right / len(gold)}, open('/output/scores.json', 'w'))
        print('scored', len(gold), 'users')
        """;

    try (ProgramResult result = sandbox.run(python("score", script).build())) {
      assertThat(result.outcome()).as(result.log()).isEqualTo(Outcome.EXITED);
      assertThat(result.exitCode()).isZero();
      assertThat(result.succeeded()).isTrue();
      assertThat(result.log()).isEqualTo("scored 2 users\n");
      assertThat(result.readOutput("scores.json", 1024))
          .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
          .contains("{\"accuracy\": 0.5}");
      if (Procs.selfIds()[0] == 0) {
        assertThat(Trees.owner(result.outputDir())).isEqualTo(ProgramSandboxConfig.DEFAULT_RUN_UID);
      }
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gold)))
        .isEqualTo("rw-------");
  }

  @Test
  void programReachesNoNetworkAndResolvesNoName() throws Exception {
    try (HostListener loopback = new HostListener(InetAddress.getLoopbackAddress())) {
      assertThat(loopback.reachableFromHost()).isTrue();
      Optional<InetAddress> address = HostListener.nonLoopbackAddress();
      HostListener other = address.isPresent() ? new HostListener(address.get()) : null;
      List<String> targets = new ArrayList<>(List.of(target(loopback)));
      if (other != null) {
        assertThat(other.reachableFromHost()).isTrue();
        targets.add(target(other));
      }
      int before = loopback.accepted() + (other == null ? 0 : other.accepted());
      String script =
          """
          import os, socket
          print('interfaces', sorted(name for _, name in socket.if_nameindex()))
          def connect(target):
              host, port = target.rsplit(':', 1)
              socket.create_connection((host, int(port)), timeout=5).close()
          attempts = [(t, lambda t=t: connect(t)) for t in os.environ['TARGETS'].split()]
          attempts.append(('dns', lambda: socket.getaddrinfo('example.com', 443)))
          attempts.append(('dns-local', lambda: socket.getaddrinfo('localhost.localdomain', 80)))
          for name, attempt in attempts:
              try:
                  attempt()
                  print('REACHED', name)
              except OSError as e:
                  print('blocked', name, type(e).__name__)
          """;

      try (ProgramResult result =
          sandbox.run(
              python("network", script).env("TARGETS", String.join(" ", targets)).build())) {
        assertThat(result.exitCode()).as(result.log()).isZero();
        assertThat(result.log())
            .contains("interfaces ['lo']")
            .contains("blocked dns ")
            .contains("blocked " + targets.get(0))
            .doesNotContain("REACHED");
        assertThat(result.log().lines().filter(line -> line.startsWith("blocked")))
            .hasSize(targets.size() + 2);
      } finally {
        if (other != null) {
          other.close();
        }
      }
      assertThat(loopback.accepted() + (other == null ? 0 : other.accepted())).isEqualTo(before);
    }
  }

  @Test
  void programSeesTheSystemReadOnlyItsInputsAndItsOutputDirectoryOnly() throws Exception {
    String script =
        """
        import errno, os
        def write(path):
            try:
                with open(path, 'a') as f:
                    f.write('x')
                return 'written'
            except OSError as e:
                return errno.errorcode[e.errno]
        for name in ['/usr/escape', '/etc/passwd', '/escape', '/input/gold.tsv',
                     '/input/new', '/program/score.py', '/proc/1/environ',
                     '/output/ok', '/tmp/ok', '/dev/shm/ok']:
            print('write', name, write(name))
        print('cwd', os.getcwd())
        print('root', ' '.join(sorted(os.listdir('/'))))
        print('dev', ' '.join(sorted(os.listdir('/dev'))))
        print('input', ' '.join(sorted(os.listdir('/input'))))
        print('processes', len([p for p in os.listdir('/proc') if p.isdigit()]))
        for path in os.environ['HOST_PATHS'].split():
            print('exists', path, os.path.exists(path))
        st = os.statvfs('/tmp')
        print('tmp', st.f_blocks * st.f_frsize)
        print('gold', oct(os.stat('/input/gold.tsv').st_mode & 0o777), open('/input/gold.tsv').read().count('\\n'))
        print('output', os.stat('/output').st_uid == os.getuid(), os.listdir('/output'))
        """;
    String hostPaths =
        String.join(
            " ",
            List.of(
                stateDir.toString(),
                gold.toString(),
                dir.toString(),
                "/root",
                "/home",
                "/sys",
                "/var",
                "/work",
                "/run",
                "/opt",
                "/srv"));

    try (ProgramResult result =
        sandbox.run(python("files", script).env("HOST_PATHS", hostPaths).memoryMiB(64).build())) {
      String log = result.log();
      assertThat(result.exitCode()).as(log).isZero();
      assertThat(log)
          .contains("write /usr/escape EROFS")
          .contains("write /escape EROFS")
          .contains("write /input/new EROFS")
          .contains("write /output/ok written")
          .contains("write /tmp/ok written")
          .contains("write /dev/shm/ok written")
          .contains("cwd /output")
          .contains("dev fd full null random shm stderr stdin stdout tty urandom zero")
          .contains("input gold.tsv submission.tsv")
          .contains("gold 0o444 3")
          .contains("output True ['ok']");
      for (String file : List.of("/etc/passwd", "/input/gold.tsv", "/program/score.py")) {
        assertThat(line(log, "write " + file)).isIn("EROFS", "EACCES");
      }
      assertThat(line(log, "write /proc/1/environ")).isIn("EROFS", "EACCES");
      assertThat(List.of(line(log, "root").split(" ")))
          .isSubsetOf(
              "bin", "dev", "etc", "input", "lib", "lib32", "lib64", "libx32", "output", "proc",
              "program", "sbin", "tmp", "usr");
      assertThat(log.lines().filter(l -> l.startsWith("exists ")))
          .hasSize(11)
          .allSatisfy(l -> assertThat(l).endsWith(" False"));
      assertThat(Integer.parseInt(line(log, "processes"))).isLessThan(5);
      assertThat(Long.parseLong(line(log, "tmp"))).isLessThanOrEqualTo(64L << 20);
    }
  }

  @Test
  void programRunsAsTheRunUidWithoutCapabilitiesOrPrivileges() throws Exception {
    assumeTrue(Procs.selfIds()[0] == 0, "the run uid is used when the control plane is root");

    try (ProgramResult result =
        sandbox.run(new RunBuilder("identity").command("/bin/cat", "/proc/self/status").build())) {
      String uid = Long.toString(ProgramSandboxConfig.DEFAULT_RUN_UID);
      String ids = "(\\s+" + uid + "){4}\n";
      assertThat(result.log())
          .containsPattern("Uid:" + ids)
          .containsPattern("Gid:" + ids)
          .containsPattern("Groups:\\s*\n")
          .containsPattern("CapInh:\\s+0+\n")
          .containsPattern("CapPrm:\\s+0+\n")
          .containsPattern("CapEff:\\s+0+\n")
          .containsPattern("CapBnd:\\s+0+\n")
          .containsPattern("CapAmb:\\s+0+\n")
          .containsPattern("NoNewPrivs:\\s+1\n");
    }
  }

  @Test
  void environmentIsTheRunsOwnPlusDefaults() throws Exception {
    try (ProgramResult result =
        sandbox.run(
            new RunBuilder("environment")
                .command("/usr/bin/env")
                .env("SCORER_MODE", "final")
                .env("LANG", "C")
                .build())) {
      assertThat(result.log().lines().sorted())
          .containsExactly(
              "HOME=/tmp",
              "LANG=C",
              "PATH=/usr/local/bin:/usr/bin:/bin",
              "PWD=/output",
              "SCORER_MODE=final");
      assertThat(System.getenv()).containsKey("HOME").doesNotContainEntry("HOME", "/tmp");
    }
  }

  @Test
  void timeLimitKillsEveryProcessOfTheRun() throws Exception {
    String marker = "4242." + (100_000 + new Random().nextInt(900_000));
    String script =
        """
        import os, signal, sys, time
        for i in range(3):
            if os.fork() == 0:
                os.setsid()
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                os.execvp('sleep', ['sleep', os.environ['MARKER']])
        print('children started', flush=True)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        time.sleep(600)
        """;
    Duration limit = Duration.ofSeconds(2);
    ProgramRun run = python("timeout", script).env("MARKER", marker).timeLimit(limit).build();

    CompletableFuture<ProgramResult> running =
        CompletableFuture.supplyAsync(() -> sandbox.run(run));
    assertThat(SandboxFixture.await(() -> processesNamed(marker) == 3)).isTrue();
    try (ProgramResult result = running.get()) {
      assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(result.exitCode()).isNull();
      assertThat(result.log()).isEqualTo("children started\n");
      // The sleeps would last an hour: the run ended promptly, with a wide margin for a busy host.
      assertThat(result.elapsed()).isGreaterThanOrEqualTo(limit).isLessThan(limit.plusSeconds(3));
      assertThat(processesNamed(marker)).isZero();
      assertThat(Cgroups.detect(cgroupName).existingGroups(run.id())).isEmpty();
    }
  }

  @Test
  void memoryBeyondTheLimitEndsTheRunAsOutOfMemory() throws Exception {
    String script = "x = bytearray(400 * 1024 * 1024)\nprint('allocated')\n";

    try (ProgramResult result = sandbox.run(python("memory", script).memoryMiB(64).build())) {
      LimitEnforcement memory = limit(result, Limit.MEMORY);
      assumeTrue(memory.mechanism() != Mechanism.RLIMIT, memory.note());
      assertThat(memory.enforced()).isTrue();
      assertThat(result.outcome()).as(result.log()).isEqualTo(Outcome.OUT_OF_MEMORY);
      assertThat(result.exitCode()).isNull();
      assertThat(result.log()).doesNotContain("allocated");
    }
  }

  @Test
  void processesAreBoundedAndAForkBombEndsWithTheRun() throws Exception {
    String script =
        """
        import os
        forked = 0
        for i in range(200):
            try:
                if os.fork() == 0:
                    os.execvp('sleep', ['sleep', '60'])
                forked += 1
            except OSError:
                pass
        print('forked', forked)
        """;

    try (ProgramResult counted = sandbox.run(python("pids", script).pids(16).build())) {
      assertThat(limit(counted, Limit.PIDS).enforced()).isTrue();
      assertThat(counted.exitCode()).as(counted.log()).isZero();
      assertThat(Integer.parseInt(line(counted.log(), "forked"))).isPositive().isLessThan(16);
    }
    ProgramRun bomb =
        new RunBuilder("forkbomb")
            .command("/bin/bash", "-c", "bomb() { bomb | bomb & }; bomb; sleep 60")
            .pids(32)
            .timeLimit(Duration.ofSeconds(2))
            .build();
    try (ProgramResult result = sandbox.run(bomb)) {
      assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(Cgroups.detect(cgroupName).existingGroups(bomb.id())).isEmpty();
    }
  }

  @Test
  void filesLargerThanTheOutputLimitCannotBeWritten() throws Exception {
    String script =
        """
        import errno, os
        try:
            with open('/output/big', 'wb') as f:
                f.write(b'x' * 100000)
            print('wrote everything')
        except OSError as e:
            print('refused', errno.errorcode[e.errno])
        print('size', os.path.getsize('/output/big'))
        """;

    try (ProgramResult result = sandbox.run(python("fsize", script).outputBytes(65536).build())) {
      assertThat(result.log()).contains("refused EFBIG").contains("size 65536");
      assertThat(Files.size(result.outputDir().resolve("big"))).isEqualTo(65536);
    }
    ProgramRun shell =
        new RunBuilder("sigxfsz")
            .command("/bin/sh", "-c", "head -c 100000 /dev/zero > /tmp/big")
            .outputBytes(65536)
            .build();
    try (ProgramResult result = sandbox.run(shell)) {
      assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
      assertThat(result.exitCode()).as(result.log()).isEqualTo(128 + 25);
    }
  }

  @Test
  void cpuTimeOpenFilesAndFileSizeAreLimitedPerProcess() throws Exception {
    ProgramRun run =
        new RunBuilder("rlimits")
            .command("/bin/cat", "/proc/self/limits")
            .timeLimit(Duration.ofSeconds(10))
            .outputBytes(12345)
            .build();

    try (ProgramResult result = sandbox.run(run)) {
      assertThat(result.log())
          .containsPattern("Max cpu time\\s+40\\s+41\\s+seconds")
          .containsPattern("Max file size\\s+12345\\s+12345\\s+bytes")
          .containsPattern("Max open files\\s+1024\\s+1024\\s+files");
      assertThat(result.limits())
          .extracting(LimitEnforcement::limit)
          .containsExactlyInAnyOrder(Limit.values());
      assertThat(result.limits()).allSatisfy(l -> assertThat(l.note()).isNotBlank());
      assertThat(limit(result, Limit.TIME).mechanism()).isEqualTo(Mechanism.WATCHDOG);
      assertThat(limit(result, Limit.FILE_SIZE).mechanism()).isEqualTo(Mechanism.RLIMIT);
      assertThat(limit(result, Limit.CPU_TIME).mechanism()).isEqualTo(Mechanism.RLIMIT);
    }
  }

  @Test
  void jarRunsOnTheControlPlanesJavaWithinTheMemoryLimit() throws Exception {
    Path jar = scorerJar();

    ProgramRun run =
        new RunBuilder("jar")
            .command(
                sandbox.javaCommand(),
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:-UsePerfData",
                "-jar",
                "/program/scorer.jar")
            .input("/program/scorer.jar", jar)
            .input("/input/gold.tsv", gold)
            .input("/input/submission.tsv", submission)
            .memoryMiB(256)
            .build();

    try (ProgramResult result = sandbox.run(run)) {
      assertThat(result.outcome()).as(result.log()).isEqualTo(Outcome.EXITED);
      assertThat(result.exitCode()).as(result.log()).isZero();
      assertThat(result.log()).startsWith("heap MiB 123");
      assertThat(result.readOutput("scores.json", 1024))
          .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
          .contains("{\"accuracy\": 0.5}");
    }
  }

  @Test
  void concurrentRunsDoNotSeeEachOthersFiles() throws Exception {
    Path otherGold =
        secret(dir.resolve("objects/other-gold.tsv"), "user\tlabel\nzz\tsecret-of-b\n");
    String script =
        """
        import os, time
        time.sleep(1)
        open('/output/mine', 'w').write(os.environ['NAME'])
        print('input', sorted(os.listdir('/input')))
        print('gold', open('/input/gold.tsv').read().split()[-1])
        print('output', sorted(os.listdir('/output')))
        print('runs', os.path.exists(os.environ['RUNS']))
        """;
    String runs = stateDir.resolve("runs").toString();
    ProgramRun a = python("run-a", script).env("NAME", "a").env("RUNS", runs).build();
    ProgramRun b =
        python("run-b", script)
            .input("/input/gold.tsv", otherGold)
            .env("NAME", "b")
            .env("RUNS", runs)
            .build();

    CompletableFuture<ProgramResult> first = CompletableFuture.supplyAsync(() -> sandbox.run(a));
    CompletableFuture<ProgramResult> second = CompletableFuture.supplyAsync(() -> sandbox.run(b));
    try (ProgramResult ra = first.get();
        ProgramResult rb = second.get()) {
      assertThat(ra.log())
          .contains("input ['gold.tsv', 'submission.tsv']")
          .contains("gold b\n")
          .contains("output ['mine']")
          .contains("runs False");
      assertThat(rb.log()).contains("gold secret-of-b").contains("output ['mine']");
      assertThat(ra.log()).doesNotContain("secret-of-b");
      assertThat(Files.readString(ra.outputDir().resolve("mine"))).isEqualTo("a");
      assertThat(Files.readString(rb.outputDir().resolve("mine"))).isEqualTo("b");
      assertThat(ra.outputDir()).isNotEqualTo(rb.outputDir());
    }
  }

  @Test
  void exitCodeAndBothStreamsReachTheResult() throws Exception {
    ProgramRun run =
        new RunBuilder("exit")
            .command("/bin/sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 3")
            .build();

    try (ProgramResult result = sandbox.run(run)) {
      assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
      assertThat(result.exitCode()).isEqualTo(3);
      assertThat(result.succeeded()).isFalse();
      assertThat(result.log()).isEqualTo("to-stdout\nto-stderr\n");
      assertThat(result.logTruncated()).isFalse();
    }
  }

  @Test
  void longLogKeepsItsLast64KiB() throws Exception {
    String script =
        "import sys\nfor i in range(20000):\n    print('line', i)\nsys.stdout.flush()\nprint('THE-END', file=sys.stderr)\n";

    try (ProgramResult result = sandbox.run(python("log", script).build())) {
      assertThat(result.logTruncated()).isTrue();
      assertThat(result.log().getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(ProgramResult.MAX_LOG_BYTES);
      assertThat(result.log()).endsWith("line 19999\nTHE-END\n").doesNotContain("line 0\n");
    }
  }

  @Test
  void outputIsReadWithoutFollowingTheProgramsLinks() throws Exception {
    String script =
        "import os\nos.symlink(os.environ['TARGET'], '/output/scores.json')\n"
            + "os.mkdir('/output/d')\nopen('/output/d/real.json', 'w').write('{}')\n"
            + "os.symlink('/output/d', '/output/linked')\n";

    try (ProgramResult result =
        sandbox.run(python("links", script).env("TARGET", gold.toString()).build())) {
      assertThat(result.exitCode()).as(result.log()).isZero();
      assertThat(result.readOutput("scores.json", 1024)).isEmpty();
      assertThat(result.readOutput("linked/real.json", 1024)).isEmpty();
      assertThat(result.readOutput("d", 1024)).isEmpty();
      assertThat(result.readOutput("d/real.json", 1)).isEmpty();
      assertThat(result.readOutput("d/real.json", 2))
          .contains("{}".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> result.readOutput("../run.properties", 1024))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void closeRemovesTheRunsFilesAndCgroups() throws Exception {
    ProgramResult result = sandbox.run(new RunBuilder("close").command("/bin/true").build());
    Path runDir = result.outputDir().getParent();
    assertThat(runDir.resolve("inputs")).isDirectory();

    result.close();
    result.close();

    assertThat(runDir).doesNotExist();
    assertThat(Cgroups.detect(cgroupName).existingGroups(runDir.getFileName().toString()))
        .isEmpty();
  }

  @Test
  void sandboxThatCannotBeSetUpFailsAndLeavesNothing() throws Exception {
    HostTools real = HostTools.locate();
    HostTools broken =
        new HostTools(
            Path.of("/bin/false"),
            real.nsenter(),
            real.setpriv(),
            real.setsid(),
            real.prlimit(),
            real.script(),
            real.sh(),
            real.bash(),
            real.timeout());
    ProgramSandbox failing =
        new ProgramSandbox(ProgramSandboxConfig.of(stateDir).withCgroupName(cgroupName), broken);
    ProgramRun run = python("broken", "print('never')\n").build();

    assertThatThrownBy(() -> failing.run(run))
        .isInstanceOfSatisfying(
            WorkspaceException.class,
            e -> assertThat(e.reason()).isEqualTo(WorkspaceException.Reason.START_FAILED));

    assertThat(stateDir.resolve("runs").resolve(run.id())).doesNotExist();
    assertThat(Cgroups.detect(cgroupName).existingGroups(run.id())).isEmpty();
  }

  @Test
  void runsLeftByAControlPlaneThatIsGoneAreRemovedByTheNextOne() throws Exception {
    String id = SandboxFixture.uniqueId("stale");
    Path stale = Files.createDirectories(stateDir.resolve("runs").resolve(id).resolve("output"));
    Files.writeString(stale.resolve("scores.json"), "{}");
    List<Path> groups =
        Cgroups.detect(cgroupName).place(id, new WorkspaceLimits(1, 64, 16, 64)).groups();
    Properties record = new Properties();
    // This JVM's pid with another start time: a process that is gone.
    record.setProperty("owner.pid", Long.toString(ProcessHandle.current().pid()));
    record.setProperty("owner.startTicks", "1");
    record.setProperty("owner.bootId", Procs.currentBootId());
    record.setProperty(
        "cgroups", String.join("\u001f", groups.stream().map(Path::toString).toList()));
    StateFiles.write(stale.resolveSibling(ProgramRunDir.RECORD), record);

    new ProgramSandbox(ProgramSandboxConfig.of(stateDir).withCgroupName(cgroupName));

    assertThat(stale.getParent()).doesNotExist();
    assertThat(Cgroups.detect(cgroupName).existingGroups(id)).isEmpty();
  }

  @Test
  void missingInputFileOrReusedIdIsRefusedBeforeAnythingRuns() throws Exception {
    ProgramRun missing =
        new RunBuilder("missing")
            .command("/bin/true")
            .input("/input/gold.tsv", dir.resolve("objects/no-such-file.tsv"))
            .build();

    assertThatThrownBy(() -> sandbox.run(missing))
        .isInstanceOfSatisfying(
            WorkspaceException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(WorkspaceException.Reason.INVALID_SPEC);
              assertThat(e.getMessage()).contains("/input/gold.tsv").contains("is missing");
            });
    assertThat(stateDir.resolve("runs").resolve(missing.id())).doesNotExist();

    ProgramRun once = new RunBuilder("twice").command("/bin/true").build();
    try (ProgramResult first = sandbox.run(once)) {
      assertThatThrownBy(() -> sandbox.run(once))
          .isInstanceOfSatisfying(
              WorkspaceException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(WorkspaceException.Reason.INVALID_SPEC);
                assertThat(e.getMessage()).contains("exists already");
              });
      assertThat(first.outputDir()).isDirectory();
    }
  }

  private static String target(HostListener listener) {
    return listener.host() + ":" + listener.port();
  }

  /** What follows {@code "<key> "} on the first line that starts so. */
  private static String line(String log, String key) {
    return log.lines()
        .filter(l -> l.startsWith(key + " "))
        .findFirst()
        .map(l -> l.substring(key.length() + 1))
        .orElseThrow(() -> new AssertionError("no line '" + key + "' in: " + log));
  }

  private static LimitEnforcement limit(ProgramResult result, Limit limit) {
    return result.limits().stream().filter(l -> l.limit() == limit).findFirst().orElseThrow();
  }

  /** How many host processes have {@code argument} on their command line. */
  private static long processesNamed(String argument) {
    return Procs.allPids().stream()
        .filter(pid -> Procs.commandLine(pid).contains(argument))
        .count();
  }

  /** A jar, compiled now, that scores accuracy like the Python program and prints its heap. */
  private Path scorerJar() throws IOException {
    Path src = Files.createDirectories(dir.resolve("jar-src"));
    Files.writeString(
        src.resolve("Scorer.java"),
        """
        import java.nio.file.Files;
        import java.nio.file.Path;
        import java.util.List;

        public class Scorer {
          public static void main(String[] args) throws Exception {
            System.out.println("heap MiB " + Runtime.getRuntime().maxMemory() / (1024 * 1024));
            List<String> gold = Files.readAllLines(Path.of("/input/gold.tsv"));
            List<String> sub = Files.readAllLines(Path.of("/input/submission.tsv"));
            int right = 0;
            for (int i = 1; i < gold.size(); i++) {
              if (gold.get(i).equals(sub.get(i))) {
                right++;
              }
            }
            double accuracy = (double) right / (gold.size() - 1);
            Files.writeString(Path.of("/output/scores.json"), "{\\"accuracy\\": " + accuracy + "}");
          }
        }
        """);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status =
        javac.run(
            null,
            errors,
            errors,
            "--release",
            "17",
            "-d",
            src.toString(),
            src.resolve("Scorer.java").toString());
    assertThat(status).as(errors.toString(StandardCharsets.UTF_8)).isZero();

    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Scorer");
    Path jar = dir.resolve("programs/scorer.jar");
    Files.createDirectories(jar.getParent());
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry("Scorer.class"));
      out.write(Files.readAllBytes(src.resolve("Scorer.class")));
      out.closeEntry();
    }
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-------"));
    return jar;
  }

  /**
   * One run of a Python script with the two inputs and small limits; tests change what they test.
   */
  private RunBuilder python(String name, String script) throws IOException {
    Path file = secret(dir.resolve("programs").resolve(name + ".py"), script);
    return new RunBuilder(name)
        .command(PYTHON, "/program/score.py")
        .input("/program/score.py", file)
        .input("/input/gold.tsv", gold)
        .input("/input/submission.tsv", submission);
  }

  /** Writes {@code content} to {@code file}, readable by its owner only. */
  private static Path secret(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /** A {@link ProgramRun} with a unique id and limits small enough for tests. */
  static final class RunBuilder {
    String id;
    List<String> command = List.of();
    Map<String, Path> inputs = new LinkedHashMap<>();
    Map<String, String> environment = new LinkedHashMap<>();
    Duration timeLimit = Duration.ofSeconds(20);
    long memoryMiB = 128;
    long outputBytes = 1 << 20;
    int pids = 64;

    RunBuilder(String name) {
      id = SandboxFixture.uniqueId(name);
    }

    RunBuilder command(String... argv) {
      command = List.of(argv);
      return this;
    }

    RunBuilder input(String sandboxPath, Path hostFile) {
      inputs.put(sandboxPath, hostFile);
      return this;
    }

    RunBuilder env(String name, String value) {
      environment.put(name, value);
      return this;
    }

    RunBuilder timeLimit(Duration limit) {
      timeLimit = limit;
      return this;
    }

    RunBuilder memoryMiB(long mib) {
      memoryMiB = mib;
      return this;
    }

    RunBuilder outputBytes(long bytes) {
      outputBytes = bytes;
      return this;
    }

    RunBuilder pids(int n) {
      pids = n;
      return this;
    }

    ProgramRun build() {
      return new ProgramRun(
          id, command, inputs, environment, timeLimit, memoryMiB, outputBytes, pids);
    }
  }
}
