package org.enclave.infra.workspace;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What the provider keeps about a workspace from its first start until it is terminated: its home
 * and the host uid and gid its processes and files have. Stored as {@code workspace.properties}.
 */
record WorkspaceRecord(Path home, long uid, long gid) {
  static final String FILE = "workspace.properties";

  static Optional<WorkspaceRecord> read(Path workspaceDir) {
    return StateFiles.read(workspaceDir.resolve(FILE))
        .map(
            p ->
                new WorkspaceRecord(
                    Path.of(p.getProperty("home")),
                    Long.parseLong(p.getProperty("uid")),
                    Long.parseLong(p.getProperty("gid"))));
  }

  void write(Path workspaceDir) {
    Properties p = new Properties();
    p.setProperty("home", home.toString());
    p.setProperty("uid", Long.toString(uid));
    p.setProperty("gid", Long.toString(gid));
    StateFiles.write(workspaceDir.resolve(FILE), p);
  }
}
