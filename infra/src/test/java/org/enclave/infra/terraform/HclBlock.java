package org.enclave.infra.terraform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One HCL block: its type and labels, its attributes as source text, its nested blocks, and the
 * source text of the whole block.
 *
 * <p>Paths name nested blocks by type and end with an attribute, {@code
 * "metadata_options.http_tokens"}; a path through a block type that occurs more than once is an
 * error, since a guard on one of several blocks says nothing about the others.
 */
record HclBlock(
    String type,
    List<String> labels,
    Map<String, Attribute> attributes,
    List<HclBlock> blocks,
    String source,
    String file,
    int line) {

  /** An attribute: its name and its expression as written. */
  record Attribute(String name, String expression, int line) {}

  private static final Pattern QUOTED =
      Pattern.compile("\"((?:[^\"\\\\$%]|\\\\.|\\$(?!\\{)|%(?!\\{))*)\"");

  /** {@code aws_vpc.enclave}, {@code data.aws_iam_policy_document.x}, {@code module.network}. */
  String address() {
    return switch (type) {
      case "resource" -> String.join(".", labels);
      case "data", "module", "variable", "output" -> type + "." + String.join(".", labels);
      default -> type + (labels.isEmpty() ? "" : "." + String.join(".", labels));
    };
  }

  /** The block's address and place: failure messages that list blocks stay readable. */
  @Override
  public String toString() {
    return where();
  }

  /** Where the block is, for messages. */
  String where() {
    return address() + " (" + file + ":" + line + ")";
  }

  /** The nested blocks of one type (not {@code dynamic} ones: see {@link #dynamicBlocks}). */
  List<HclBlock> blocks(String blockType) {
    return blocks.stream().filter(b -> b.type.equals(blockType)).toList();
  }

  /** The {@code dynamic "<blockType>"} blocks. */
  List<HclBlock> dynamicBlocks(String blockType) {
    return blocks.stream()
        .filter(b -> b.type.equals("dynamic") && b.labels.equals(List.of(blockType)))
        .toList();
  }

  /** The nested block at a path of block types, if there is exactly one at each step. */
  Optional<HclBlock> block(String path) {
    HclBlock block = this;
    for (String step : path.split("\\.")) {
      List<HclBlock> found = block.blocks(step);
      if (found.size() > 1) {
        throw new AssertionError(
            where() + ": more than one " + step + " block on the path " + path);
      }
      if (found.isEmpty()) {
        return Optional.empty();
      }
      block = found.get(0);
    }
    return Optional.of(block);
  }

  /** The expression at a path, as written, if the path exists. */
  Optional<String> expression(String path) {
    int dot = path.lastIndexOf('.');
    Optional<HclBlock> owner = dot < 0 ? Optional.of(this) : block(path.substring(0, dot));
    return owner.map(b -> b.attributes.get(path.substring(dot + 1))).map(Attribute::expression);
  }

  /**
   * The value at a path when it is written as a literal: a quoted string without interpolation
   * (unquoted), {@code true}, {@code false} or a number (as written). A reference, a function call
   * or a template is not a literal: a guard written that way can change without the module
   * changing, so the tests treat it as absent.
   */
  Optional<String> literal(String path) {
    return expression(path).flatMap(HclBlock::literalOf);
  }

  static Optional<String> literalOf(String expression) {
    var quoted = QUOTED.matcher(expression);
    if (quoted.matches()) {
      return Optional.of(quoted.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    if (expression.equals("true")
        || expression.equals("false")
        || expression.matches("-?[0-9]+(\\.[0-9]+)?")) {
      return Optional.of(expression);
    }
    return Optional.empty();
  }

  /** The value hcl4j gives the expression at a path (see {@link HclValues}). */
  Optional<Object> value(String path) {
    return expression(path).map(HclValues::evaluate);
  }

  /** The strings of a list at a path: literal strings as they are, references by name. */
  List<String> strings(String path) {
    return value(path).map(HclValues::strings).orElse(List.of());
  }

  /** Whether the path holds the literal {@code true}. */
  boolean isTrue(String path) {
    return literal(path).filter("true"::equals).isPresent();
  }
}
