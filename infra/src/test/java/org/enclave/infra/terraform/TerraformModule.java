package org.enclave.infra.terraform;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * The blocks of one Terraform module (every {@code *.tf} file of one directory), read without
 * Terraform: {@code terraform init} cannot download providers where the tests run (ADR 0006).
 */
final class TerraformModule {
  private final Path dir;
  private final List<HclBlock> blocks;
  private final Map<String, HclBlock.Attribute> locals = new LinkedHashMap<>();

  private TerraformModule(Path dir, List<HclBlock> blocks) {
    this.dir = dir;
    this.blocks = blocks;
    blocks.stream()
        .filter(b -> b.type().equals("locals"))
        .forEach(b -> locals.putAll(b.attributes()));
  }

  /** Reads a module; every file must also parse with hcl4j, as the contract requires. */
  static TerraformModule load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new AssertionError("module directory " + dir + " does not exist");
    }
    List<HclBlock> blocks = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
        String source = Files.readString(file, StandardCharsets.UTF_8);
        String name = TerraformRepo.relative(file);
        try {
          new HCLParser().parse(source);
        } catch (Exception e) {
          throw new AssertionError(name + " does not parse with hcl4j: " + e, e);
        }
        blocks.addAll(HclReader.read(name, source));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (blocks.isEmpty()) {
      throw new AssertionError("module " + dir + " has no .tf file with a block in it");
    }
    return new TerraformModule(dir, List.copyOf(blocks));
  }

  Path dir() {
    return dir;
  }

  /** Every resource block, in file order. */
  List<HclBlock> resourceBlocks() {
    return blocks.stream().filter(b -> b.type().equals("resource")).toList();
  }

  /** Every resource of a type, in file order. */
  List<HclBlock> resources(String type) {
    return blocks.stream()
        .filter(b -> b.type().equals("resource") && b.labels().get(0).equals(type))
        .toList();
  }

  /** The resources of a type whose attribute refers to something ({@code aws_vpc.enclave}). */
  List<HclBlock> referring(String type, String attribute, String reference) {
    return resources(type).stream().filter(b -> refersTo(b, attribute, reference)).toList();
  }

  /** Whether the expression at a path, with this module's locals inlined, mentions a reference. */
  boolean refersTo(HclBlock block, String path, String reference) {
    return block.expression(path).filter(e -> HclValues.mentions(expand(e), reference)).isPresent();
  }

  /** Every data source of a type. */
  List<HclBlock> data(String type) {
    return blocks.stream()
        .filter(b -> b.type().equals("data") && b.labels().get(0).equals(type))
        .toList();
  }

  Optional<HclBlock> data(String type, String name) {
    return data(type).stream().filter(b -> b.labels().get(1).equals(name)).findFirst();
  }

  Map<String, HclBlock> variables() {
    return named("variable");
  }

  Map<String, HclBlock> outputs() {
    return named("output");
  }

  /** The module calls, by name. */
  Map<String, HclBlock> modules() {
    return named("module");
  }

  /** Every local value, from every {@code locals} block. */
  Map<String, HclBlock.Attribute> locals() {
    return Collections.unmodifiableMap(locals);
  }

  /**
   * An expression with each {@code local.<name>} replaced by its definition (in parentheses), until
   * none is left that the module defines: the tests see through locals to what they name.
   */
  String expand(String expression) {
    String expanded = expression;
    for (int round = 0; round < 10; round++) {
      String before = expanded;
      for (var local : locals.values()) {
        expanded =
            expanded.replaceAll(
                "(?<![\\w.-])local\\." + local.name() + "(?![\\w-])",
                Matcher.quoteReplacement("(" + local.expression() + ")"));
      }
      if (expanded.equals(before)) {
        return expanded;
      }
    }
    return expanded;
  }

  private Map<String, HclBlock> named(String type) {
    Map<String, HclBlock> named = new LinkedHashMap<>();
    blocks.stream()
        .filter(b -> b.type().equals(type))
        .forEach(b -> named.put(b.labels().get(0), b));
    return named;
  }
}
