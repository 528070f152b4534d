package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The root module (terraform/) and its examples: every module they call is there, and every output
 * of the root, which the control plane's configuration is made of, is documented in
 * terraform/README.md.
 */
class RootModuleTest {
  /** A backticked name in a Markdown table row. */
  private static final Pattern DOCUMENTED = Pattern.compile("`([A-Za-z0-9_]+)`");

  final TerraformModule root = TerraformModule.load(TerraformRepo.terraform());

  @Test
  void everyModuleTheRootCallsExists() {
    assertThat(root.modules()).as("terraform/main.tf calls the modules").isNotEmpty();
    assertLocalSourcesExist(root);
  }

  @Test
  void everyModuleAnExampleCallsExists() throws IOException {
    Path examples = TerraformRepo.terraform().resolve("examples");
    if (!Files.isDirectory(examples)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(examples)) {
      for (Path example : dirs.filter(Files::isDirectory).sorted().toList()) {
        assertLocalSourcesExist(TerraformModule.load(example));
      }
    }
  }

  @Test
  void everyOutputIsDocumentedInTheReadme() throws IOException {
    Set<String> documented = new TreeSet<>();
    for (String line : Files.readAllLines(TerraformRepo.terraform().resolve("README.md"))) {
      if (!line.strip().startsWith("|")) {
        continue;
      }
      Matcher name = DOCUMENTED.matcher(line);
      while (name.find()) {
        documented.add(name.group(1));
      }
    }
    List<String> undocumented =
        root.outputs().entrySet().stream()
            .filter(o -> !documented.contains(o.getKey()))
            .map(o -> o.getValue().where())
            .toList();
    assertThat(undocumented)
        .as("outputs of terraform/ missing from the table of terraform/README.md")
        .isEmpty();
  }

  private static void assertLocalSourcesExist(TerraformModule module) {
    for (HclBlock call : module.modules().values()) {
      String source =
          call.literal("source")
              .orElseThrow(() -> new AssertionError(call.where() + ": source must be a literal"));
      assertThat(source)
          .as("%s: a module of this repository (a relative path), not a registry's", call.where())
          .startsWith(".");
      Path dir = module.dir().resolve(source).normalize();
      assertThat(Files.isDirectory(dir) && TerraformRepo.hasTerraform(dir))
          .as("%s: source %s is a directory with .tf files", call.where(), source)
          .isTrue();
    }
  }
}
