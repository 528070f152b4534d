package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The systemd units of the workspace image keep the instance metadata service away from
 * researchers' code: only {@code enclave-metadata.service} reaches it, and only it; {@code
 * enclave-workspace.service} (the runtime, Jupyter and every kernel) is denied its address and
 * boots from the user data the first unit saved. Read from {@code
 * terraform/modules/workspaces/files/}, the files the image recipe installs.
 */
class WorkspaceUnitsTest {
  static final Set<String> IMDS = Set.of("169.254.169.254/32", "fd00:ec2::254/128");
  static final String SAVED = "/run/enclave/user-data";

  /** A unit file's settings: every value of each key, in order, from every section. */
  record Unit(String where, Map<String, List<String>> settings) {
    static Unit read(String name) {
      Path file = TerraformRepo.module("workspaces").resolve("files").resolve(name);
      String where = "terraform/" + TerraformRepo.terraform().relativize(file);
      Map<String, List<String>> settings = new LinkedHashMap<>();
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String l = line.strip();
          if (l.isEmpty() || l.startsWith("#") || l.startsWith("[")) {
            continue;
          }
          int eq = l.indexOf('=');
          assertThat(eq).as("%s: %s is key=value", where, l).isPositive();
          settings
              .computeIfAbsent(l.substring(0, eq), k -> new ArrayList<>())
              .add(l.substring(eq + 1));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Unit(where, settings);
    }

    /** Every space-separated word of every value of {@code key}. */
    List<String> words(String key) {
      List<String> out = new ArrayList<>();
      for (String v : settings.getOrDefault(key, List.of())) {
        for (String w : v.strip().split("\\s+")) {
          if (!w.isEmpty()) {
            out.add(w);
          }
        }
      }
      return out;
    }

    String one(String key) {
      List<String> values = settings.getOrDefault(key, List.of());
      assertThat(values).as("%s: exactly one %s=", where, key).hasSize(1);
      return values.get(0);
    }
  }

  @Test
  void theWorkspaceUnitCannotReachTheMetadataService() {
    Unit ws = Unit.read("enclave-workspace.service");
    assertThat(ws.words("IPAddressDeny"))
        .as(
            "%s (enclave-workspace.service): IPAddressDeny= must hold the metadata service's"
                + " addresses, so that Jupyter and the kernels cannot reach it",
            ws.where())
        .containsAll(IMDS);
    assertThat(ws.words("IPAddressAllow"))
        .as("%s (enclave-workspace.service): no IPAddressAllow= may reopen it", ws.where())
        .isEmpty();
    assertThat(ws.words("Environment"))
        .as(
            "%s (enclave-workspace.service): the boot must read the saved user data"
                + " (ENCLAVE_USER_DATA_FILE=%s)",
            ws.where(), SAVED)
        .contains("ENCLAVE_USER_DATA_FILE=" + SAVED);
  }

  @Test
  void onlyTheMetadataUnitReachesTheMetadataServiceAndNothingElse() {
    Unit meta = Unit.read("enclave-metadata.service");
    assertThat(meta.words("IPAddressDeny"))
        .as(
            "%s (enclave-metadata.service): IPAddressDeny=any, it reaches nothing else",
            meta.where())
        .containsExactly("any");
    assertThat(meta.words("IPAddressAllow"))
        .as(
            "%s (enclave-metadata.service): IPAddressAllow= only the metadata service's addresses",
            meta.where())
        .isNotEmpty()
        .allMatch(IMDS::contains);
    assertThat(meta.one("ExecStart"))
        .as(
            "%s (enclave-metadata.service): ExecStart saves the user data to %s",
            meta.where(), SAVED)
        .isEqualTo("/usr/local/bin/enclave boot --save-user-data " + SAVED);
    assertThat(meta.one("User"))
        .as("%s (enclave-metadata.service): runs as the workspace user, not root", meta.where())
        .isEqualTo("enclave");
    assertThat(meta.one("RuntimeDirectoryMode"))
        .as(
            "%s (enclave-metadata.service): the saved user data's directory is its owner's only",
            meta.where())
        .isEqualTo("0700");
  }

  @Test
  void theBootWaitsForTheSavedUserDataAndTheImageInstallsEveryUnit() {
    Unit ws = Unit.read("enclave-workspace.service");
    for (String key : List.of("Requires", "After")) {
      assertThat(ws.words(key))
          .as(
              "%s (enclave-workspace.service): %s= must name enclave-metadata.service",
              ws.where(), key)
          .contains("enclave-metadata.service");
    }
    Path module = TerraformRepo.module("workspaces");
    String component = TerraformRepo.read(module.resolve("components/service.yaml.tftpl"));
    String recipe = TerraformRepo.read(module.resolve("image_builder.tf"));
    for (String unit :
        List.of("enclave-home.service", "enclave-metadata.service", "enclave-workspace.service")) {
      String var = unit.replace("enclave-", "").replace(".service", "") + "_unit_b64";
      assertThat(component)
          .as(
              "terraform/modules/workspaces/components/service.yaml.tftpl: installs %s from ${%s}"
                  + " and enables it",
              unit, var)
          .contains("echo '${" + var + "}' | base64 -d > /etc/systemd/system/" + unit)
          .containsPattern("systemctl enable [^\\n]*" + java.util.regex.Pattern.quote(unit));
      assertThat(recipe)
          .as("terraform/modules/workspaces/image_builder.tf: passes %s from files/%s", var, unit)
          .containsPattern(
              var + "\\s*=\\s*filebase64\\(\"\\$\\{path.module\\}/files/" + unit + "\"\\)");
    }
  }
}
