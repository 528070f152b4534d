package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.infra.terraform.IamPolicy.Statement;
import org.enclave.infra.terraform.SecurityGroupRules.Rule;
import org.junit.jupiter.api.Test;

/**
 * The guards of {@code terraform/modules/network} that leave the enclave VPC no way out (ADR 0006).
 * One test per way out; terraform/README.md lists them.
 *
 * <p>How the tests find the VPCs, subnets, route tables and groups: {@link EnclaveNetwork}.
 */
class NetworkEgressTest {
  /** Gateways, peering and VPN: a way out of a VPC that no module may create. */
  static final List<String> WAYS_OUT =
      List.of(
          "aws_nat_gateway",
          "aws_egress_only_internet_gateway",
          "aws_vpc_peering_connection",
          "aws_vpc_peering_connection_accepter",
          "aws_ec2_transit_gateway",
          "aws_ec2_transit_gateway_vpc_attachment",
          "aws_vpn_gateway",
          "aws_vpn_gateway_attachment",
          "aws_vpn_connection",
          "aws_customer_gateway",
          "aws_ec2_client_vpn_endpoint");

  /** The interface endpoints the enclave needs (contract). */
  static final Set<String> INTERFACE_SERVICES =
      Set.of(
          "ssm",
          "ssmmessages",
          "ec2messages",
          "logs",
          "kms",
          "sts",
          "ec2",
          "secretsmanager",
          "ecr.api",
          "ecr.dkr");

  /** ECR's image layers: the one bucket outside the enclave the S3 endpoint may reach. */
  static final Pattern ECR_LAYER_BUCKET =
      Pattern.compile(
          "arn:(aws[a-z-]*|\\$\\{\\(?data\\.aws_partition\\.\\w+\\.partition\\)?\\}):s3:::prod-"
              + "(\\$\\{\\(?(var\\.region|data\\.aws_region\\.\\w+\\.(name|region))\\)?\\}|[a-z]{2}(-[a-z]+)+-[0-9])"
              + "-starport-layer-bucket/\\*");

  final TerraformModule module = TerraformModule.load(TerraformRepo.module("network"));
  final EnclaveNetwork network = new EnclaveNetwork(module);
  final HclBlock enclave = network.enclave;
  final HclBlock edge = network.edge;

  @Test
  void anInternetGatewayExistsOnlyInTheEdgeVpc() {
    for (String type : List.of("aws_internet_gateway", "aws_internet_gateway_attachment")) {
      for (HclBlock gateway : module.resources(type)) {
        assertThat(module.refersTo(gateway, "vpc_id", edge.address()))
            .as(
                "%s: an internet gateway may only be in the edge VPC (%s)",
                gateway.where(), edge.address())
            .isTrue();
      }
    }
    assertThat(module.resources("aws_internet_gateway"))
        .as("the edge VPC's internet gateway (the ALB is internet-facing)")
        .isNotEmpty();
  }

  @Test
  void noNatEgressOnlyGatewayPeeringTransitGatewayOrVpn() {
    for (String type : WAYS_OUT) {
      assertThat(module.resources(type))
          .as("%s: the enclave VPC must have none, and the edge VPC needs none (ADR 0006)", type)
          .extracting(HclBlock::where)
          .isEmpty();
    }
  }

  @Test
  void noOtherModuleCreatesGatewaysOrRoutes() {
    List<String> forbidden = new ArrayList<>(WAYS_OUT);
    forbidden.addAll(
        List.of(
            "aws_internet_gateway",
            "aws_internet_gateway_attachment",
            "aws_route",
            "aws_route_table",
            "aws_default_route_table",
            "aws_route_table_association",
            "aws_vpc_endpoint_route_table_association"));
    List<String> found = new ArrayList<>();
    for (TerraformModule other : otherModules()) {
      for (String type : forbidden) {
        other.resources(type).forEach(b -> found.add(b.where()));
      }
    }
    assertThat(found)
        .as("only the network module shapes routes and gateways (%s)", forbidden)
        .isEmpty();
  }

  @Test
  void noRouteOfTheEnclaveVpcLeadsToAnyAddress() {
    List<String> tables = network.enclaveRouteTables().stream().map(HclBlock::address).toList();
    for (HclBlock route : module.resources("aws_route")) {
      if (tables.stream().noneMatch(t -> module.refersTo(route, "route_table_id", t))) {
        continue;
      }
      for (String destination : List.of("destination_cidr_block", "destination_ipv6_cidr_block")) {
        if (route.expression(destination).isEmpty()) {
          continue;
        }
        assertThat(route.literal(destination).filter(SecurityGroupRules.ANY_ADDRESS::contains))
            .as("%s: %s of an enclave route is 0.0.0.0/0 or ::/0", route.where(), destination)
            .isEmpty();
        assertThat(route.literal(destination))
            .as(
                "%s: %s of an enclave route must be a literal, to be checked here",
                route.where(), destination)
            .isPresent();
      }
    }
    for (HclBlock table : network.enclaveRouteTables()) {
      List<HclBlock> inline = new ArrayList<>(table.blocks("route"));
      inline.addAll(table.dynamicBlocks("route"));
      assertThat(inline)
          .as("%s: no inline route in an enclave route table", table.where())
          .isEmpty();
      assertThat(table.expression("route").filter(e -> !e.equals("[]")))
          .as("%s: no route attribute in an enclave route table", table.where())
          .isEmpty();
    }
  }

  @Test
  void theWorkspaceRouteTableHasNoRoutesAndNoS3Endpoint() {
    HclBlock table = network.workspaceRouteTable();
    assertThat(module.referring("aws_route", "route_table_id", table.address()))
        .as("%s: no aws_route (only the implicit local route)", table.where())
        .extracting(HclBlock::where)
        .isEmpty();
    assertThat(
            module.referring(
                "aws_vpc_endpoint_route_table_association", "route_table_id", table.address()))
        .as("%s: the S3 gateway endpoint is not associated with it", table.where())
        .extracting(HclBlock::where)
        .isEmpty();
    assertThat(module.referring("aws_vpc_endpoint", "route_table_ids", table.address()))
        .as("%s: no gateway endpoint lists it in route_table_ids", table.where())
        .extracting(HclBlock::where)
        .isEmpty();
    for (HclBlock subnet : network.workspaceSubnets()) {
      List<HclBlock> associations =
          module.referring("aws_route_table_association", "subnet_id", subnet.address());
      assertThat(associations)
          .as("%s: explicitly associated with the workspace route table", subnet.where())
          .isNotEmpty()
          .allSatisfy(
              a ->
                  assertThat(module.refersTo(a, "route_table_id", table.address()))
                      .as("%s: route_table_id is %s", a.where(), table.address())
                      .isTrue());
    }
  }

  @Test
  void theWorkspaceGroupHasExactlyTheContractsRules() {
    HclBlock group = network.group("workspace");
    String workspace = group.address();
    String controlPlane = network.group("control-plane").address();
    String endpoints = network.group("endpoints").address();
    List<Rule> rules = SecurityGroupRules.ofGroup(module, workspace);
    assertThat(rules)
        .as(
            "%s: ingress only 8888 from the control plane; egress only 9443 to the control"
                + " plane and 443 to the endpoints; its rules: %s",
            group.where(),
            rules.stream().map(r -> r.block().where() + " " + r.description()).toList())
        .extracting(Rule::description)
        .containsExactlyInAnyOrder(
            "ingress tcp 8888-8888 " + controlPlane,
            "egress tcp 9443-9443 " + controlPlane,
            "egress tcp 443-443 " + endpoints);
  }

  @Test
  void noSecurityGroupOfTheEnclaveVpcNamesAnyAddress() {
    List<HclBlock> groups = module.referring("aws_security_group", "vpc_id", enclave.address());
    assertThat(groups).as("the enclave VPC's security groups").isNotEmpty();
    for (HclBlock group : groups) {
      for (Rule rule : SecurityGroupRules.ofGroup(module, group.address())) {
        assertThat(SecurityGroupRules.opensToAnyAddress(module, rule))
            .as("%s: a rule of %s names 0.0.0.0/0 or ::/0", rule.block().where(), group.address())
            .isFalse();
      }
    }
  }

  /**
   * Two kinds of rule may name any address, both on groups of the edge VPC: ingress on 443 (or 80,
   * which the ALB redirects) from the internet, and the OIDC egress proxy's egress on 443 (ADR
   * 0007), which the proxy narrows to the issuer's hosts ({@link OidcProxyTest}).
   */
  @Test
  void onlyTheEdgeLoadBalancerAcceptsAndOnlyTheOidcProxyReachesAnyAddress() {
    List<TerraformModule> modules = new ArrayList<>(otherModules());
    modules.add(module);
    String proxy = network.group("edge-oidc-proxy").address();
    List<String> wrong = new ArrayList<>();
    for (TerraformModule m : modules) {
      for (Rule rule : SecurityGroupRules.of(m)) {
        if (!SecurityGroupRules.opensToAnyAddress(m, rule)) {
          continue;
        }
        String where = rule.block().where() + ": " + rule.description();
        if (rule.direction().equals("egress")) {
          boolean proxyHttps =
              m == module
                  && rule.description().matches("egress tcp 443-443 .*")
                  && HclValues.mentions(rule.group(), proxy);
          if (!proxyHttps) {
            wrong.add(
                where
                    + " may not reach any address: only the OIDC egress proxy's group ("
                    + proxy
                    + ") may, and only on 443");
          }
        } else if (!rule.description().matches("ingress tcp (443-443|80-80) .*")) {
          wrong.add(where + " may only be ingress on 443 (or 80, which the ALB redirects to 443)");
        } else if (!network.isEdgeGroup(m, rule.group())) {
          wrong.add(where + " (" + rule.group() + ") may only be on a group in the edge VPC");
        }
      }
    }
    assertThat(module.refersTo(network.group("edge-oidc-proxy"), "vpc_id", edge.address()))
        .as("%s: the OIDC egress proxy's group is in the edge VPC", proxy)
        .isTrue();
    assertThat(wrong)
        .as(
            "rules that name 0.0.0.0/0 or ::/0: only ingress on 443 or 80 on a group in the edge"
                + " VPC, and egress on 443 of the OIDC egress proxy's group")
        .isEmpty();
  }

  @Test
  void enclaveSubnetsGiveNoPublicAddresses() {
    for (HclBlock subnet : module.referring("aws_subnet", "vpc_id", enclave.address())) {
      assertThat(subnet.literal("map_public_ip_on_launch").orElse("false"))
          .as("%s: map_public_ip_on_launch is not true", subnet.where())
          .isEqualTo("false");
      assertThat(subnet.expression("assign_ipv6_address_on_creation").orElse("false"))
          .as("%s: assign_ipv6_address_on_creation is not set", subnet.where())
          .isEqualTo("false");
    }
  }

  @Test
  void everyInterfaceEndpointHasAPolicyLimitedToThisAccount() {
    List<HclBlock> interfaces =
        module.referring("aws_vpc_endpoint", "vpc_id", enclave.address()).stream()
            .filter(e -> e.literal("vpc_endpoint_type").filter("Interface"::equals).isPresent())
            .toList();
    Set<String> services = new TreeSet<>();
    for (HclBlock endpoint : interfaces) {
      services.addAll(network.servicesOf(endpoint));
      IamPolicy policy =
          IamPolicy.at(module, endpoint, "policy")
              .orElseThrow(
                  () ->
                      new AssertionError(
                          endpoint.where()
                              + ": every interface endpoint has a policy, an"
                              + " aws_iam_policy_document of this module or a jsonencode()"));
      assertThat(limitedToThisAccount(policy))
          .as(
              "%s: its policy allows only this account's principals (every Allow conditioned on"
                  + " aws:PrincipalAccount, or a Deny of every other account)",
              policy.where())
          .isTrue();
      assertThat(endpoint.strings("security_group_ids"))
          .as("%s: only in the endpoints security group", endpoint.where())
          .containsExactly(network.group("endpoints").address() + ".id");
    }
    assertThat(services).as("the enclave's interface endpoints").containsAll(INTERFACE_SERVICES);
  }

  @Test
  void theS3GatewayEndpointReachesOnlyTheEnclavesBuckets() {
    List<HclBlock> gateways =
        module.referring("aws_vpc_endpoint", "vpc_id", enclave.address()).stream()
            .filter(e -> e.literal("vpc_endpoint_type").filter("Gateway"::equals).isPresent())
            .toList();
    assertThat(gateways).as("one S3 gateway endpoint in the enclave VPC").hasSize(1);
    HclBlock s3 = gateways.get(0);
    assertThat(s3.expression("service_name").filter(n -> n.endsWith(".s3\"")))
        .as("%s: service_name is S3's", s3.where())
        .isPresent();
    IamPolicy policy =
        IamPolicy.at(module, s3, "policy")
            .orElseThrow(() -> new AssertionError(s3.where() + ": the S3 endpoint has a policy"));
    List<Statement> allows = policy.statements().stream().filter(Statement::isAllow).toList();
    assertThat(allows).as("%s: Allow statements", policy.where()).isNotEmpty();
    for (Statement allow : allows) {
      String resources = module.expand(allow.resourcesExpression());
      assertThat(foreignS3Resources(resources))
          .as(
              "%s, statement %s: resources may name only var.enclave_bucket_arns (and their"
                  + " objects) and ECR's layer bucket, found: %s",
              policy.where(), allow.sid(), resources)
          .isEmpty();
    }
  }

  @Test
  void dnsFirewallAnswersNxdomainForEveryNameNotAllowedAndFailsClosed() {
    List<HclBlock> rules = module.resources("aws_route53_resolver_firewall_rule");
    List<HclBlock> blocks =
        rules.stream()
            .filter(r -> r.literal("action").filter("BLOCK"::equals).isPresent())
            .toList();
    List<HclBlock> allows =
        rules.stream()
            .filter(r -> r.literal("action").filter("ALLOW"::equals).isPresent())
            .toList();
    assertThat(rules)
        .as("DNS firewall rules: every action is a literal ALLOW or BLOCK")
        .hasSize(blocks.size() + allows.size());
    HclBlock block =
        blocks.stream()
            .filter(r -> domainsOf(r).equals(List.of("*")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no BLOCK rule over a domain list of \"*\""));
    assertThat(block.literal("block_response"))
        .as("%s: block_response NXDOMAIN", block.where())
        .contains("NXDOMAIN");
    int blockPriority = priorityOf(block);
    assertThat(allows).as("an ALLOW rule for the allow-list").isNotEmpty();
    for (HclBlock allow : allows) {
      assertThat(priorityOf(allow))
          .as("%s: the allow-list is evaluated before the block of \"*\"", allow.where())
          .isLessThan(blockPriority);
      assertThat(domainsOf(allow))
          .as("%s: the allow-list does not allow every name", allow.where())
          .doesNotContain("*");
      assertThat(allow.expression("firewall_rule_group_id"))
          .as("%s: in the same rule group as the block", allow.where())
          .isEqualTo(block.expression("firewall_rule_group_id"));
    }
    String ruleGroup =
        block.expression("firewall_rule_group_id").orElse("?").replaceAll("\\.id$", "");
    assertThat(
            module
                .referring(
                    "aws_route53_resolver_firewall_rule_group_association",
                    "vpc_id",
                    enclave.address())
                .stream()
                .filter(a -> module.refersTo(a, "firewall_rule_group_id", ruleGroup)))
        .as("the rule group %s is associated with the enclave VPC", ruleGroup)
        .isNotEmpty();
    List<HclBlock> configs =
        module.referring("aws_route53_resolver_firewall_config", "resource_id", enclave.address());
    assertThat(configs).as("an aws_route53_resolver_firewall_config of the enclave VPC").hasSize(1);
    assertThat(configs.get(0).literal("firewall_fail_open"))
        .as("%s: firewall_fail_open = \"DISABLED\"", configs.get(0).where())
        .contains("DISABLED");
  }

  @Test
  void flowLogsRecordAllTrafficOfBothVpcs() {
    for (HclBlock vpc : List.of(enclave, edge)) {
      List<HclBlock> logs = module.referring("aws_flow_log", "vpc_id", vpc.address());
      assertThat(logs).as("%s: a flow log", vpc.where()).isNotEmpty();
      for (HclBlock log : logs) {
        assertThat(log.literal("traffic_type"))
            .as("%s: traffic_type ALL", log.where())
            .contains("ALL");
        assertThat(log.literal("log_destination_type"))
            .as("%s: delivered to S3", log.where())
            .contains("s3");
        assertThat(module.refersTo(log, "log_destination", "var.audit_logs_bucket_arn"))
            .as("%s: log_destination is the audit-logs bucket", log.where())
            .isTrue();
      }
    }
  }

  @Test
  void workspaceSubnetsHaveANetworkAclThatAllowsNoAnyAddress() {
    for (HclBlock subnet : network.workspaceSubnets()) {
      List<HclBlock> acls =
          new ArrayList<>(module.referring("aws_network_acl", "subnet_ids", subnet.address()));
      for (HclBlock association :
          module.referring("aws_network_acl_association", "subnet_id", subnet.address())) {
        String acl = association.expression("network_acl_id").orElse("?").replaceAll("\\.id$", "");
        module.resources("aws_network_acl").stream()
            .filter(a -> a.address().equals(acl))
            .forEach(acls::add);
      }
      assertThat(acls).as("%s: a network ACL of its own", subnet.where()).isNotEmpty();
      for (HclBlock acl : acls) {
        List<HclBlock> entries = new ArrayList<>();
        for (String direction : List.of("ingress", "egress")) {
          entries.addAll(acl.blocks(direction));
          acl.dynamicBlocks(direction)
              .forEach(
                  d -> {
                    entries.add(d);
                    d.block("content").ifPresent(entries::add);
                  });
        }
        entries.addAll(module.referring("aws_network_acl_rule", "network_acl_id", acl.address()));
        assertThat(entries).as("%s: its rules", acl.where()).isNotEmpty();
        for (HclBlock entry : entries) {
          String action =
              entry.literal("action").or(() -> entry.literal("rule_action")).orElse("allow");
          if (!action.equals("allow")) {
            continue;
          }
          assertThat(entry.attributes().values())
              .as("%s (%s): an allow names no 0.0.0.0/0 or ::/0", acl.where(), entry.where())
              .noneMatch(a -> SecurityGroupRules.namesAnyAddress(a.expression()));
          assertThat(entry.literal("protocol").orElse("?"))
              .as("%s (%s): an allow is for one protocol, not all (-1)", acl.where(), entry.where())
              .isNotIn("-1", "all");
        }
      }
    }
  }

  private static boolean limitedToThisAccount(IamPolicy policy) {
    boolean denyOthers =
        policy.statements().stream()
            .filter(Statement::isDeny)
            .filter(Statement::anyPrincipal)
            .anyMatch(
                s ->
                    s.on("aws:PrincipalAccount").stream()
                        .anyMatch(c -> c.test().startsWith("StringNotEquals")));
    boolean everyAllowConditioned =
        policy.statements().stream()
            .filter(Statement::isAllow)
            .allMatch(
                s ->
                    s.on("aws:PrincipalAccount").stream()
                        .anyMatch(c -> c.test().equals("StringEquals")));
    return denyOthers || everyAllowConditioned;
  }

  /**
   * What a resources expression names beyond var.enclave_bucket_arns (and their objects) and ECR's
   * layer bucket: other variables or resources, and strings that are not {@code ${x}} / {@code
   * ${x}/*} of a for expression's element or the layer bucket.
   */
  static List<String> foreignS3Resources(String expression) {
    List<String> foreign = new ArrayList<>();
    if (expression.isBlank()) {
      foreign.add("<no resources the tests can read>");
      return foreign;
    }
    Set<String> loopVariables = new TreeSet<>();
    Matcher loop = Pattern.compile("\\bfor\\s+(\\w+)\\s+in\\b").matcher(expression);
    while (loop.find()) {
      loopVariables.add(loop.group(1));
    }
    String outside = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
    Matcher reference =
        Pattern.compile("(?<![\\w.])((?:var|local|data|module|aws_\\w+)\\.[\\w]+)")
            .matcher(outside);
    while (reference.find()) {
      String name = reference.group(1);
      if (!name.equals("var.enclave_bucket_arns")) {
        foreign.add(name);
      }
    }
    for (String string : EnclaveNetwork.quotedStrings(expression)) {
      Matcher element = Pattern.compile("^\\$\\{(\\w+)\\}(/\\*)?$").matcher(string);
      boolean ofLoop = element.matches() && loopVariables.contains(element.group(1));
      if (!ofLoop && !ECR_LAYER_BUCKET.matcher(string).matches()) {
        foreign.add("\"" + string + "\"");
      }
    }
    return foreign;
  }

  private List<String> domainsOf(HclBlock rule) {
    String list = rule.expression("firewall_domain_list_id").orElse("?").replaceAll("\\.id$", "");
    return module.resources("aws_route53_resolver_firewall_domain_list").stream()
        .filter(d -> d.address().equals(list))
        .findFirst()
        .map(d -> d.strings("domains"))
        .orElseThrow(
            () -> new AssertionError(rule.where() + ": its domain list is not a resource here"));
  }

  private static int priorityOf(HclBlock rule) {
    return rule.literal("priority")
        .map(Integer::parseInt)
        .orElseThrow(() -> new AssertionError(rule.where() + ": priority must be a literal"));
  }

  /** Every other module of the repository, the root module (terraform/) included. */
  private List<TerraformModule> otherModules() {
    return TerraformRepo.modules().stream()
        .filter(d -> !d.equals(module.dir()))
        .map(TerraformModule::load)
        .toList();
  }
}
