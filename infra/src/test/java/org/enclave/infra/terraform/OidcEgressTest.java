package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.infra.terraform.SecurityGroupRules.Rule;
import org.junit.jupiter.api.Test;

/**
 * The guards of the sign-in channel (ADR 0007, {@code terraform/modules/oidc-egress} and the
 * network module's {@code oidc_proxy.tf}): the control plane alone reaches the proxy, the proxy is
 * in the edge VPC and serves this account only, and it is told exactly the issuer's host names.
 * What the proxy does with them is {@link OidcProxyTest}'s, which runs its configuration in Squid.
 */
class OidcEgressTest {
  /** Host names the allow-list must take: Cognito's two and an institution's issuer. */
  static final List<String> EXACT_HOSTS =
      List.of(
          "cognito-idp.eu-west-2.amazonaws.com",
          "enclave-clpsych-2027-111122223333.auth.eu-west-2.amazoncognito.com",
          "login.example.ac.uk");

  /** Entries that would widen the allow-list beyond exact names, or are not host names. */
  static final List<String> WIDER_THAN_A_HOST =
      List.of(
          "*",
          "*.example.org",
          ".example.org",
          "example",
          "10.0.0.1",
          "169.254.169.254",
          "login.example.org:443",
          "login.example.org.",
          "Login.Example.org",
          "https://login.example.org",
          "login example.org");

  final TerraformModule module = TerraformModule.load(TerraformRepo.module("oidc-egress"));
  final TerraformModule networkModule = TerraformModule.load(TerraformRepo.module("network"));
  final EnclaveNetwork network = new EnclaveNetwork(networkModule);
  final TerraformModule root = TerraformModule.load(TerraformRepo.terraform());

  @Test
  void theAllowListTakesExactHostNamesOnly() {
    HclBlock variable = module.variables().get("allowed_hosts");
    assertThat(variable).as("%s: variable allowed_hosts", module.dir()).isNotNull();
    Pattern hostName = validationRegex(variable);
    for (String host : EXACT_HOSTS) {
      assertThat(hostName.matcher(host).matches())
          .as("%s: the validation of allowed_hosts takes the host name %s", variable.where(), host)
          .isTrue();
    }
    List<String> taken =
        WIDER_THAN_A_HOST.stream().filter(h -> hostName.matcher(h).matches()).toList();
    assertThat(taken)
        .as(
            "%s: the validation of allowed_hosts refuses wildcards, leading dots, IP addresses,"
                + " ports and anything but an exact lowercase host name",
            variable.where())
        .isEmpty();

    HclBlock.Attribute render = squidConf();
    String where =
        TerraformRepo.relative(module.dir().resolve("main.tf")) + " local." + render.name();
    assertThat(render.expression())
        .as("%s: the template's hosts are var.allowed_hosts, joined by spaces", where)
        .containsPattern("hosts\\s*=\\s*join\\(\" \", var\\.allowed_hosts\\)");
    assertThat(render.expression())
        .as("%s: the template's source_cidr is var.edge_cidr", where)
        .containsPattern("source_cidr\\s*=\\s*var\\.edge_cidr\\b");

    HclBlock call = root.modules().get("oidc_egress");
    assertThat(call).as("terraform/main.tf calls module oidc_egress").isNotNull();
    assertThat(call.expression("allowed_hosts"))
        .as("%s: allowed_hosts is local.oidc_egress_hosts", call.where())
        .contains("local.oidc_egress_hosts");
    String hosts = root.expand("local.oidc_egress_hosts");
    assertThat(hosts.replaceAll("\\s+", " "))
        .as(
            "%s: with Cognito, the proxy is told the pool's sign-in domain and the regional"
                + " cognito-idp host, and nothing else; otherwise var.oidc_egress_hosts",
            call.where())
        .contains(
            "var.oidc_issuer_url == \"\" ? [ module.control_plane.cognito_domain,"
                + " \"cognito-idp.${var.region}.amazonaws.com\", ] : var.oidc_egress_hosts");
  }

  @Test
  void theEndpointServiceServesThisAccountOnlyFromAnInternalNlbInTheEdgeVpc() {
    List<HclBlock> services = module.resources("aws_vpc_endpoint_service");
    assertThat(services).as("the proxy's aws_vpc_endpoint_service").hasSize(1);
    HclBlock service = services.get(0);
    PrivateLink.assertServesThisAccountOnly(module, service);
    for (HclBlock nlb : module.resources("aws_lb")) {
      assertThat(nlb.isTrue("internal"))
          .as("%s: the proxy's NLB is internal", nlb.where())
          .isTrue();
      assertThat(module.refersTo(nlb, "subnets", "var.edge_public_subnet_ids"))
          .as("%s: in the edge VPC's subnets", nlb.where())
          .isTrue();
      assertThat(nlb.strings("security_groups"))
          .as("%s: security_groups = [var.nlb_security_group_id]", nlb.where())
          .containsExactly("var.nlb_security_group_id");
    }
    for (HclBlock group : module.resources("aws_lb_target_group")) {
      assertThat(module.refersTo(group, "vpc_id", "var.edge_vpc_id"))
          .as("%s: targets in the edge VPC", group.where())
          .isTrue();
    }
    List<Rule> nlbRules = rulesOf("edge-oidc-proxy-nlb");
    String proxy = network.group("edge-oidc-proxy").address();
    assertThat(nlbRules)
        .as(
            "%s: the NLB's group has no ingress (PrivateLink only) and reaches the proxy on 3128"
                + " only",
            network.group("edge-oidc-proxy-nlb").where())
        .extracting(Rule::description)
        .containsExactly("egress tcp 3128-3128 " + proxy);
    assertPassed("nlb_security_group_id", "module.network.edge_oidc_proxy_nlb_security_group_id");
  }

  @Test
  void onlyTheControlPlaneReachesTheProxysInterfaceEndpoint() {
    List<HclBlock> endpoints = module.resources("aws_vpc_endpoint");
    assertThat(endpoints).as("the proxy's interface endpoint").hasSize(1);
    HclBlock endpoint = endpoints.get(0);
    assertThat(module.refersTo(endpoint, "vpc_id", "var.vpc_id"))
        .as("%s: in the enclave VPC (var.vpc_id)", endpoint.where())
        .isTrue();
    assertThat(endpoint.strings("subnet_ids"))
        .as("%s: in the control plane's subnets only", endpoint.where())
        .containsExactly("var.control_plane_subnet_ids");
    assertThat(endpoint.strings("security_group_ids"))
        .as("%s: security_group_ids = [var.endpoint_security_group_id]", endpoint.where())
        .containsExactly("var.endpoint_security_group_id");
    assertPassed(
        "endpoint_security_group_id", "module.network.oidc_proxy_endpoint_security_group_id");

    HclBlock group = network.group("oidc-proxy-endpoint");
    assertThat(networkModule.refersTo(group, "vpc_id", network.enclave.address()))
        .as("%s: in the enclave VPC", group.where())
        .isTrue();
    String controlPlane = network.group("control-plane").address();
    assertThat(rulesOf("oidc-proxy-endpoint"))
        .as("%s: in 3128 from the control plane's group only; no egress", group.where())
        .extracting(Rule::description)
        .containsExactly("ingress tcp 3128-3128 " + controlPlane);
    List<String> towardsIt = new ArrayList<>();
    for (Rule rule : SecurityGroupRules.of(networkModule)) {
      if (rule.direction().equals("egress") && rule.peer().equals(group.address())) {
        towardsIt.add(rule.block().where() + " " + rule.group());
      }
    }
    assertThat(towardsIt)
        .as("%s: only the control plane's group has an egress rule to it", group.where())
        .hasSize(1)
        .allMatch(r -> r.endsWith(" " + controlPlane + ".id"));
  }

  @Test
  void theProxyRunsInTheEdgeVpcWithItsGroupAndNoAwsPermission() {
    List<HclBlock> services = module.resources("aws_ecs_service");
    assertThat(services).as("the proxy's aws_ecs_service").hasSize(1);
    HclBlock service = services.get(0);
    assertThat(service.strings("network_configuration.subnets"))
        .as("%s: network_configuration.subnets are the edge VPC's public subnets", service.where())
        .containsExactly("var.edge_public_subnet_ids");
    assertThat(service.strings("network_configuration.security_groups"))
        .as(
            "%s: network_configuration.security_groups = [var.proxy_security_group_id]",
            service.where())
        .containsExactly("var.proxy_security_group_id");
    assertPassed("proxy_security_group_id", "module.network.edge_oidc_proxy_security_group_id");
    assertPassed("edge_public_subnet_ids", "module.network.edge_public_subnet_ids");

    HclBlock group = network.group("edge-oidc-proxy");
    assertThat(networkModule.refersTo(group, "vpc_id", network.edge.address()))
        .as("%s: in the edge VPC", group.where())
        .isTrue();
    assertThat(rulesOf("edge-oidc-proxy"))
        .as("%s: in 3128 from its NLB; out 443 only", group.where())
        .extracting(Rule::description)
        .containsExactlyInAnyOrder(
            "ingress tcp 3128-3128 " + network.group("edge-oidc-proxy-nlb").address(),
            "egress tcp 443-443 \"0.0.0.0/0\"");

    for (HclBlock task : module.resources("aws_ecs_task_definition")) {
      assertThat(task.expression("task_role_arn"))
          .as("%s: no task_role_arn (the proxy calls no AWS API)", task.where())
          .isEmpty();
    }
    List<String> publicTasks = new ArrayList<>();
    for (var dir : TerraformRepo.modules()) {
      TerraformModule m = dir.equals(module.dir()) ? module : TerraformModule.load(dir);
      for (HclBlock other : m.resources("aws_ecs_service")) {
        boolean isPublic =
            !other
                .expression("network_configuration.assign_public_ip")
                .orElse("false")
                .equals("false");
        if (isPublic && other != service) {
          publicTasks.add(other.where());
        }
      }
    }
    assertThat(publicTasks)
        .as("ECS services with a public address: only the OIDC egress proxy's, in the edge VPC")
        .isEmpty();
  }

  @Test
  void theControlPlaneReachesTheIssuerThroughTheProxy() {
    HclBlock call = root.modules().get("control_plane");
    assertThat(call).as("terraform/main.tf calls module control_plane").isNotNull();
    assertThat(call.expression("oidc_proxy_host"))
        .as("%s: oidc_proxy_host is the proxy's name (module.oidc_egress.proxy_host)", call.where())
        .contains("module.oidc_egress.proxy_host");
    assertThat(call.expression("oidc_proxy_port"))
        .as("%s: oidc_proxy_port is module.oidc_egress.proxy_port", call.where())
        .contains("module.oidc_egress.proxy_port");
    HclBlock record =
        module.resources("aws_route53_record").stream()
            .findFirst()
            .orElseThrow(() -> new AssertionError(module.dir() + ": the proxy's record"));
    assertThat(module.refersTo(record, "zone_id", "var.private_zone_id"))
        .as("%s: the proxy's name is in the enclave's private zone", record.where())
        .isTrue();
    assertThat(record.block("alias"))
        .as("%s: an alias (no CNAME for the DNS firewall to follow)", record.where())
        .isPresent();
    assertPassed("proxy_port", "module.network.oidc_proxy_port");
  }

  /** The rules of the network module's group {@code <prefix>-<suffix>}. */
  private List<Rule> rulesOf(String suffix) {
    return SecurityGroupRules.ofGroup(networkModule, network.group(suffix).address());
  }

  /** The root module passes {@code value} as the oidc_egress module's {@code argument}. */
  private void assertPassed(String argument, String value) {
    HclBlock call = root.modules().get("oidc_egress");
    assertThat(call).as("terraform/main.tf calls module oidc_egress").isNotNull();
    assertThat(call.expression(argument))
        .as("%s: %s = %s", call.where(), argument, value)
        .contains(value);
  }

  /** The local whose templatefile() renders files/squid.conf.tftpl. */
  private HclBlock.Attribute squidConf() {
    return module.locals().values().stream()
        .filter(a -> a.expression().contains("squid.conf.tftpl"))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(module.dir() + ": a local renders files/squid.conf.tftpl"));
  }

  /** The regex of the validation {@code can(regex("...", h))} of a list variable. */
  private static Pattern validationRegex(HclBlock variable) {
    Matcher regex = Pattern.compile("can\\(regex\\(\"((?:[^\"\\\\]|\\\\.)*)\",").matcher("");
    for (HclBlock validation : variable.blocks("validation")) {
      if (regex.reset(validation.expression("condition").orElse("")).find()) {
        return Pattern.compile(regex.group(1).replace("\\\\", "\\"));
      }
    }
    throw new AssertionError(
        variable.where() + ": a validation of allowed_hosts with can(regex(\"...\", h))");
  }
}
