package org.enclave.infra.workspace;

import java.util.List;

/** Paths and names as seen from inside a sandbox. */
final class SandboxLayout {
  static final String USER = "researcher";
  static final String HOME = "/home/" + USER;
  static final String HOSTNAME = "workspace";
  static final String RUN_DIR = "/run/enclave";

  /** The broker socket's host directory appears here, read-only. */
  static final String BROKER_DIR = RUN_DIR + "/broker";

  /** A symlink to the broker socket in {@link #BROKER_DIR}. */
  static final String BROKER_SOCKET = RUN_DIR + "/broker.sock";

  /**
   * The workspace's session directory on the host appears here, writable until the session server
   * has created its socket, {@link #SESSION_SOCKET}.
   */
  static final String SESSION_DIR = RUN_DIR + "/session";

  static final String SESSION_SOCKET_NAME = "session.sock";
  static final String SESSION_SOCKET = SESSION_DIR + "/" + SESSION_SOCKET_NAME;

  /** The Jupyter server's configuration, read-only. */
  static final String JUPYTER_CONFIG_DIR = "/etc/enclave/jupyter";

  /** Kernels and tools built for workspaces (the JVM kernel), read-only, when the host has them. */
  static final String RUNTIME_DIR = "/opt/enclave/runtime";

  static final int BROKER_PORT = 9000;
  static final String BROKER_HOST = "127.0.0.1";
  static final String AWS_DIR = "/etc/enclave/aws";
  static final String AWS_CONFIG = AWS_DIR + "/config";
  static final String PYTHON_DIR = "/opt/enclave/python";
  static final String PATH = "/usr/local/bin:/usr/bin:/bin";

  /**
   * What of the host's {@code /etc} a workspace sees, read-only: configuration programs need to run
   * (libraries, certificates, alternatives, locale, shells, Python, Java), and nothing about the
   * host itself. Users, groups, host names and name resolution are generated instead.
   */
  static final List<String> ETC_FROM_HOST =
      List.of(
          "alternatives",
          "bash.bashrc",
          "ca-certificates",
          "ca-certificates.conf",
          "debian_version",
          "fonts",
          "gai.conf",
          "inputrc",
          "jupyter",
          "ld.so.cache",
          "ld.so.conf",
          "ld.so.conf.d",
          "localtime",
          "magic",
          "magic.mime",
          "mailcap",
          "matplotlibrc",
          "mime.types",
          "os-release",
          "profile",
          "profile.d",
          "protocols",
          "services",
          "ssl/certs",
          "ssl/openssl.cnf",
          "terminfo",
          "timezone",
          "xdg");

  /** Name prefixes of further {@code /etc} entries shown: Python's and Java's configuration. */
  static final List<String> ETC_PREFIXES_FROM_HOST = List.of("python3", "java-");

  /** Top-level directories that merged-/usr systems make symlinks into {@code /usr}. */
  static final List<String> USR_LINKS = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");

  private SandboxLayout() {}
}
