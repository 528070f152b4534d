package org.enclave.infra.workspace;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle contract, run against real bubblewrap sandboxes. */
@Tag("sandbox")
class BubblewrapLifecycleContractTest extends WorkspaceLifecycleContract {
  @TempDir Path dir;
  SandboxFixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new SandboxFixture(dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Override
  WorkspaceProvider provider() {
    return fixture.provider;
  }

  @Override
  WorkspaceSpec spec(String id) {
    return fixture.spec(id);
  }

  @Override
  String newId(String name) {
    String id = SandboxFixture.uniqueId(name);
    fixture.adopt(id);
    return id;
  }

  @Override
  void leaveMark(String id) {
    fixture.sh(id, "echo kept > \"$HOME/mark\"");
  }

  @Override
  boolean markKept(String id) {
    return fixture.sh(id, "cat \"$HOME/mark\"").stdout().equals("kept\n");
  }
}
