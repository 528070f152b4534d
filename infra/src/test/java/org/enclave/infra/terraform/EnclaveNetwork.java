package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of the network module the egress tests look at, found as the contract names them: the
 * enclave VPC is the {@code aws_vpc} whose {@code cidr_block} is {@code var.cidr}, the edge VPC the
 * one whose {@code cidr_block} is {@code var.edge_cidr}; a resource is in a VPC when its {@code
 * vpc_id} refers to it; the workspace subnets and route table are the enclave's whose resource
 * names contain {@code workspace}; a security group is found by its {@code name}, {@code
 * <prefix>-workspace} and so on. Each lookup fails, naming what it looked for, when the module does
 * not have exactly what the contract describes.
 */
final class EnclaveNetwork {
  final TerraformModule module;
  final HclBlock enclave;
  final HclBlock edge;

  EnclaveNetwork(TerraformModule module) {
    this.module = module;
    this.enclave = vpc(module, "var.cidr");
    this.edge = vpc(module, "var.edge_cidr");
  }

  private static HclBlock vpc(TerraformModule module, String cidr) {
    List<HclBlock> found =
        module.resources("aws_vpc").stream()
            .filter(v -> module.refersTo(v, "cidr_block", cidr))
            .toList();
    assertThat(found).as("one aws_vpc with cidr_block = %s", cidr).hasSize(1);
    return found.get(0);
  }

  List<HclBlock> enclaveRouteTables() {
    List<HclBlock> tables =
        new ArrayList<>(module.referring("aws_route_table", "vpc_id", enclave.address()));
    tables.addAll(
        module.referring("aws_default_route_table", "default_route_table_id", enclave.address()));
    return tables;
  }

  HclBlock workspaceRouteTable() {
    List<HclBlock> found =
        enclaveRouteTables().stream().filter(t -> t.address().contains("workspace")).toList();
    assertThat(found).as("one workspace route table in the enclave VPC").hasSize(1);
    return found.get(0);
  }

  List<HclBlock> workspaceSubnets() {
    List<HclBlock> found =
        module.referring("aws_subnet", "vpc_id", enclave.address()).stream()
            .filter(s -> s.address().contains("workspace"))
            .toList();
    assertThat(found).as("workspace subnets in the enclave VPC").isNotEmpty();
    return found;
  }

  /** The security group named {@code <prefix>-<suffix>}. */
  HclBlock group(String suffix) {
    List<HclBlock> found =
        module.resources("aws_security_group").stream()
            .filter(
                g -> g.expression("name").filter(n -> n.endsWith("-" + suffix + "\"")).isPresent())
            .toList();
    assertThat(found).as("one aws_security_group named <prefix>-%s", suffix).hasSize(1);
    return found.get(0);
  }

  boolean isEdgeGroup(TerraformModule m, String groupExpression) {
    if (HclValues.mentions(groupExpression, "var.edge_alb_security_group_id")) {
      return true;
    }
    String edgeVpc = m == module ? edge.address() : "var.edge_vpc_id";
    return m.resources("aws_security_group").stream()
        .filter(g -> HclValues.mentions(groupExpression, g.address()))
        .anyMatch(g -> m.refersTo(g, "vpc_id", edgeVpc));
  }

  /**
   * The services of an endpoint: what its service_name has after the region ({@code ecr.api} of
   * {@code com.amazonaws.${var.region}.ecr.api}), or its for_each's keys.
   */
  List<String> servicesOf(HclBlock endpoint) {
    String name = module.expand(endpoint.expression("service_name").orElse("")).replace("\"", "");
    if (name.contains("each.")) {
      return quotedStrings(forEachSource(endpoint));
    }
    if (name.contains("}")) {
      return List.of(name.substring(name.lastIndexOf('}') + 1).replaceFirst("^\\.", ""));
    }
    return List.of(name.replaceFirst("^com\\.amazonaws\\.[a-z0-9-]+\\.", ""));
  }

  /** The for_each of a block with locals and variable defaults inlined, as source text. */
  String forEachSource(HclBlock block) {
    String source = module.expand(block.expression("for_each").orElse(""));
    for (var variable : module.variables().entrySet()) {
      if (HclValues.mentions(source, "var." + variable.getKey())) {
        source += " " + variable.getValue().expression("default").orElse("");
      }
    }
    return source;
  }

  static List<String> quotedStrings(String source) {
    List<String> found = new ArrayList<>();
    Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(source);
    while (quoted.find()) {
      found.add(quoted.group(1));
    }
    return found;
  }
}
