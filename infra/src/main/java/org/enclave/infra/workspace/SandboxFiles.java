package org.enclave.infra.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a sandbox gets instead of the host's: users and groups, host names without DNS, the AWS
 * configuration pointing at the broker, and the Python hook that makes older AWS SDKs honour {@code
 * AWS_ENDPOINT_URL}. Written on every start into the workspace's state directory and shown
 * read-only inside.
 */
final class SandboxFiles {
  static final String DEFAULT_REGION = "us-east-1";
  private static final String PYTHON_HOOK = "python/usercustomize.py";

  /** {@code import enclave_exports} in the Python kernel: reviewed exports through the CLI. */
  private static final String PYTHON_EXPORTS = "python/enclave_exports.py";

  private static final List<String> JUPYTER_FILES =
      List.of("jupyter_notebook_config.py", "enclave_refusals.py");

  /**
   * Host paths of the generated files.
   *
   * @param etc generated files by their name under {@code /etc}
   * @param awsDir the directory shown as {@link SandboxLayout#AWS_DIR}
   * @param pythonDir the directory shown as {@link SandboxLayout#PYTHON_DIR}
   * @param jupyterDir the directory shown as {@link SandboxLayout#JUPYTER_CONFIG_DIR}
   */
  record Generated(Map<String, Path> etc, Path awsDir, Path pythonDir, Path jupyterDir) {}

  private SandboxFiles() {}

  /**
   * Who the sandbox's one user is, for the generated {@code /etc}.
   *
   * @param user the user's and its group's name
   * @param description the passwd entry's description
   */
  record Identity(
      String user, long uid, long gid, String description, String home, String hostname) {}

  static Generated write(Path dir, long uid, long gid, String region) throws IOException {
    Map<String, Path> etc =
        writeEtc(
            dir.resolve("etc"),
            new Identity(
                SandboxLayout.USER,
                uid,
                gid,
                "Enclave workspace",
                SandboxLayout.HOME,
                SandboxLayout.HOSTNAME));

    Path awsDir = Files.createDirectories(dir.resolve("aws"));
    write(awsDir.resolve("config"), awsConfig(region));

    Path pythonDir = Files.createDirectories(dir.resolve("python"));
    write(pythonDir.resolve("usercustomize.py"), resource(PYTHON_HOOK));
    write(pythonDir.resolve("enclave_exports.py"), resource(PYTHON_EXPORTS));

    Path jupyterDir = Files.createDirectories(dir.resolve("jupyter"));
    for (String name : JUPYTER_FILES) {
      write(jupyterDir.resolve(name), resource("jupyter/" + name));
    }
    // Tells Jupyter that there is no old IPython configuration to migrate into this read-only
    // directory (it tries once a kernel has created ~/.ipython).
    write(jupyterDir.resolve("migrated"), "");
    // Settings the notebook's pages save (nbconfig) go to the home: the rest stays read-only.
    Path nbconfig = jupyterDir.resolve("nbconfig");
    Files.deleteIfExists(nbconfig);
    Files.createSymbolicLink(nbconfig, Path.of(SandboxLayout.HOME, ".jupyter", "nbconfig"));
    return new Generated(etc, awsDir, pythonDir, jupyterDir);
  }

  /**
   * Writes the files a sandbox's {@code /etc} gets instead of the host's into {@code etcDir}: one
   * user besides root and nobody, host names without DNS, and name lookups in files only.
   *
   * @return the files by their name under {@code /etc}
   */
  static Map<String, Path> writeEtc(Path etcDir, Identity who) throws IOException {
    Files.createDirectories(etcDir);
    Map<String, Path> etc = new LinkedHashMap<>();
    etc.put(
        "passwd",
        write(
            etcDir.resolve("passwd"),
            "root:x:0:0:root:/root:/usr/sbin/nologin\n"
                + who.user()
                + ":x:"
                + who.uid()
                + ":"
                + who.gid()
                + ":"
                + who.description()
                + ":"
                + who.home()
                + ":/bin/bash\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"));
    etc.put(
        "group",
        write(
            etcDir.resolve("group"),
            "root:x:0:\n" + who.user() + ":x:" + who.gid() + ":\nnogroup:x:65534:\n"));
    etc.put(
        "hosts",
        write(
            etcDir.resolve("hosts"),
            "127.0.0.1\tlocalhost "
                + who.hostname()
                + "\n::1\tlocalhost ip6-localhost ip6-loopback\n"));
    etc.put("hostname", write(etcDir.resolve("hostname"), who.hostname() + "\n"));
    etc.put(
        "resolv.conf",
        write(
            etcDir.resolve("resolv.conf"),
            "# No name server: nothing resolves but the names in /etc/hosts, and the sandbox"
                + " has no route to any.\n"));
    etc.put(
        "nsswitch.conf",
        write(
            etcDir.resolve("nsswitch.conf"),
            """
            passwd: files
            group: files
            shadow: files
            hosts: files
            networks: files
            protocols: files
            services: files
            ethers: files
            rpc: files
            netgroup: files
            """));
    return Map.copyOf(etc);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SandboxFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource missing: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The AWS configuration: the broker as endpoint (SDKs that read {@code endpoint_url}), path-style
   * addressing (bucket names are not host names here) and the region.
   */
  static String awsConfig(String region) {
    return "[default]\n"
        + "region = "
        + region
        + "\n"
        + "endpoint_url = "
        + BubblewrapWorkspaceProvider.BROKER_ENDPOINT
        + "\n"
        + "s3 =\n"
        + "    addressing_style = path\n";
  }

  private static Path write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
