package org.enclave.infra.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escape attempts from inside a running workspace, each run through {@code exec} as the workspace's
 * user. Every one must fail; where a host resource is the target, the test first makes sure the
 * host itself can reach it.
 */
@Tag("sandbox")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceEscapeTest {
  /** Printed by an attempt that got through. */
  private static final String ESCAPED = "ESCAPED";

  Path dir;
  SandboxFixture fixture;
  String id;
  String other;
  Path objectStoreFile;
  Path keyFile;

  @BeforeAll
  void startWorkspaces(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    fixture = new SandboxFixture(dir);
    id = fixture.startWithBroker("escape");
    other = fixture.startWithBroker("neighbour");
    assertThat(fixture.sh(other, "echo neighbour-secret > ~/secret.txt").exitCode()).isZero();
    // World-readable on purpose: only the sandbox's mounts stand between the workspace and them.
    objectStoreFile = write(dir.resolve("objects/datasets/clpsych/1/gold-labels.tsv"), "gold");
    keyFile = write(dir.resolve("keys/audit-signing.key"), "signing-key");
    write(dir.resolve("config/application.properties"), "db.password=secret");
  }

  @AfterAll
  void stopWorkspaces() throws Exception {
    fixture.close();
  }

  @Test
  void cannotConnectToAPublicAddress() {
    assertBlocked(
        "for target in 1.1.1.1/80 8.8.8.8/53 93.184.215.14/443; do"
            + " timeout 20 bash -c \"exec 3<>/dev/tcp/$target\" 2>/dev/null && echo "
            + ESCAPED
            + " $target; done;"
            + " curl -sS -m 20 -o /dev/null http://1.1.1.1/ && echo "
            + ESCAPED);
  }

  @Test
  void cannotReachHostServicesOnLoopback() throws Exception {
    try (HostListener listener = new HostListener(InetAddress.getLoopbackAddress())) {
      assertThat(listener.reachableFromHost()).isTrue();
      int before = listener.accepted();

      // The listener, then the local stack's control plane, PostgreSQL and Keycloak ports.
      assertBlocked(
          "for port in "
              + listener.port()
              + " 8080 5432 8180; do timeout 20 bash -c \"exec 3<>/dev/tcp/127.0.0.1/$port\""
              + " 2>/dev/null && echo "
              + ESCAPED
              + " $port; done");
      assertThat(listener.accepted()).isEqualTo(before);
    }
  }

  @Test
  void cannotReachHostServicesOnTheHostsOtherAddresses() throws Exception {
    Optional<InetAddress> address = HostListener.nonLoopbackAddress();
    assumeTrue(address.isPresent(), "this host has no non-loopback address");
    try (HostListener listener = new HostListener(address.get())) {
      assertThat(listener.reachableFromHost()).isTrue();
      int before = listener.accepted();

      assertBlocked(
          "timeout 20 bash -c 'exec 3<>/dev/tcp/"
              + listener.host()
              + "/"
              + listener.port()
              + "' 2>/dev/null && echo "
              + ESCAPED);
      assertThat(listener.accepted()).isEqualTo(before);
    }
  }

  @Test
  void cannotReachAbstractUnixSocketsOfTheHost() throws Exception {
    String name = "enclave-test-" + SandboxFixture.uniqueId("abstract");
    Process host =
        new ProcessBuilder("socat", "ABSTRACT-LISTEN:" + name + ",fork", "SYSTEM:echo " + ESCAPED)
            .start();
    try {
      assertThat(
              SandboxFixture.await(
                  () -> runOnHost("socat -u ABSTRACT-CONNECT:" + name + " -").contains(ESCAPED)))
          .as("the host reaches its own abstract socket")
          .isTrue();

      assertBlocked("socat -u ABSTRACT-CONNECT:" + name + " - 2>/dev/null");
    } finally {
      host.destroyForcibly();
    }
  }

  @Test
  void cannotResolveAnyName() throws Exception {
    String nameserver =
        Files.readAllLines(Path.of("/etc/resolv.conf")).stream()
            .filter(line -> line.startsWith("nameserver"))
            .map(line -> line.split("\\s+")[1])
            .filter(ip -> ip.contains("."))
            .findFirst()
            .orElse("8.8.8.8");

    assertBlocked(
        "getent hosts example.com && echo "
            + ESCAPED
            + "; getent ahosts localhost.localdomain && echo "
            + ESCAPED
            + "; python3 -c 'import socket; socket.getaddrinfo(\"example.com\", 443)' 2>/dev/null"
            + " && echo "
            + ESCAPED
            + "; for ns in "
            + nameserver
            + " 8.8.8.8; do timeout 10 bash -c \"exec 3<>/dev/udp/$ns/53 && printf x >&3\""
            + " 2>/dev/null && echo "
            + ESCAPED
            + " $ns; timeout 10 bash -c \"exec 3<>/dev/tcp/$ns/53\" 2>/dev/null && echo "
            + ESCAPED
            + " $ns; done");
    assertThat(fixture.sh(id, "cat /etc/resolv.conf").stdout()).doesNotContain("nameserver");
  }

  @Test
  void cannotReachTheInstanceMetadataService() {
    assertBlocked(
        "curl -sS -m 20 http://169.254.169.254/latest/meta-data/ && echo "
            + ESCAPED
            + "; timeout 20 bash -c 'exec 3<>/dev/tcp/169.254.169.254/80' 2>/dev/null && echo "
            + ESCAPED);
  }

  @Test
  void cannotReadAnotherWorkspacesHome() {
    Path otherHome = fixture.homeRoot.resolve(other);

    assertBlocked(
        "cat "
            + otherHome
            + "/secret.txt && echo "
            + ESCAPED
            + "; ls /home | grep -vx researcher && echo "
            + ESCAPED
            + "; cat /proc/*/root"
            + otherHome
            + "/secret.txt 2>/dev/null && echo "
            + ESCAPED
            + "; grep -rs neighbour-secret /home /tmp /run /proc/1/root/home && echo "
            + ESCAPED);
  }

  @Test
  void cannotReadTheObjectStoreOnDisk() {
    assertBlocked(
        "cat "
            + objectStoreFile
            + " && echo "
            + ESCAPED
            + "; ls "
            + objectStoreFile.getParent()
            + " && echo "
            + ESCAPED
            + "; cat /proc/1/root"
            + objectStoreFile
            + " && echo "
            + ESCAPED);
  }

  @Test
  void cannotReadTheControlPlanesKeysStateOrConfig() {
    Path record = fixture.stateDir.resolve("workspaces").resolve(id).resolve(SandboxRecord.FILE);
    assertThat(record).exists();

    assertBlocked(
        "for f in "
            + keyFile
            + " "
            + dir.resolve("config/application.properties")
            + " "
            + record
            + "; do cat $f && echo "
            + ESCAPED
            + " $f; done; ls "
            + fixture.stateDir
            + " && echo "
            + ESCAPED
            + "; for d in /work /root /var /srv /mnt /media; do ls -A $d 2>/dev/null | grep -q . && echo "
            + ESCAPED
            + " $d; done; ls -A /opt | grep -vx enclave && echo "
            + ESCAPED
            + "; cat /proc/1/environ && echo "
            + ESCAPED);
  }

  @Test
  void cannotWriteOutsideHomeAndTmp() {
    List<String> targets =
        List.of(
            "/",
            "/usr",
            "/usr/local/bin",
            "/etc",
            "/etc/enclave/aws",
            "/opt/enclave/python",
            "/run/enclave",
            "/run/enclave/broker",
            "/home",
            "/dev",
            "/proc/1");
    assertBlocked(
        "for d in "
            + String.join(" ", targets)
            + "; do touch $d/escape 2>/dev/null && echo "
            + ESCAPED
            + " $d; done; echo x 2>/dev/null >> /etc/passwd && echo "
            + ESCAPED
            + "; echo x 2>/dev/null > /usr/bin/python3 && echo "
            + ESCAPED);
    assertThat(fixture.sh(id, "touch ~/ok /tmp/ok /dev/shm/ok && echo written").stdout())
        .isEqualTo("written\n");
  }

  @Test
  void cannotRemountTheSystemWritableFromANestedUserNamespace() {
    assertBlocked(
        "unshare -r -m sh -c 'mount -o remount,rw / && touch /usr/escape' 2>/dev/null && echo "
            + ESCAPED
            + "; unshare -r -m sh -c 'umount -l /usr && ls /root' 2>/dev/null && echo "
            + ESCAPED);
  }

  @Test
  void cannotSeeOrSignalHostProcesses() {
    long jvm = ProcessHandle.current().pid();

    ExecResult processes = fixture.sh(id, "ps -e -o comm=");
    assertThat(processes.stdout()).doesNotContain("java");
    assertBlocked(
        "kill -0 "
            + jvm
            + " 2>/dev/null && echo "
            + ESCAPED
            + "; kill -0 1 2>/dev/null && echo "
            + ESCAPED);
  }

  /** Runs {@code script} in the workspace and asserts that no attempt in it got through. */
  private void assertBlocked(String script) {
    ExecResult result = fixture.sh(id, script);
    assertThat(result.timedOut()).isFalse();
    assertThat(result.stdout()).as("stderr: %s", result.stderr()).doesNotContain(ESCAPED);
  }

  private static String runOnHost(String script) {
    try {
      Process process = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes());
      process.waitFor();
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    return file;
  }
}
