package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule of the Terraform policy tests fails when its guard is broken. A case copies {@code
 * terraform/} to a temporary directory, makes one small textual change to one file (the kind of
 * change a careless edit would make), runs one rule against the copy ({@link TerraformRepo#using})
 * and expects an {@link AssertionError} whose message names the changed file, the resource and the
 * rule. Every {@code @Test} of {@link #RULE_CLASSES} has at least one case, and the unchanged copy
 * passes every rule, so a case fails because of its change and not because of the copy.
 */
class BrokenTerraformTest {
  /** The test classes whose rules guard the deployment. */
  static final List<Class<?>> RULE_CLASSES =
      List.of(
          NetworkEgressTest.class,
          OidcEgressTest.class,
          OidcProxyTest.class,
          DataModulePolicyTest.class,
          WorkspacesModuleTest.class,
          ControlPlaneModuleTest.class,
          AuditModuleTest.class,
          IamWildcardTest.class,
          RootModuleTest.class,
          TerraformFormatTest.class,
          WorkspaceUnitsTest.class);

  /**
   * One change to one file: {@code find} (which must occur exactly once after {@code anchor}, or in
   * the whole file when the anchor is empty) becomes {@code replacement}; an empty {@code find}
   * appends {@code replacement} to the file.
   */
  record Mutation(String file, String anchor, String find, String replacement) {
    static Mutation replace(String file, String find, String replacement) {
      return new Mutation(file, "", find, replacement);
    }

    static Mutation within(String file, String anchor, String find, String replacement) {
      return new Mutation(file, anchor, find, replacement);
    }

    static Mutation append(String file, String text) {
      return new Mutation(file, "", "", "\n" + text);
    }

    String apply(String source) {
      if (find.isEmpty()) {
        return source + replacement;
      }
      int from = 0;
      if (!anchor.isEmpty()) {
        assertThat(occurrences(source, anchor))
            .as("%s: anchor %s occurs once", file, anchor)
            .isOne();
        from = source.indexOf(anchor);
      }
      String after = source.substring(from);
      int at = after.indexOf(find);
      assertThat(at).as("%s: %s occurs after %s", file, find, anchor).isNotNegative();
      if (anchor.isEmpty()) {
        assertThat(occurrences(source, find)).as("%s: %s occurs once", file, find).isOne();
      }
      return source.substring(0, from + at)
          + replacement
          + source.substring(from + at + find.length());
    }

    private static int occurrences(String source, String text) {
      int count = 0;
      for (int i = source.indexOf(text); i >= 0; i = source.indexOf(text, i + 1)) {
        count++;
      }
      return count;
    }
  }

  /**
   * A rule ({@code Class#method}), the change that breaks it, and what its failure must name: the
   * resource (an address, or for a JSON policy its statement) and a phrase of the rule.
   */
  record Case(String rule, Mutation mutation, String resource, String phrase) {
    @Override
    public String toString() {
      return rule + " <- " + mutation.file() + ": " + resource;
    }
  }

  static List<Case> cases() {
    return List.of(
        // ------------------------------------------------------------ workspace units
        new Case(
            "WorkspaceUnitsTest#theWorkspaceUnitCannotReachTheMetadataService",
            Mutation.replace(
                "modules/workspaces/files/enclave-workspace.service",
                "IPAddressDeny=169.254.169.254/32 fd00:ec2::254/128\n",
                "IPAddressDeny=fd00:ec2::254/128\n"),
            "enclave-workspace.service",
            "must hold the metadata service's addresses"),
        new Case(
            "WorkspaceUnitsTest#onlyTheMetadataUnitReachesTheMetadataServiceAndNothingElse",
            Mutation.replace(
                "modules/workspaces/files/enclave-metadata.service",
                "IPAddressAllow=169.254.169.254/32 fd00:ec2::254/128",
                "IPAddressAllow=169.254.169.254/32 10.0.0.0/8"),
            "enclave-metadata.service",
            "only the metadata service's addresses"),
        new Case(
            "WorkspaceUnitsTest#theBootWaitsForTheSavedUserDataAndTheImageInstallsEveryUnit",
            Mutation.replace(
                "modules/workspaces/components/service.yaml.tftpl",
                "enable enclave-home.service enclave-metadata.service enclave-workspace.service",
                "enable enclave-home.service enclave-workspace.service"),
            "enclave-metadata.service",
            "and enables it"),
        // ------------------------------------------------------------ network
        new Case(
            "NetworkEgressTest#anInternetGatewayExistsOnlyInTheEdgeVpc",
            Mutation.replace(
                "modules/network/edge.tf",
                "resource \"aws_internet_gateway\" \"edge\" {\n  vpc_id = aws_vpc.edge.id",
                "resource \"aws_internet_gateway\" \"edge\" {\n  vpc_id = aws_vpc.enclave.id"),
            "aws_internet_gateway.edge",
            "an internet gateway may only be in the edge VPC"),
        new Case(
            "NetworkEgressTest#noNatEgressOnlyGatewayPeeringTransitGatewayOrVpn",
            Mutation.append(
                "modules/network/main.tf",
                """
                resource "aws_nat_gateway" "out" {
                  subnet_id = aws_subnet.workspace[0].id
                }
                """),
            "aws_nat_gateway.out",
            "the enclave VPC must have none"),
        new Case(
            "NetworkEgressTest#noOtherModuleCreatesGatewaysOrRoutes",
            Mutation.append(
                "modules/workspaces/main.tf",
                """
                resource "aws_route" "out" {
                  route_table_id         = var.route_table_id
                  destination_cidr_block = "10.0.0.0/8"
                }
                """),
            "aws_route.out",
            "only the network module shapes routes and gateways"),
        new Case(
            "NetworkEgressTest#noRouteOfTheEnclaveVpcLeadsToAnyAddress",
            Mutation.append(
                "modules/network/main.tf",
                """
                resource "aws_route" "control_plane_out" {
                  route_table_id         = aws_route_table.control_plane.id
                  destination_cidr_block = "0.0.0.0/0"
                  gateway_id             = aws_internet_gateway.edge.id
                }
                """),
            "aws_route.control_plane_out",
            "of an enclave route is 0.0.0.0/0"),
        new Case(
            "NetworkEgressTest#noRouteOfTheEnclaveVpcLeadsToAnyAddress",
            Mutation.within(
                "modules/network/main.tf",
                "resource \"aws_route_table\" \"workspace\" {",
                "route  = []",
                """
                route {
                    cidr_block = "0.0.0.0/0"
                    gateway_id = aws_internet_gateway.edge.id
                  }"""),
            "aws_route_table.workspace",
            "no inline route in an enclave route table"),
        new Case(
            "NetworkEgressTest#theWorkspaceRouteTableHasNoRoutesAndNoS3Endpoint",
            Mutation.replace(
                "modules/network/endpoints.tf",
                "route_table_ids = [aws_route_table.control_plane.id]",
                "route_table_ids = [aws_route_table.control_plane.id, aws_route_table.workspace.id]"),
            "aws_vpc_endpoint.s3",
            "no gateway endpoint lists it in route_table_ids"),
        new Case(
            "NetworkEgressTest#theWorkspaceRouteTableHasNoRoutesAndNoS3Endpoint",
            Mutation.replace(
                "modules/network/main.tf",
                "route_table_id = aws_route_table.workspace.id",
                "route_table_id = aws_route_table.control_plane.id"),
            "aws_route_table_association.workspace",
            "route_table_id is aws_route_table.workspace"),
        new Case(
            "NetworkEgressTest#theWorkspaceGroupHasExactlyTheContractsRules",
            Mutation.append("modules/network/security_groups.tf", WORKSPACE_EGRESS_ANYWHERE),
            "aws_vpc_security_group_egress_rule.workspace_https_to_anywhere",
            "egress only 9443 to the control plane and 443 to the endpoints"),
        new Case(
            "NetworkEgressTest#noSecurityGroupOfTheEnclaveVpcNamesAnyAddress",
            Mutation.append("modules/network/security_groups.tf", WORKSPACE_EGRESS_ANYWHERE),
            "aws_vpc_security_group_egress_rule.workspace_https_to_anywhere",
            "names 0.0.0.0/0 or ::/0"),
        new Case(
            "NetworkEgressTest#onlyTheEdgeLoadBalancerAcceptsAndOnlyTheOidcProxyReachesAnyAddress",
            Mutation.append(
                "modules/network/security_groups.tf",
                """
                resource "aws_vpc_security_group_ingress_rule" "workspace_https_from_anywhere" {
                  security_group_id = aws_security_group.workspace.id
                  ip_protocol       = "tcp"
                  from_port         = 443
                  to_port           = 443
                  cidr_ipv4         = "0.0.0.0/0"
                }
                """),
            "aws_vpc_security_group_ingress_rule.workspace_https_from_anywhere",
            "may only be on a group in the edge VPC"),
        new Case(
            "NetworkEgressTest#onlyTheEdgeLoadBalancerAcceptsAndOnlyTheOidcProxyReachesAnyAddress",
            Mutation.append(
                "modules/network/edge.tf",
                """
                resource "aws_vpc_security_group_egress_rule" "edge_alb_https_to_anywhere" {
                  security_group_id = aws_security_group.edge_alb.id
                  ip_protocol       = "tcp"
                  from_port         = 443
                  to_port           = 443
                  cidr_ipv4         = "0.0.0.0/0"
                }
                """),
            "aws_vpc_security_group_egress_rule.edge_alb_https_to_anywhere",
            "may not reach any address: only the OIDC egress proxy's group"),
        // ------------------------------------------------------------ OIDC egress (ADR 0007)
        new Case(
            "OidcEgressTest#theAllowListTakesExactHostNamesOnly",
            Mutation.replace(
                "modules/oidc-egress/variables.tf",
                "can(regex(\"^([a-z0-9]",
                "can(regex(\"^([*][.])?([a-z0-9]"),
            "variable.allowed_hosts",
            "refuses wildcards, leading dots, IP addresses"),
        new Case(
            "OidcEgressTest#theAllowListTakesExactHostNamesOnly",
            Mutation.replace(
                "main.tf",
                "    \"cognito-idp.${var.region}.amazonaws.com\",\n",
                "    \"cognito-idp.${var.region}.amazonaws.com\",\n    \"pastebin.com\",\n"),
            "module.oidc_egress",
            "and nothing else"),
        new Case(
            "OidcEgressTest#theEndpointServiceServesThisAccountOnlyFromAnInternalNlbInTheEdgeVpc",
            Mutation.replace(
                "modules/oidc-egress/privatelink.tf",
                "allowed_principals  = [local.root_arn]",
                "allowed_principals  = [\"*\"]"),
            "aws_vpc_endpoint_service.proxy",
            "this account's root only"),
        new Case(
            "OidcEgressTest#theEndpointServiceServesThisAccountOnlyFromAnInternalNlbInTheEdgeVpc",
            Mutation.replace(
                "modules/oidc-egress/privatelink.tf",
                "internal           = true",
                "internal           = false"),
            "aws_lb.proxy",
            "the proxy's NLB is internal"),
        new Case(
            "OidcEgressTest#theEndpointServiceServesThisAccountOnlyFromAnInternalNlbInTheEdgeVpc",
            Mutation.append(
                "modules/network/oidc_proxy.tf",
                """
                resource "aws_vpc_security_group_ingress_rule" "edge_oidc_proxy_nlb_from_edge" {
                  security_group_id = aws_security_group.edge_oidc_proxy_nlb.id
                  ip_protocol       = "tcp"
                  from_port         = 3128
                  to_port           = 3128
                  cidr_ipv4         = var.edge_cidr
                }
                """),
            "aws_security_group.edge_oidc_proxy_nlb",
            "has no ingress (PrivateLink only)"),
        new Case(
            "OidcEgressTest#onlyTheControlPlaneReachesTheProxysInterfaceEndpoint",
            Mutation.append(
                "modules/network/security_groups.tf",
                """
                resource "aws_vpc_security_group_egress_rule" "workspace_to_oidc_proxy" {
                  security_group_id            = aws_security_group.workspace.id
                  ip_protocol                  = "tcp"
                  from_port                    = 3128
                  to_port                      = 3128
                  referenced_security_group_id = aws_security_group.oidc_proxy_endpoint.id
                }
                """),
            "aws_security_group.oidc_proxy_endpoint",
            "only the control plane's group has an egress rule to it"),
        new Case(
            "OidcEgressTest#onlyTheControlPlaneReachesTheProxysInterfaceEndpoint",
            Mutation.within(
                "modules/network/oidc_proxy.tf",
                "\"oidc_proxy_endpoint_from_control_plane\" {",
                "referenced_security_group_id = aws_security_group.control_plane.id",
                "referenced_security_group_id = aws_security_group.workspace.id"),
            "aws_security_group.oidc_proxy_endpoint",
            "in 3128 from the control plane's group only"),
        new Case(
            "OidcEgressTest#onlyTheControlPlaneReachesTheProxysInterfaceEndpoint",
            Mutation.replace(
                "modules/oidc-egress/privatelink.tf",
                "subnet_ids          = var.control_plane_subnet_ids",
                "subnet_ids          = var.edge_public_subnet_ids"),
            "aws_vpc_endpoint.proxy",
            "in the control plane's subnets only"),
        new Case(
            "OidcEgressTest#theProxyRunsInTheEdgeVpcWithItsGroupAndNoAwsPermission",
            Mutation.replace(
                "modules/oidc-egress/proxy.tf",
                "subnets          = var.edge_public_subnet_ids",
                "subnets          = var.control_plane_subnet_ids"),
            "aws_ecs_service.proxy",
            "edge VPC's public subnets"),
        new Case(
            "OidcEgressTest#theProxyRunsInTheEdgeVpcWithItsGroupAndNoAwsPermission",
            Mutation.within(
                "modules/network/oidc_proxy.tf",
                "\"edge_oidc_proxy_https_to_issuer\" {",
                "from_port         = 443",
                "from_port         = 0"),
            "aws_security_group.edge_oidc_proxy",
            "out 443 only"),
        new Case(
            "OidcEgressTest#theProxyRunsInTheEdgeVpcWithItsGroupAndNoAwsPermission",
            Mutation.replace(
                "modules/oidc-egress/proxy.tf",
                "  # No task_role_arn: the proxy calls no AWS API.\n",
                "  task_role_arn = aws_iam_role.execution.arn\n"),
            "aws_ecs_task_definition.proxy",
            "no task_role_arn"),
        new Case(
            "OidcEgressTest#theProxyRunsInTheEdgeVpcWithItsGroupAndNoAwsPermission",
            Mutation.replace(
                "modules/control-plane/ecs.tf",
                "assign_public_ip = false",
                "assign_public_ip = true"),
            "aws_ecs_service.control_plane",
            "only the OIDC egress proxy's"),
        new Case(
            "OidcEgressTest#theControlPlaneReachesTheIssuerThroughTheProxy",
            Mutation.replace(
                "main.tf",
                "oidc_proxy_host = module.oidc_egress.proxy_host",
                "oidc_proxy_host = null"),
            "module.control_plane",
            "oidc_proxy_host is the proxy's name"),
        new Case(
            "OidcProxyTest#opensTunnelsOnlyToPort443OfTheListedHosts",
            Mutation.replace(
                "modules/oidc-egress/files/squid.conf.tftpl", "http_access deny !https_port\n", ""),
            "squid.conf.tftpl",
            "answers 403 to everything but CONNECT to port 443 of the listed hosts"),
        new Case(
            "OidcProxyTest#opensTunnelsOnlyToPort443OfTheListedHosts",
            Mutation.replace(
                "modules/oidc-egress/files/squid.conf.tftpl",
                "acl issuer dstdomain -n ${hosts}",
                "acl issuer dstdomain -n .example.org ${hosts}"),
            "squid.conf.tftpl",
            "answers 403 to everything but CONNECT to port 443 of the listed hosts"),
        new Case(
            "OidcProxyTest#opensTunnelsOnlyToPort443OfTheListedHosts",
            Mutation.replace(
                "modules/oidc-egress/files/squid.conf.tftpl", "http_access deny !CONNECT\n", ""),
            "squid.conf.tftpl",
            "answers 403 to everything but CONNECT to port 443 of the listed hosts"),
        new Case(
            "OidcProxyTest#refusesClientsOutsideTheEdgeVpc",
            Mutation.replace(
                "modules/oidc-egress/files/squid.conf.tftpl", "http_access deny !from_edge\n", ""),
            "squid.conf.tftpl",
            "a client outside source_cidr (the edge VPC) is refused"),
        new Case(
            "OidcProxyTest#theEntryPointRefusesAnEmptyOrBrokenConfiguration",
            Mutation.replace(
                "modules/oidc-egress/image/oidc-proxy",
                "if ! squid -k parse -f \"$run/squid.conf\" > \"$run/parse.log\" 2>&1; then",
                "if false; then"),
            "oidc-proxy",
            "a configuration Squid cannot parse stops the entry point"),
        new Case(
            "NetworkEgressTest#enclaveSubnetsGiveNoPublicAddresses",
            Mutation.within(
                "modules/network/main.tf",
                "resource \"aws_subnet\" \"workspace\" {",
                "map_public_ip_on_launch         = false",
                "map_public_ip_on_launch         = true"),
            "aws_subnet.workspace",
            "map_public_ip_on_launch is not true"),
        new Case(
            "NetworkEgressTest#everyInterfaceEndpointHasAPolicyLimitedToThisAccount",
            Mutation.within(
                "modules/network/endpoints.tf",
                "resource \"aws_vpc_endpoint\" \"kms\" {",
                "  policy              ="
                    + " data.aws_iam_policy_document.endpoint_this_account_principals_and_resources.json\n",
                ""),
            "aws_vpc_endpoint.kms",
            "every interface endpoint has a policy"),
        new Case(
            "NetworkEgressTest#everyInterfaceEndpointHasAPolicyLimitedToThisAccount",
            Mutation.within(
                "modules/network/endpoints.tf",
                "data \"aws_iam_policy_document\" \"endpoint_this_account_principals\" {",
                "variable = \"aws:PrincipalAccount\"",
                "variable = \"aws:PrincipalOrgID\""),
            "data.aws_iam_policy_document.endpoint_this_account_principals",
            "its policy allows only this account's principals"),
        new Case(
            "NetworkEgressTest#theS3GatewayEndpointReachesOnlyTheEnclavesBuckets",
            Mutation.replace(
                "modules/network/endpoints.tf",
                "resources = concat(var.enclave_bucket_arns, local.enclave_bucket_objects)",
                "resources = concat(var.enclave_bucket_arns, local.enclave_bucket_objects,"
                    + " [\"arn:aws:s3:::elsewhere/*\"])"),
            "data.aws_iam_policy_document.s3_gateway_endpoint",
            "resources may name only var.enclave_bucket_arns"),
        new Case(
            "NetworkEgressTest#dnsFirewallAnswersNxdomainForEveryNameNotAllowedAndFailsClosed",
            Mutation.replace(
                "modules/network/dns.tf",
                "firewall_fail_open = \"DISABLED\"",
                "firewall_fail_open = \"ENABLED\""),
            "aws_route53_resolver_firewall_config.enclave",
            "firewall_fail_open = \"DISABLED\""),
        new Case(
            "NetworkEgressTest#dnsFirewallAnswersNxdomainForEveryNameNotAllowedAndFailsClosed",
            Mutation.replace(
                "modules/network/dns.tf",
                "block_response          = \"NXDOMAIN\"",
                "block_response          = \"NODATA\""),
            "aws_route53_resolver_firewall_rule.block_everything_else",
            "block_response NXDOMAIN"),
        new Case(
            "NetworkEgressTest#dnsFirewallAnswersNxdomainForEveryNameNotAllowedAndFailsClosed",
            Mutation.replace(
                "modules/network/dns.tf",
                "priority                = 100",
                "priority                = 300"),
            "aws_route53_resolver_firewall_rule.allow_listed",
            "the allow-list is evaluated before the block"),
        new Case(
            "NetworkEgressTest#flowLogsRecordAllTrafficOfBothVpcs",
            Mutation.within(
                "modules/network/flow_logs.tf",
                "resource \"aws_flow_log\" \"edge\" {",
                "traffic_type             = \"ALL\"",
                "traffic_type             = \"REJECT\""),
            "aws_flow_log.edge",
            "traffic_type ALL"),
        new Case(
            "NetworkEgressTest#workspaceSubnetsHaveANetworkAclThatAllowsNoAnyAddress",
            Mutation.within(
                "modules/network/network_acls.tf",
                "resource \"aws_network_acl_rule\" \"workspace_in_sessions_from_control_plane\" {",
                "cidr_block     = aws_subnet.control_plane[count.index].cidr_block",
                "cidr_block     = \"0.0.0.0/0\""),
            "aws_network_acl_rule.workspace_in_sessions_from_control_plane",
            "an allow names no 0.0.0.0/0 or ::/0"),
        // ------------------------------------------------------------ data
        new Case(
            "DataModulePolicyTest#theModuleHasTheBucketsTheContractNames",
            Mutation.replace(
                "modules/data/buckets.tf",
                "resource \"aws_s3_bucket\" \"gold\" {",
                "resource \"aws_s3_bucket\" \"golden\" {"),
            "aws_s3_bucket.golden",
            "the buckets the contract names"),
        new Case(
            "DataModulePolicyTest#everyBucketBlocksAllPublicAccess",
            Mutation.within(
                "modules/data/buckets.tf",
                "resource \"aws_s3_bucket_public_access_block\" \"datasets\" {",
                "block_public_acls       = true",
                "block_public_acls       = false"),
            "aws_s3_bucket_public_access_block.datasets",
            "block_public_acls must be the literal true"),
        new Case(
            "DataModulePolicyTest#everyBucketIsEncryptedWithAKmsKeyAndABucketKey",
            Mutation.within(
                "modules/data/buckets.tf",
                "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"exports\" {",
                "sse_algorithm     = \"aws:kms\"",
                "sse_algorithm     = \"AES256\""),
            "aws_s3_bucket_server_side_encryption_configuration.exports",
            "SSE-KMS"),
        new Case(
            "DataModulePolicyTest#everyBucketIsVersioned",
            Mutation.within(
                "modules/data/buckets.tf",
                "resource \"aws_s3_bucket_versioning\" \"gold\" {",
                "status = \"Enabled\"",
                "status = \"Suspended\""),
            "aws_s3_bucket_versioning.gold",
            "versioning_configuration.status = \"Enabled\""),
        new Case(
            "DataModulePolicyTest#noBucketHonoursAcls",
            Mutation.within(
                "modules/data/buckets.tf",
                "resource \"aws_s3_bucket_ownership_controls\" \"exports\" {",
                "object_ownership = \"BucketOwnerEnforced\"",
                "object_ownership = \"BucketOwnerPreferred\""),
            "aws_s3_bucket_ownership_controls.exports",
            "ACLs off"),
        new Case(
            "DataModulePolicyTest#everyBucketPolicyDeniesRequestsWithoutTls",
            Mutation.within(
                "modules/data/bucket_policies.tf",
                "data \"aws_iam_policy_document\" \"datasets_bucket\" {",
                "values   = [\"false\"]",
                "values   = [\"true\"]"),
            "data.aws_iam_policy_document.datasets_bucket",
            "when aws:SecureTransport is false"),
        new Case(
            "DataModulePolicyTest#auditBucketsAreLockedInComplianceMode",
            Mutation.within(
                "modules/data/buckets.tf",
                "resource \"aws_s3_bucket_object_lock_configuration\" \"audit_logs\" {",
                "mode = \"COMPLIANCE\"",
                "mode = \"GOVERNANCE\""),
            "aws_s3_bucket_object_lock_configuration.audit_logs",
            "default retention mode COMPLIANCE"),
        new Case(
            "DataModulePolicyTest#everySymmetricKeyIsRotated",
            Mutation.within(
                "modules/data/kms.tf",
                "resource \"aws_kms_key\" \"envelope\" {",
                "  enable_key_rotation     = true\n",
                ""),
            "aws_kms_key.envelope",
            "a symmetric key has enable_key_rotation = true"),
        new Case(
            "DataModulePolicyTest#dataBucketsDenyEveryPrincipalButTheControlPlane",
            Mutation.within(
                "modules/data/bucket_policies.tf",
                "data \"aws_iam_policy_document\" \"exports_bucket\" {",
                "values   = concat([var.control_plane_role_arn], local.admin_arns)",
                "values   = concat([\"arn:aws:iam::111122223333:role/other\"], local.admin_arns)"),
            "data.aws_iam_policy_document.exports_bucket",
            "is not var.control_plane_role_arn"),
        new Case(
            "DataModulePolicyTest#dataBucketsDenyRequestsThatDoNotComeThroughTheS3GatewayEndpoint",
            Mutation.within(
                "modules/data/bucket_policies.tf",
                "data \"aws_iam_policy_document\" \"raw_uploads_bucket\" {",
                "values   = [var.s3_gateway_endpoint_id]",
                "values   = [var.s3_gateway_endpoint_id, \"vpce-0123456789abcdef0\"]"),
            "data.aws_iam_policy_document.raw_uploads_bucket",
            "when aws:SourceVpce is not var.s3_gateway_endpoint_id"),
        // ------------------------------------------------------------ workspaces
        new Case(
            "WorkspacesModuleTest#instancesRequireImdsV2WithAHopLimitOfOne",
            Mutation.replace(
                "modules/workspaces/launch_template.tf",
                "http_tokens                 = \"required\"",
                "http_tokens                 = \"optional\""),
            "aws_launch_template.workspace",
            "metadata_options.http_tokens = \"required\""),
        new Case(
            "WorkspacesModuleTest#instancesRequireImdsV2WithAHopLimitOfOne",
            Mutation.replace(
                "modules/workspaces/launch_template.tf",
                "http_put_response_hop_limit = 1",
                "http_put_response_hop_limit = 2"),
            "aws_launch_template.workspace",
            "http_put_response_hop_limit = 1"),
        new Case(
            "WorkspacesModuleTest#everyVolumeIsEncryptedWithTheEbsKey",
            Mutation.replace(
                "modules/workspaces/launch_template.tf",
                "encrypted             = true",
                "encrypted             = false"),
            "aws_launch_template.workspace",
            "block_device_mappings.ebs.encrypted = true"),
        new Case(
            "WorkspacesModuleTest#instancesGetNoPublicAddressAndOnlyTheWorkspaceGroup",
            Mutation.replace(
                "modules/workspaces/launch_template.tf",
                "associate_public_ip_address = false",
                "associate_public_ip_address = true"),
            "aws_launch_template.workspace",
            "network_interfaces.associate_public_ip_address = false"),
        new Case(
            "WorkspacesModuleTest#instancesHaveNoUserDataOfTheTemplateAndNoKeyPair",
            Mutation.replace(
                "modules/workspaces/launch_template.tf",
                "  instance_type = var.instance_type_default\n",
                "  instance_type = var.instance_type_default\n  key_name      = \"operator\"\n"),
            "aws_launch_template.workspace",
            "no key_name"),
        new Case(
            "WorkspacesModuleTest#theInstanceRoleAllowsNoDataKeyCredentialOrSecretCall",
            Mutation.within(
                "modules/workspaces/iam.tf",
                "resource \"aws_iam_role_policy\" \"workspace_session_manager\" {",
                "Action   = local.session_manager_actions",
                "Action   = [\"s3:GetObject\"]"),
            "aws_iam_role_policy.workspace_session_manager",
            "allows s3:GetObject"),
        new Case(
            "WorkspacesModuleTest#theInstanceRoleExplicitlyDeniesDataKeyCredentialAndSecretCalls",
            Mutation.within(
                "modules/workspaces/iam.tf",
                "resource \"aws_iam_role_policy\" \"workspace_deny\" {",
                "        \"kms:*\",\n",
                ""),
            "aws_iam_role_policy.workspace_deny",
            "an inline Deny of kms:* on every resource"),
        new Case(
            "WorkspacesModuleTest#theInstanceRoleIsAssumedByEc2Only",
            Mutation.replace(
                "modules/workspaces/iam.tf",
                "Principal = { Service = \"ec2.amazonaws.com\" }",
                "Principal = { Service = [\"ec2.amazonaws.com\", \"lambda.amazonaws.com\"] }"),
            "aws_iam_role.workspace",
            "trusted by ec2.amazonaws.com only"),
        // ------------------------------------------------------------ control plane
        new Case(
            "ControlPlaneModuleTest#theTaskRolePolicyIsTheReviewedTemplateWithEveryPlaceholderSupplied",
            Mutation.replace(
                "modules/control-plane/iam.tf",
                "    user_session_role_name      = local.user_session_role_name\n",
                ""),
            "aws_iam_role_policy.task",
            "supplies exactly the placeholders of control-plane.json"),
        new Case(
            "ControlPlaneModuleTest#theDatabaseIsPrivateEncryptedBackedUpAndProtected",
            Mutation.replace(
                "modules/control-plane/database.tf",
                "storage_encrypted     = true",
                "storage_encrypted     = false"),
            "aws_db_instance.control_plane",
            "storage_encrypted = true"),
        new Case(
            "ControlPlaneModuleTest#theAlbListensOnlyWithATls13PolicyAndRedirectsHttp",
            Mutation.replace(
                "modules/control-plane/ingress.tf",
                "ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"",
                "ssl_policy = \"ELBSecurityPolicy-2016-08\""),
            "aws_lb_listener.https",
            "ssl_policy is a TLS 1.3 policy"),
        new Case(
            "ControlPlaneModuleTest#theAlbIsBehindTheWebAcl",
            Mutation.replace(
                "modules/control-plane/ingress.tf",
                "resource_arn = aws_lb.edge.arn",
                "resource_arn = aws_lb.control_plane.arn"),
            "aws_lb.edge",
            "an aws_wafv2_web_acl_association"),
        new Case(
            "ControlPlaneModuleTest#theNlbIsInternal",
            Mutation.replace(
                "modules/control-plane/ingress.tf",
                "internal           = true",
                "internal           = false"),
            "aws_lb.control_plane",
            "the endpoint service's NLB is internal"),
        new Case(
            "ControlPlaneModuleTest#tasksGetNoPublicAddress",
            Mutation.replace(
                "modules/control-plane/ecs.tf",
                "assign_public_ip = false",
                "assign_public_ip = true"),
            "aws_ecs_service.control_plane",
            "network_configuration.assign_public_ip is false"),
        new Case(
            "ControlPlaneModuleTest#theEndpointServiceServesThisAccountOnly",
            Mutation.replace(
                "modules/control-plane/ingress.tf",
                "allowed_principals  = [local.root_arn]",
                "allowed_principals  = [\"*\"]"),
            "aws_vpc_endpoint_service.control_plane",
            "allowed_principals is this account's root only"),
        // ------------------------------------------------------------ audit
        new Case(
            "AuditModuleTest#theTrailIsMultiRegionAndRecordsGlobalServiceEvents",
            Mutation.replace(
                "modules/audit/main.tf",
                "is_multi_region_trail         = true",
                "is_multi_region_trail         = false"),
            "aws_cloudtrail.this",
            "is_multi_region_trail = true"),
        new Case(
            "AuditModuleTest#theTrailIsMultiRegionAndRecordsGlobalServiceEvents",
            Mutation.replace(
                "modules/audit/main.tf",
                "include_global_service_events = true",
                "include_global_service_events = false"),
            "aws_cloudtrail.this",
            "include_global_service_events = true"),
        new Case(
            "AuditModuleTest#theTrailValidatesItsLogFiles",
            Mutation.replace(
                "modules/audit/main.tf",
                "enable_log_file_validation = true",
                "enable_log_file_validation = false"),
            "aws_cloudtrail.this",
            "enable_log_file_validation = true"),
        new Case(
            "AuditModuleTest#theTrailIsEncryptedWithTheAuditKeyAndDeliveredToTheAuditLogsBucket",
            Mutation.replace(
                "modules/audit/main.tf", "  kms_key_id     = var.audit_kms_key_arn\n", ""),
            "aws_cloudtrail.this",
            "kms_key_id = var.audit_kms_key_arn"),
        new Case(
            "AuditModuleTest#theTrailIsEncryptedWithTheAuditKeyAndDeliveredToTheAuditLogsBucket",
            Mutation.replace(
                "modules/audit/main.tf", "  kms_key_id        = var.audit_kms_key_arn\n", ""),
            "aws_cloudwatch_log_group.trail",
            "encrypted with the audit key too"),
        new Case(
            "AuditModuleTest#theTrailRecordsEveryManagementEvent",
            Mutation.within(
                "modules/audit/main.tf",
                "name = \"Management events\"",
                "equals = [\"Management\"]\n    }",
                """
                equals = ["Management"]
                    }

                    field_selector {
                      field  = "readOnly"
                      equals = ["false"]
                    }"""),
            "aws_cloudtrail.this",
            "every management event, read or write"),
        new Case(
            "AuditModuleTest#theTrailRecordsReadsAndWritesOfObjectsInTheDataBuckets",
            Mutation.within(
                "modules/audit/main.tf",
                "name = \"S3 data events on the enclave data buckets\"",
                "equals = [\"Data\"]\n    }",
                """
                equals = ["Data"]
                    }

                    field_selector {
                      field  = "readOnly"
                      equals = ["false"]
                    }"""),
            "aws_cloudtrail.this",
            "a readOnly selector would drop reads or writes"),
        new Case(
            "AuditModuleTest#theTrailRecordsReadsAndWritesOfObjectsInTheDataBuckets",
            Mutation.replace(
                "modules/audit/main.tf",
                "equals = [\"AWS::S3::Object\"]",
                "equals = [\"AWS::DynamoDB::Table\"]"),
            "aws_cloudtrail.this",
            "resources.type equals is not"),
        new Case(
            "AuditModuleTest#theTrailIsGivenEveryDataBucketOfTheDataModule",
            Mutation.replace(
                "main.tf",
                "data_bucket_arns  = module.data.data_bucket_arns",
                "data_bucket_arns  = module.data.enclave_bucket_arns"),
            "module.audit",
            "data_bucket_arns = module.data.data_bucket_arns"),
        new Case(
            "AuditModuleTest#theTrailIsGivenEveryDataBucketOfTheDataModule",
            Mutation.within(
                "modules/data/outputs.tf",
                "output \"data_bucket_arns\" {",
                "    aws_s3_bucket.gold.arn,\n",
                ""),
            "output.data_bucket_arns",
            "lists aws_s3_bucket.gold, whose objects the trail records"),
        // ------------------------------------------------------------ IAM wildcards
        new Case(
            "IamWildcardTest#noAllowInTheModulesGrantsEveryActionOrAWholeService",
            Mutation.within(
                "modules/workspaces/iam.tf",
                "resource \"aws_iam_role_policy\" \"builder_artifacts\" {",
                "Action   = \"s3:GetObject\"",
                "Action   = \"s3:*\""),
            "aws_iam_role_policy.builder_artifacts",
            "every action of a service or of all"),
        new Case(
            "IamWildcardTest#noAllowInTheModulesGrantsEveryActionOrAWholeService",
            Mutation.replace(
                "modules/control-plane/iam.tf",
                "actions   = [\"ecr:GetAuthorizationToken\"]",
                "actions   = [\"*\"]"),
            "data.aws_iam_policy_document.execution",
            "allows *, every action of a service or of all"),
        new Case(
            "IamWildcardTest#noAllowInTheModulesGrantsEveryActionOrAWholeService",
            Mutation.within(
                "modules/data/kms.tf",
                "data \"aws_iam_policy_document\" \"data_key\" {",
                "actions   = [\"kms:Encrypt\", \"kms:Decrypt\", \"kms:GenerateDataKey\"]",
                "actions   = [\"kms:*\"]"),
            "data.aws_iam_policy_document.data_key",
            "allows kms:*, every action of a service or of all"),
        new Case(
            "IamWildcardTest#noAllowInTheModulesNamesEveryResourceButForActionsAwsAuthorizesOnlyThere",
            Mutation.replace(
                "modules/control-plane/database.tf",
                "resources = [local.service_arn]",
                "resources = [\"*\"]"),
            "data.aws_iam_policy_document.restart_after_rotation",
            "allows ecs:UpdateService on \"*\""),
        new Case(
            "IamWildcardTest#noAllowInTheModulesNamesEveryResourceButForActionsAwsAuthorizesOnlyThere",
            Mutation.replace(
                "modules/audit/main.tf",
                "resources = [\"${aws_cloudwatch_log_group.trail[0].arn}:log-stream:*\"]",
                "resources = [\"*\"]"),
            "data.aws_iam_policy_document.cloudtrail_logs",
            "allows logs:CreateLogStream on \"*\""),
        new Case(
            "IamWildcardTest#theControlPlanePolicyNamesEveryResourceOnlyForActionsAwsAuthorizesOnlyThere",
            Mutation.replace(
                "policies/control-plane.json",
                "\"Resource\": \"arn:aws:iam::${account}:role/${user_session_role_name}\"",
                "\"Resource\": \"*\""),
            "statement ActAsTheSignedInUser",
            "allows sts:AssumeRole on \"*\""),
        // ------------------------------------------------------------ root
        new Case(
            "RootModuleTest#everyModuleTheRootCallsExists",
            Mutation.replace(
                "main.tf", "source = \"./modules/audit\"", "source = \"./modules/trail\""),
            "module.audit",
            "source ./modules/trail is a directory with .tf files"),
        new Case(
            "RootModuleTest#everyModuleAnExampleCallsExists",
            Mutation.replace(
                "examples/clpsych/main.tf", "source = \"../..\"", "source = \"../../missing\""),
            "module.enclave",
            "is a directory with .tf files"),
        new Case(
            "RootModuleTest#everyOutputIsDocumentedInTheReadme",
            Mutation.append(
                "outputs.tf",
                """
                output "undocumented_setting" {
                  value = module.network.vpc_id
                }
                """),
            "output.undocumented_setting",
            "missing from the table of terraform/README.md"),
        // ------------------------------------------------------------ format
        // terraform fmt names the file and shows the line it would change, not a resource.
        new Case(
            "TerraformFormatTest#everyTerraformFileIsFormatted",
            Mutation.replace(
                "modules/workspaces/launch_template.tf",
                "http_tokens                 = \"required\"",
                "http_tokens = \"required\""),
            "http_tokens",
            "lists files that are not formatted"));
  }

  /** A rule that opens the workspace group to any address (three rules refuse it). */
  private static final String WORKSPACE_EGRESS_ANYWHERE =
      """
      resource "aws_vpc_security_group_egress_rule" "workspace_https_to_anywhere" {
        security_group_id = aws_security_group.workspace.id
        ip_protocol       = "tcp"
        from_port         = 443
        to_port           = 443
        cidr_ipv4         = "0.0.0.0/0"
      }
      """;

  static List<String> rules() {
    List<String> rules = new ArrayList<>();
    for (Class<?> type : RULE_CLASSES) {
      Arrays.stream(type.getDeclaredMethods())
          .filter(m -> m.isAnnotationPresent(Test.class))
          .map(m -> type.getSimpleName() + "#" + m.getName())
          .sorted()
          .forEach(rules::add);
    }
    return rules;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aBrokenGuardFailsItsRuleNamingTheFileTheResourceAndTheRule(Case c, @TempDir Path copy) {
    Path file = copyOfTerraform(copy).resolve(c.mutation().file());
    String before = TerraformRepo.read(file);
    String after = c.mutation().apply(before);
    assertThat(after).as("%s: the change changes the file", c).isNotEqualTo(before);
    write(file, after);

    String named = "terraform/" + c.mutation().file();
    assertThatThrownBy(() -> TerraformRepo.using(copy, () -> run(c.rule())))
        .as("%s: the rule fails on the broken copy", c)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(named)
        .hasMessageContaining(c.resource())
        .hasMessageContaining(c.phrase());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void theUnchangedCopyPassesTheRule(String rule, @TempDir Path copy) {
    copyOfTerraform(copy);
    TerraformRepo.using(copy, () -> run(rule));
  }

  @Test
  void everyRuleHasABrokenCase() {
    Set<String> covered = new TreeSet<>();
    cases().forEach(c -> covered.add(c.rule()));
    assertThat(covered).as("the rules of %s that a case breaks", RULE_CLASSES).containsAll(rules());
    assertThat(rules()).as("every case names a rule").containsAll(covered);
  }

  /** Runs one rule ({@code Class#method}) on a new instance of its class, as JUnit would. */
  private static void run(String rule) {
    String[] parts = rule.split("#");
    Class<?> type =
        RULE_CLASSES.stream()
            .filter(c -> c.getSimpleName().equals(parts[0]))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("not a rule class: " + rule));
    try {
      Method method = type.getDeclaredMethod(parts[1]);
      method.setAccessible(true);
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      method.invoke(constructor.newInstance());
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(rule + " failed with " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot run " + rule, e);
    }
  }

  /** A copy of terraform/ under {@code root} (without .terraform/ working directories). */
  private static Path copyOfTerraform(Path root) {
    Path source = TerraformRepo.terraform();
    Path target = root.resolve("terraform");
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path relative = source.relativize(path);
        if (relative.toString().contains(".terraform")) {
          continue;
        }
        Path to = target.resolve(relative.toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(to);
        } else {
          Files.copy(path, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
