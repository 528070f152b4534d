package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The guards of {@code terraform/modules/control-plane}: the task role's policy is the reviewed
 * {@code terraform/policies/control-plane.json} with every placeholder supplied; the database is
 * private, encrypted, backed up and protected from deletion; the ALB speaks TLS 1.3 policies only
 * and sits behind the WAF; the tasks get no public address; the endpoint service serves this
 * account only.
 */
class ControlPlaneModuleTest {
  /** The reviewed policy of the task role, in the checkout under test. */
  static Path policyFile() {
    return TerraformRepo.terraform().resolve("policies").resolve("control-plane.json");
  }

  /** {@code ${name}} in a template, but not the escaped {@code $${name}}. */
  private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\$\\{([^}]*)\\}");

  final TerraformModule module = TerraformModule.load(TerraformRepo.module("control-plane"));

  @Test
  void theTaskRolePolicyIsTheReviewedTemplateWithEveryPlaceholderSupplied() throws IOException {
    HclBlock policy = taskRolePolicy();
    List<String> arguments = HclValues.arguments(policy.expression("policy").orElseThrow());
    assertThat(arguments).as("%s: templatefile(path, vars)", policy.where()).hasSize(2);
    String path =
        HclBlock.literalOf(arguments.get(0).replace("${path.module}", "PATH_MODULE"))
            .orElseThrow(
                () ->
                    new AssertionError(
                        policy.where() + ": the template path is a literal under ${path.module}"));
    Path resolved = Path.of(path.replace("PATH_MODULE", module.dir().toString())).normalize();
    assertThat(resolved)
        .as("%s: the template is terraform/policies/control-plane.json", policy.where())
        .isEqualTo(policyFile().normalize());

    Set<String> placeholders = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(Files.readString(policyFile()));
    while (m.find()) {
      assertThat(m.group(1))
          .as("control-plane.json: placeholders are plain names, not expressions")
          .matches("[A-Za-z_][A-Za-z0-9_]*");
      placeholders.add(m.group(1));
    }
    Object vars = HclValues.evaluate(arguments.get(1));
    assertThat(vars)
        .as("%s: the template's variables are an object", policy.where())
        .isInstanceOf(Map.class);
    assertThat(new TreeSet<>(((Map<?, ?>) vars).keySet().stream().map(String::valueOf).toList()))
        .as(
            "%s: supplies exactly the placeholders of control-plane.json (a missing one fails"
                + " the plan, an extra one means the file and the module disagree)",
            policy.where())
        .isEqualTo(placeholders);
  }

  @Test
  void theDatabaseIsPrivateEncryptedBackedUpAndProtected() {
    List<HclBlock> databases = module.resources("aws_db_instance");
    assertThat(databases).as("the control plane's aws_db_instance").isNotEmpty();
    for (HclBlock db : databases) {
      assertThat(db.isTrue("storage_encrypted"))
          .as("%s: storage_encrypted = true", db.where())
          .isTrue();
      assertThat(db.expression("kms_key_id"))
          .as("%s: kms_key_id (a key of the deployment, not the AWS managed key)", db.where())
          .isPresent();
      assertThat(db.isTrue("deletion_protection"))
          .as("%s: deletion_protection = true", db.where())
          .isTrue();
      assertThat(minimumOf(db, "backup_retention_period"))
          .as(
              "%s: backup_retention_period is a literal >= 7, or a variable whose validation"
                  + " requires >= 7 and whose default is >= 7",
              db.where())
          .isGreaterThanOrEqualTo(7);
      assertThat(
              db.literal("publicly_accessible")
                  .orElse(db.expression("publicly_accessible").orElse("false")))
          .as("%s: publicly_accessible is false (or left at its default, false)", db.where())
          .isEqualTo("false");
      assertThat(module.refersTo(db, "vpc_security_group_ids", "var.database_security_group_id"))
          .as("%s: vpc_security_group_ids = [var.database_security_group_id]", db.where())
          .isTrue();
    }
  }

  @Test
  void theAlbListensOnlyWithATls13PolicyAndRedirectsHttp() {
    HclBlock alb = edgeAlb();
    assertThat(alb.isTrue("drop_invalid_header_fields"))
        .as("%s: drop_invalid_header_fields = true", alb.where())
        .isTrue();
    List<HclBlock> listeners =
        module.referring("aws_lb_listener", "load_balancer_arn", alb.address());
    assertThat(listeners).as("%s: listeners", alb.where()).isNotEmpty();
    for (HclBlock listener : listeners) {
      String protocol = listener.literal("protocol").orElse("?");
      if (protocol.equals("HTTPS")) {
        assertThat(
                listener
                    .literal("ssl_policy")
                    .filter(p -> p.startsWith("ELBSecurityPolicy-TLS13-")))
            .as(
                "%s: ssl_policy is a TLS 1.3 policy (ELBSecurityPolicy-TLS13-...)",
                listener.where())
            .isPresent();
        assertThat(listener.expression("certificate_arn"))
            .as("%s: certificate_arn", listener.where())
            .isPresent();
      } else {
        assertThat(protocol)
            .as("%s: a listener is HTTPS or HTTP", listener.where())
            .isEqualTo("HTTP");
        assertThat(listener.literal("default_action.type"))
            .as("%s: plain HTTP only redirects", listener.where())
            .contains("redirect");
        assertThat(listener.literal("default_action.redirect.protocol"))
            .as("%s: to HTTPS", listener.where())
            .contains("HTTPS");
      }
    }
  }

  @Test
  void theAlbIsBehindTheWebAcl() {
    HclBlock alb = edgeAlb();
    List<HclBlock> associations =
        module.referring("aws_wafv2_web_acl_association", "resource_arn", alb.address());
    assertThat(associations).as("%s: an aws_wafv2_web_acl_association", alb.where()).hasSize(1);
    String acl = associations.get(0).expression("web_acl_arn").orElse("?");
    assertThat(module.resources("aws_wafv2_web_acl"))
        .as("%s: the web ACL is one of this module's", associations.get(0).where())
        .anyMatch(w -> HclValues.mentions(acl, w.address()));
  }

  @Test
  void theNlbIsInternal() {
    for (HclBlock lb : module.resources("aws_lb")) {
      if (lb.literal("load_balancer_type").filter("network"::equals).isPresent()) {
        assertThat(lb.isTrue("internal"))
            .as("%s: the endpoint service's NLB is internal", lb.where())
            .isTrue();
      }
    }
  }

  @Test
  void tasksGetNoPublicAddress() {
    List<HclBlock> services = module.resources("aws_ecs_service");
    assertThat(services).as("the control plane's aws_ecs_service").isNotEmpty();
    for (HclBlock service : services) {
      assertThat(service.block("network_configuration"))
          .as("%s: network_configuration (awsvpc)", service.where())
          .isPresent();
      assertThat(service.expression("network_configuration.assign_public_ip").orElse("false"))
          .as("%s: network_configuration.assign_public_ip is false", service.where())
          .isEqualTo("false");
      assertThat(
              module.refersTo(
                  service,
                  "network_configuration.security_groups",
                  "var.control_plane_security_group_id"))
          .as(
              "%s: network_configuration.security_groups = [var.control_plane_security_group_id]",
              service.where())
          .isTrue();
    }
  }

  @Test
  void theEndpointServiceServesThisAccountOnly() {
    List<HclBlock> services = module.resources("aws_vpc_endpoint_service");
    assertThat(services).as("the control plane's aws_vpc_endpoint_service").hasSize(1);
    HclBlock service = services.get(0);
    PrivateLink.assertServesThisAccountOnly(module, service);
  }

  /**
   * The least value an attribute can take: its literal, or for {@code var.<name>} the bound its
   * validation sets ({@code var.<name> >= N}) when the default respects it; 0 otherwise.
   */
  private double minimumOf(HclBlock block, String attribute) {
    String expression = block.expression(attribute).orElse("");
    Optional<String> literal = HclBlock.literalOf(expression);
    if (literal.isPresent()) {
      return Double.parseDouble(literal.get());
    }
    Matcher variable = Pattern.compile("^var\\.(\\w+)$").matcher(expression);
    if (!variable.matches() || !module.variables().containsKey(variable.group(1))) {
      return 0;
    }
    HclBlock declared = module.variables().get(variable.group(1));
    double bound = 0;
    for (HclBlock validation : declared.blocks("validation")) {
      Matcher floor =
          Pattern.compile("var\\." + variable.group(1) + "\\s*>=\\s*([0-9]+)")
              .matcher(validation.expression("condition").orElse(""));
      while (floor.find()) {
        bound = Math.max(bound, Double.parseDouble(floor.group(1)));
      }
    }
    double fallback = declared.literal("default").map(Double::parseDouble).orElse(bound);
    return Math.min(bound, fallback);
  }

  /**
   * The policy resource whose policy is templatefile(...control-plane.json...) on the task role.
   */
  private HclBlock taskRolePolicy() {
    List<HclBlock> found =
        module.resources("aws_iam_role_policy").stream()
            .filter(
                p -> p.expression("policy").filter(e -> e.startsWith("templatefile(")).isPresent())
            .toList();
    assertThat(found)
        .as(
            "one aws_iam_role_policy with policy = templatefile(\".../policies/control-plane.json\", {...})")
        .hasSize(1);
    HclBlock policy = found.get(0);
    String role = policy.expression("role").orElse("?").replaceAll("\\.(id|name)$", "");
    assertThat(module.resources("aws_ecs_task_definition"))
        .as("%s: its role %s is the task definition's task_role_arn", policy.where(), role)
        .isNotEmpty()
        .allMatch(t -> module.refersTo(t, "task_role_arn", role));
    return policy;
  }

  /** The internet-facing application load balancer. */
  private HclBlock edgeAlb() {
    List<HclBlock> albs =
        module.resources("aws_lb").stream()
            .filter(
                lb -> lb.literal("load_balancer_type").orElse("application").equals("application"))
            .toList();
    assertThat(albs).as("one application aws_lb (the edge ALB)").hasSize(1);
    return albs.get(0);
  }
}
