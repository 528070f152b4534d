package org.enclave.infra.terraform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of security groups, wherever a module writes them: {@code
 * aws_vpc_security_group_ingress_rule} / {@code _egress_rule} (the contract's form), {@code
 * aws_security_group_rule}, and inline {@code ingress} / {@code egress} blocks (plain or {@code
 * dynamic}).
 */
final class SecurityGroupRules {
  /** Addresses no rule of the enclave may name. */
  static final List<String> ANY_ADDRESS = List.of("0.0.0.0/0", "::/0");

  private static final Pattern GROUP_REFERENCE =
      Pattern.compile("^(aws_security_group\\.[\\w-]+)\\.id$");

  private SecurityGroupRules() {}

  /**
   * One rule. {@code group} is the expression of the group it belongs to, {@code peer} the
   * referenced group (as {@code aws_security_group.x}) or the address expression, {@code
   * description} a canonical text that tests compare: {@code ingress tcp 8888-8888
   * aws_security_group.control_plane}.
   */
  record Rule(HclBlock block, String direction, String group, String peer, String description) {}

  /** Every rule of a module. */
  static List<Rule> of(TerraformModule module) {
    List<Rule> rules = new ArrayList<>();
    for (String direction : List.of("ingress", "egress")) {
      for (HclBlock b : module.resources("aws_vpc_security_group_" + direction + "_rule")) {
        String peer =
            first(b, "referenced_security_group_id", "cidr_ipv4", "cidr_ipv6", "prefix_list_id");
        rules.add(
            rule(
                b,
                direction,
                b.expression("security_group_id").orElse("?"),
                peer,
                b.literal("ip_protocol"),
                b.literal("from_port"),
                b.literal("to_port")));
      }
    }
    for (HclBlock b : module.resources("aws_security_group_rule")) {
      String peer =
          first(
              b,
              "source_security_group_id",
              "cidr_blocks",
              "ipv6_cidr_blocks",
              "prefix_list_ids",
              "self");
      rules.add(
          rule(
              b,
              b.literal("type").orElse("?"),
              b.expression("security_group_id").orElse("?"),
              peer,
              b.literal("protocol"),
              b.literal("from_port"),
              b.literal("to_port")));
    }
    for (HclBlock group : module.resources("aws_security_group")) {
      for (String direction : List.of("ingress", "egress")) {
        List<HclBlock> inline = new ArrayList<>(group.blocks(direction));
        group.dynamicBlocks(direction).forEach(d -> d.block("content").ifPresent(inline::add));
        for (HclBlock b : inline) {
          String peer =
              first(b, "security_groups", "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids");
          rules.add(
              rule(
                  b,
                  direction,
                  group.address() + ".id",
                  peer,
                  b.literal("protocol"),
                  b.literal("from_port"),
                  b.literal("to_port")));
        }
      }
    }
    return rules;
  }

  /** The rules of one group of the module, {@code aws_security_group.<name>}. */
  static List<Rule> ofGroup(TerraformModule module, String groupAddress) {
    return of(module).stream().filter(r -> HclValues.mentions(r.group(), groupAddress)).toList();
  }

  /**
   * Whether a rule names any address ({@code 0.0.0.0/0}, {@code ::/0}) in one of its expressions or
   * in the default of a variable it uses.
   */
  static boolean opensToAnyAddress(TerraformModule module, Rule rule) {
    return rule.block().attributes().values().stream()
        .map(HclBlock.Attribute::expression)
        .anyMatch(e -> namesAnyAddress(e) || namesAnyAddress(defaultsOf(module, e)));
  }

  static boolean namesAnyAddress(String expression) {
    return ANY_ADDRESS.stream().anyMatch(expression::contains);
  }

  /** The defaults of the variables an expression uses, as source text. */
  private static String defaultsOf(TerraformModule module, String expression) {
    StringBuilder defaults = new StringBuilder();
    module
        .variables()
        .forEach(
            (name, variable) -> {
              if (HclValues.mentions(expression, "var." + name)) {
                variable.expression("default").ifPresent(defaults::append);
              }
            });
    return defaults.toString();
  }

  private static Rule rule(
      HclBlock b,
      String direction,
      String group,
      String peer,
      Optional<String> protocol,
      Optional<String> from,
      Optional<String> to) {
    String loop =
        b.expression("for_each").or(() -> b.expression("count")).isPresent() ? " (repeated)" : "";
    String description =
        direction
            + " "
            + protocol.orElse("<not a literal protocol>")
            + " "
            + from.orElse("?")
            + "-"
            + to.orElse("?")
            + " "
            + peer
            + loop;
    return new Rule(b, direction, group, peer, description);
  }

  /** The first attribute present, with a group reference shortened to the group's address. */
  private static String first(HclBlock b, String... attributes) {
    for (String attribute : attributes) {
      Optional<String> expression = b.expression(attribute);
      if (expression.isPresent()) {
        Matcher group = GROUP_REFERENCE.matcher(expression.get());
        return group.matches() ? group.group(1) : expression.get();
      }
    }
    return "<no peer>";
  }
}
