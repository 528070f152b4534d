package org.enclave.api.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Workspaces run the Jupyter Notebook server, and the session proxy serves it; they see the
 * workspace runtime (the Groovy kernel and the {@code enclave} command) that module {@code
 * workspace-runtime} lays out when it is packaged.
 */
public class SessionProfile implements QuarkusTestProfile {
  /** Where {@code ./mvnw package} in module workspace-runtime lays out the runtime directory. */
  public static final Path RUNTIME_DIR =
      Path.of("..", "workspace-runtime", "target", "runtime").toAbsolutePath().normalize();

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "enclave.sessions.enabled",
        "true",
        "enclave.workspaces.runtime-dir",
        RUNTIME_DIR.toString());
  }

  /** Fails, saying how to build it, if the runtime directory was not built. */
  public static void requireRuntime() {
    if (!Files.isRegularFile(RUNTIME_DIR.resolve("enclave-runtime.jar"))) {
      throw new AssertionError(
          RUNTIME_DIR
              + " has no enclave-runtime.jar: build it with ./mvnw -pl workspace-runtime package"
              + " (./enclave test builds every module in order)");
    }
  }
}
