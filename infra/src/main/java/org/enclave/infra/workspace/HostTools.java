package org.enclave.infra.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Absolute paths of the host programs the provider runs, found once, so that nothing depends on the
 * control plane's PATH. {@code socat} runs inside the sandbox, from the host's {@code /usr}.
 */
record HostTools(
    Path bwrap,
    Path nsenter,
    Path setpriv,
    Path setsid,
    Path prlimit,
    Path script,
    Path sh,
    Path bash,
    Path timeout) {
  private static final List<Path> DIRS =
      List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"), Path.of("/sbin"));

  /** Finds every program, or fails naming the missing ones and the Debian packages to install. */
  static HostTools locate() {
    List<String> missing = new ArrayList<>();
    HostTools tools =
        new HostTools(
            find("bwrap", missing),
            find("nsenter", missing),
            find("setpriv", missing),
            find("setsid", missing),
            find("prlimit", missing),
            find("script", missing),
            find("sh", missing),
            find("bash", missing),
            find("timeout", missing));
    find("socat", missing);
    if (!missing.isEmpty()) {
      throw new WorkspaceException(
          WorkspaceException.Reason.UNAVAILABLE,
          "missing programs "
              + missing
              + " (Debian packages bubblewrap, util-linux, bsdutils, coreutils, socat; see OS_PACKAGES in ./enclave)");
    }
    return tools;
  }

  private static Path find(String name, List<String> missing) {
    for (Path dir : DIRS) {
      Path candidate = dir.resolve(name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    missing.add(name);
    return null;
  }
}
