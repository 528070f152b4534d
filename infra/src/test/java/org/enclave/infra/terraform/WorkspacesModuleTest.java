package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.enclave.infra.terraform.IamPolicy.Statement;
import org.junit.jupiter.api.Test;

/**
 * The guards of {@code terraform/modules/workspaces}: the launch template every workspace starts
 * from (IMDSv2 one hop away, encrypted volumes, no public address, no key pair, no user data of its
 * own), and the instance role, which can reach no data, key, credential or secret.
 */
class WorkspacesModuleTest {
  /** The services whose calls could carry data out of, or into, a workspace. */
  static final List<String> DENIED_SERVICES = List.of("s3", "kms", "sts", "secretsmanager");

  /** The only managed policy the instance role may carry (Session Manager's agent). */
  static final Pattern SSM_CORE =
      Pattern.compile("\"arn:(aws|\\$\\{[^}]+\\}):iam::aws:policy/AmazonSSMManagedInstanceCore\"");

  final TerraformModule module = TerraformModule.load(TerraformRepo.module("workspaces"));

  @Test
  void instancesRequireImdsV2WithAHopLimitOfOne() {
    for (HclBlock template : launchTemplates()) {
      assertThat(template.literal("metadata_options.http_tokens"))
          .as("%s: metadata_options.http_tokens = \"required\" (IMDSv2 only)", template.where())
          .contains("required");
      assertThat(template.literal("metadata_options.http_put_response_hop_limit"))
          .as(
              "%s: metadata_options.http_put_response_hop_limit = 1 (no container or forwarded"
                  + " hop reaches the instance's credentials)",
              template.where())
          .contains("1");
      assertThat(template.literal("metadata_options.http_endpoint"))
          .as("%s: metadata_options.http_endpoint = \"enabled\" (the boot token)", template.where())
          .contains("enabled");
      assertThat(template.literal("metadata_options.instance_metadata_tags"))
          .as("%s: metadata_options.instance_metadata_tags = \"disabled\"", template.where())
          .contains("disabled");
    }
  }

  @Test
  void everyVolumeIsEncryptedWithTheEbsKey() {
    for (HclBlock template : launchTemplates()) {
      List<HclBlock> devices = template.blocks("block_device_mappings");
      assertThat(devices).as("%s: block_device_mappings", template.where()).isNotEmpty();
      assertThat(template.dynamicBlocks("block_device_mappings"))
          .as("%s: no dynamic block_device_mappings (each is checked here)", template.where())
          .isEmpty();
      for (HclBlock device : devices) {
        assertThat(device.isTrue("ebs.encrypted"))
            .as("%s: block_device_mappings.ebs.encrypted = true", template.where())
            .isTrue();
        assertThat(module.refersTo(device, "ebs.kms_key_id", "var.ebs_kms_key_arn"))
            .as("%s: block_device_mappings.ebs.kms_key_id = var.ebs_kms_key_arn", template.where())
            .isTrue();
        assertThat(device.isTrue("ebs.delete_on_termination"))
            .as("%s: block_device_mappings.ebs.delete_on_termination = true", template.where())
            .isTrue();
      }
    }
  }

  @Test
  void instancesGetNoPublicAddressAndOnlyTheWorkspaceGroup() {
    for (HclBlock template : launchTemplates()) {
      List<HclBlock> interfaces = template.blocks("network_interfaces");
      assertThat(interfaces).as("%s: one network_interfaces block", template.where()).hasSize(1);
      HclBlock nic = interfaces.get(0);
      assertThat(nic.literal("associate_public_ip_address"))
          .as("%s: network_interfaces.associate_public_ip_address = false", template.where())
          .contains("false");
      assertThat(nic.expression("security_groups"))
          .as(
              "%s: network_interfaces.security_groups = [var.workspace_security_group_id]",
              template.where())
          .contains("[var.workspace_security_group_id]");
      assertThat(template.expression("vpc_security_group_ids"))
          .as("%s: groups are set on the network interface only", template.where())
          .isEmpty();
    }
  }

  @Test
  void instancesHaveNoUserDataOfTheTemplateAndNoKeyPair() {
    for (HclBlock template : launchTemplates()) {
      assertThat(template.expression("user_data"))
          .as(
              "%s: no user_data (the control plane passes the boot token at launch)",
              template.where())
          .isEmpty();
      assertThat(template.expression("key_name"))
          .as("%s: no key_name (no SSH key pair)", template.where())
          .isEmpty();
      assertThat(template.block("iam_instance_profile"))
          .as("%s: iam_instance_profile", template.where())
          .isPresent();
    }
  }

  @Test
  void theInstanceRoleAllowsNoDataKeyCredentialOrSecretCall() {
    HclBlock role = instanceRole();
    for (IamPolicy policy : policiesOf(role)) {
      for (Statement s : policy.statements()) {
        if (!s.isAllow()) {
          continue;
        }
        assertThat(s.notActions())
            .as("%s, statement %s: no Allow with NotAction", policy.where(), s.sid())
            .isEmpty();
        for (String action : s.actions()) {
          assertThat(action)
              .as(
                  "%s, statement %s: every allowed action is a string the tests can read",
                  policy.where(), s.sid())
              .doesNotContain("${")
              .doesNotContain("(");
          String service = action.contains(":") ? action.substring(0, action.indexOf(':')) : action;
          assertThat(service.toLowerCase(java.util.Locale.ROOT))
              .as("%s, statement %s: allows %s", policy.where(), s.sid(), action)
              .isNotIn("*", "s3", "kms", "sts", "secretsmanager")
              .doesNotContain("*");
        }
      }
    }
    for (HclBlock attachment :
        module.referring("aws_iam_role_policy_attachment", "role", role.address())) {
      String arn = attachment.expression("policy_arn").orElse("");
      boolean own =
          module.resources("aws_iam_policy").stream()
              .anyMatch(p -> HclValues.mentions(arn, p.address()));
      assertThat(own || SSM_CORE.matcher(arn).matches())
          .as(
              "%s: only AmazonSSMManagedInstanceCore or a policy of this module (checked above)"
                  + " may be attached, not %s",
              attachment.where(), arn)
          .isTrue();
    }
    assertThat(role.expression("managed_policy_arns"))
        .as("%s: managed policies are attached as resources, checked here", role.where())
        .isEmpty();
  }

  @Test
  void theInstanceRoleExplicitlyDeniesDataKeyCredentialAndSecretCalls() {
    HclBlock role = instanceRole();
    List<Statement> denies = new ArrayList<>();
    List<IamPolicy> policies = policiesOf(role);
    policies.forEach(
        p -> denies.addAll(p.statements().stream().filter(Statement::isDeny).toList()));
    for (String service : DENIED_SERVICES) {
      assertThat(denies)
          .as(
              "%s: an inline Deny of %s:* on every resource, without conditions, in one of %s",
              role.where(), service, policies.stream().map(IamPolicy::where).toList())
          .anyMatch(
              s ->
                  s.actions().contains(service + ":*")
                      && s.resources().equals(List.of("*"))
                      && s.conditions().isEmpty());
    }
  }

  @Test
  void theInstanceRoleIsAssumedByEc2Only() {
    HclBlock role = instanceRole();
    IamPolicy trust =
        IamPolicy.at(module, role, "assume_role_policy")
            .orElseThrow(
                () -> new AssertionError(role.where() + ": a readable assume_role_policy"));
    assertThat(trust.statements())
        .as("%s: trusted by ec2.amazonaws.com only", trust.where())
        .allSatisfy(
            s -> {
              if (s.isAllow()) {
                assertThat(s.principals())
                    .extracting(IamPolicy.Principal::identifiers)
                    .containsExactly(List.of("ec2.amazonaws.com"));
              }
            });
  }

  private List<HclBlock> launchTemplates() {
    List<HclBlock> templates = module.resources("aws_launch_template");
    assertThat(templates).as("the workspaces' aws_launch_template").isNotEmpty();
    return templates;
  }

  /** The role of the instance profile the launch templates name (the same for all). */
  private HclBlock instanceRole() {
    HclBlock profile = null;
    for (HclBlock template : launchTemplates()) {
      String named =
          template
              .expression("iam_instance_profile.name")
              .or(() -> template.expression("iam_instance_profile.arn"))
              .orElse("?");
      HclBlock found =
          module.resources("aws_iam_instance_profile").stream()
              .filter(p -> HclValues.mentions(named, p.address()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          template.where()
                              + ": iam_instance_profile names a profile of this module"));
      assertThat(profile == null || profile == found)
          .as("%s: every launch template uses the same instance profile", template.where())
          .isTrue();
      profile = found;
    }
    String roleExpression = profile.expression("role").orElse("?");
    HclBlock of = profile;
    return module.resources("aws_iam_role").stream()
        .filter(r -> HclValues.mentions(roleExpression, r.address()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(of.where() + ": its role is not a role here"));
  }

  /** The role's inline policies (aws_iam_role_policy resources and inline_policy blocks). */
  private List<IamPolicy> policiesOf(HclBlock role) {
    List<IamPolicy> policies = new ArrayList<>();
    for (HclBlock inline : module.referring("aws_iam_role_policy", "role", role.address())) {
      policies.add(readable(inline, "policy"));
    }
    for (HclBlock inline : role.blocks("inline_policy")) {
      policies.add(readable(inline, "policy"));
    }
    for (HclBlock attachment :
        module.referring("aws_iam_role_policy_attachment", "role", role.address())) {
      String arn = attachment.expression("policy_arn").orElse("");
      Optional<HclBlock> own =
          module.resources("aws_iam_policy").stream()
              .filter(p -> HclValues.mentions(arn, p.address()))
              .findFirst();
      own.ifPresent(p -> policies.add(readable(p, "policy")));
    }
    return policies;
  }

  private IamPolicy readable(HclBlock holder, String attribute) {
    return IamPolicy.at(module, holder, attribute)
        .orElseThrow(
            () ->
                new AssertionError(
                    holder.where()
                        + ": "
                        + attribute
                        + " must be an aws_iam_policy_document of this module or a jsonencode()"));
  }
}
