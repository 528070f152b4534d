package org.enclave.infra.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the Terraform is: {@code terraform/} of the repository, found from this module's directory
 * (Surefire runs in {@code infra/}) as {@code IamPolicyCoverage} finds the control plane's policy.
 *
 * <p>A test can point the current thread at another checkout with {@link #using}: {@link
 * BrokenTerraformTest} runs the policy tests against a copy of {@code terraform/} with one guard
 * broken, to show that each test fails when its guard goes.
 */
final class TerraformRepo {
  private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
  private static final ThreadLocal<Path> OVERRIDE = new ThreadLocal<>();

  private TerraformRepo() {}

  /** The directory that holds {@code terraform/}: the repository, or the copy being tested. */
  static Path root() {
    Path root = OVERRIDE.get();
    return root == null ? CHECKOUT : root;
  }

  static Path terraform() {
    return root().resolve("terraform");
  }

  /** A file of the Terraform (or any file) as UTF-8 text. */
  static String read(Path file) {
    try {
      return Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path module(String name) {
    if (!Files.isDirectory(terraform().resolve("policies"))) {
      throw new AssertionError(
          "terraform/policies not found under " + root() + ": run the tests from infra/");
    }
    return terraform().resolve("modules").resolve(name);
  }

  /**
   * Runs {@code body} with {@link #root()} at {@code root} (a directory holding a {@code
   * terraform/}) on this thread, then restores the repository.
   */
  static void using(Path root, Runnable body) {
    Path before = OVERRIDE.get();
    OVERRIDE.set(root.toAbsolutePath().normalize());
    try {
      body.run();
    } finally {
      if (before == null) {
        OVERRIDE.remove();
      } else {
        OVERRIDE.set(before);
      }
    }
  }

  /** A path as the repository names it ({@code terraform/modules/...}), for messages. */
  static String relative(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path root = root();
    return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
  }

  /** The root module (terraform/, when it has .tf files) and every module under modules/. */
  static List<Path> modules() {
    List<Path> dirs = new ArrayList<>();
    if (hasTerraform(terraform())) {
      dirs.add(terraform());
    }
    try (Stream<Path> modules = Files.list(terraform().resolve("modules"))) {
      modules
          .filter(Files::isDirectory)
          .filter(TerraformRepo::hasTerraform)
          .sorted()
          .forEach(dirs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dirs;
  }

  static boolean hasTerraform(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".tf"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
