package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.enclave.infra.terraform.IamPolicy.Principal;
import org.enclave.infra.terraform.IamPolicy.Statement;
import org.junit.jupiter.api.Test;

/**
 * No IAM policy of the deployment allows every action, a whole service, or every resource beyond
 * the calls AWS authorizes on nothing narrower. Deny statements may use {@code *} freely: a wide
 * deny only takes away.
 *
 * <p>Which policies, and what applies to each:
 *
 * <ul>
 *   <li>identity policies ({@code aws_iam_role_policy}, {@code aws_iam_policy}, user and group
 *       policies, {@code inline_policy}), resource policies (bucket policies and the like) and
 *       documents attached to nothing here: both rules;
 *   <li>trust policies ({@code assume_role_policy}): the action rule (they name no resource);
 *   <li>key policies ({@code aws_kms_key}): the action rule, except {@code kms:*} for the account
 *       root alone, AWS's default statement that hands the key's administration to IAM (without it
 *       a key whose policy names only roles becomes unmanageable); not the resource rule: a key
 *       policy's {@code Resource} is always {@code *}, which means the key itself;
 *   <li>VPC endpoint policies: neither. An endpoint policy grants nothing, it only bounds what the
 *       identity and resource policies grant through the endpoint; its {@code Allow *} to this
 *       account's principals is the point, and {@link NetworkEgressTest} checks it;
 *   <li>{@code terraform/policies/control-plane.json}, the task role's policy: the resource rule
 *       here; its actions are checked by {@code org.enclave.infra.aws.ControlPlanePolicyTest}.
 * </ul>
 *
 * A policy held in a variable ({@code var.user_session_policy_json}) is the deployment's own and
 * cannot be read here; a {@code templatefile()} policy must be control-plane.json.
 */
class IamWildcardTest {
  /**
   * Actions AWS authorizes only on {@code "Resource": "*"} (Service Authorization Reference: the
   * action lists no resource type), so an Allow of them on {@code *} is as narrow as it can be.
   * Each with the reason it needs {@code *}; the list is short on purpose.
   */
  static final Map<String, String> EVERY_RESOURCE_ACTIONS =
      Map.ofEntries(
          Map.entry(
              "ec2:Describe*", "EC2's Describe calls support no resource-level permission at all"),
          Map.entry(
              "ecr:GetAuthorizationToken",
              "returns a registry login token for the account; it names no repository"),
          Map.entry("sts:GetCallerIdentity", "needs no permission and names no resource"),
          Map.entry(
              "logs:CreateLogDelivery",
              "vended-log delivery (WAF, Resolver) is authorized on * only"),
          Map.entry("logs:GetLogDelivery", "vended-log delivery is authorized on * only"),
          Map.entry("logs:UpdateLogDelivery", "vended-log delivery is authorized on * only"),
          Map.entry("logs:DeleteLogDelivery", "vended-log delivery is authorized on * only"),
          Map.entry("logs:ListLogDeliveries", "vended-log delivery is authorized on * only"),
          Map.entry("kms:CreateKey", "creates a key: there is no key ARN to name yet"),
          Map.entry("kms:ListKeys", "lists the account's keys: no key to name"),
          Map.entry("kms:ListAliases", "lists the account's aliases: no key to name"),
          Map.entry("kms:GenerateRandom", "random bytes from KMS: uses no key"),
          Map.entry(
              "ssm:UpdateInstanceInformation",
              "Session Manager's documented minimum instance policy grants it on *: the agent"
                  + " registers the instance it runs on"),
          Map.entry(
              "ssmmessages:CreateControlChannel",
              "Session Manager's channels: ssmmessages defines no resource type"),
          Map.entry(
              "ssmmessages:CreateDataChannel",
              "Session Manager's channels: ssmmessages defines no resource type"),
          Map.entry(
              "ssmmessages:OpenControlChannel",
              "Session Manager's channels: ssmmessages defines no resource type"),
          Map.entry(
              "ssmmessages:OpenDataChannel",
              "Session Manager's channels: ssmmessages defines no resource type"));

  /** An action as IAM writes it, possibly with wildcards: what the tests can read. */
  private static final Pattern ACTION = Pattern.compile("^(\\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$");

  private static final Pattern ANY_RESOURCE = Pattern.compile("\"\\*\"");

  /** Resource types whose {@code policy} is an identity policy. */
  private static final Set<String> IDENTITY_POLICIES =
      Set.of(
          "aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy");

  private static final Set<String> KEYS = Set.of("aws_kms_key", "aws_kms_replica_key");

  enum Kind {
    IDENTITY("identity policy"),
    RESOURCE("resource policy"),
    UNATTACHED("policy document attached to nothing in its module"),
    TRUST("trust policy"),
    KEY("key policy"),
    ENDPOINT("endpoint policy");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** A policy of a module, what it is, and where it is used. */
  record Found(TerraformModule module, IamPolicy policy, Kind kind, String usedBy) {
    String context(Statement s) {
      return policy.where()
          + ", statement "
          + (s.sid().isEmpty() ? "<no sid>" : s.sid())
          + " ("
          + kind.label
          + (usedBy.isEmpty() ? "" : " of " + usedBy)
          + ")";
    }
  }

  final List<Found> policies = new ArrayList<>();

  IamWildcardTest() {
    TerraformRepo.modules().stream().map(TerraformModule::load).forEach(this::collect);
  }

  @Test
  void noAllowInTheModulesGrantsEveryActionOrAWholeService() {
    assertThat(policies)
        .as("the policies of the modules, of every kind the deployment has")
        .extracting(Found::kind)
        .contains(Kind.IDENTITY, Kind.RESOURCE, Kind.TRUST, Kind.KEY, Kind.ENDPOINT);
    for (Found found : policies) {
      if (found.kind() == Kind.ENDPOINT) {
        continue;
      }
      for (Statement s : found.policy().statements()) {
        if (!s.isAllow()) {
          continue;
        }
        assertThat(s.notActions())
            .as("%s: no Allow with NotAction (it allows every other action)", found.context(s))
            .isEmpty();
        for (String action : s.actions()) {
          assertThat(action)
              .as("%s: every allowed action is a string the tests can read", found.context(s))
              .matches(ACTION);
          if (found.kind() == Kind.KEY
              && action.equalsIgnoreCase("kms:*")
              && accountRootOnly(found.module(), s)) {
            continue;
          }
          assertThat(action.equals("*") || action.endsWith(":*"))
              .as(
                  "%s: allows %s, every action of a service or of all; name the actions",
                  found.context(s), action)
              .isFalse();
        }
      }
    }
  }

  @Test
  void noAllowInTheModulesNamesEveryResourceButForActionsAwsAuthorizesOnlyThere() {
    for (Found found : policies) {
      if (!Set.of(Kind.IDENTITY, Kind.RESOURCE, Kind.UNATTACHED).contains(found.kind())) {
        continue;
      }
      for (Statement s : found.policy().statements()) {
        if (s.isAllow() && namesEveryResource(found.module(), s)) {
          assertOnlyActionsAuthorizedOnEveryResource(found.context(s), s);
        }
      }
    }
  }

  @Test
  void theControlPlanePolicyNamesEveryResourceOnlyForActionsAwsAuthorizesOnlyThere()
      throws IOException {
    Path file = ControlPlaneModuleTest.policyFile();
    IamPolicy policy =
        IamPolicy.of(TerraformRepo.relative(file), new ObjectMapper().readTree(file.toFile()));
    assertThat(policy.statements()).as("%s: statements", policy.where()).isNotEmpty();
    for (Statement s : policy.statements()) {
      if (s.isAllow() && namesEveryResource(null, s)) {
        assertOnlyActionsAuthorizedOnEveryResource(policy.where() + ", statement " + s.sid(), s);
      }
    }
  }

  private static void assertOnlyActionsAuthorizedOnEveryResource(String context, Statement s) {
    for (String action : s.actions()) {
      assertThat(authorizedOnlyOnEveryResource(action))
          .as(
              "%s: allows %s on \"*\", but AWS authorizes it on named resources; only %s may be"
                  + " allowed on \"*\"",
              context, action, new TreeSet<>(EVERY_RESOURCE_ACTIONS.keySet()))
          .isTrue();
    }
  }

  static boolean authorizedOnlyOnEveryResource(String action) {
    return EVERY_RESOURCE_ACTIONS.keySet().stream()
        .anyMatch(
            allowed ->
                Pattern.compile(
                        Pattern.quote(allowed).replace("*", "\\E.*\\Q"), Pattern.CASE_INSENSITIVE)
                    .matcher(action)
                    .matches());
  }

  private static boolean namesEveryResource(TerraformModule module, Statement s) {
    if (s.resources().contains("*")) {
      return true;
    }
    String expression =
        module == null ? s.resourcesExpression() : module.expand(s.resourcesExpression());
    return ANY_RESOURCE.matcher(expression).find();
  }

  /** Every principal of the statement is this account's root ({@code arn:...:iam::<id>:root}). */
  private static boolean accountRootOnly(TerraformModule module, Statement s) {
    List<String> identifiers =
        s.principals().stream().flatMap(p -> p.identifiers().stream()).toList();
    return !identifiers.isEmpty()
        && s.principals().stream().map(Principal::type).allMatch("AWS"::equals)
        && identifiers.stream()
            .map(i -> module.expand(i).replaceAll("[()\"\\s\\[\\]]", ""))
            .allMatch(i -> i.matches("arn:[^:]*:iam::[^:]*:root"));
  }

  /** Every policy a module holds, and every policy document it defines. */
  private void collect(TerraformModule module) {
    Set<String> read = new HashSet<>();
    for (HclBlock block : module.resourceBlocks()) {
      String type = block.labels().get(0);
      if (block.expression("assume_role_policy").isPresent()) {
        add(module, block, "assume_role_policy", Kind.TRUST, read);
      }
      if (block.expression("policy").isPresent()) {
        Kind kind =
            IDENTITY_POLICIES.contains(type)
                ? Kind.IDENTITY
                : KEYS.contains(type)
                    ? Kind.KEY
                    : type.equals("aws_vpc_endpoint") ? Kind.ENDPOINT : Kind.RESOURCE;
        add(module, block, "policy", kind, read);
      }
      for (HclBlock inline : block.blocks("inline_policy")) {
        add(module, inline, "policy", Kind.IDENTITY, read);
      }
    }
    for (HclBlock document : module.data("aws_iam_policy_document")) {
      if (!read.contains(document.where())) {
        policies.add(new Found(module, IamPolicy.of(document), Kind.UNATTACHED, ""));
      }
    }
  }

  private void add(
      TerraformModule module, HclBlock holder, String attribute, Kind kind, Set<String> read) {
    String expression = holder.expression(attribute).orElseThrow();
    var policy = IamPolicy.at(module, holder, attribute);
    if (policy.isEmpty()) {
      boolean reviewedTemplate =
          expression.startsWith("templatefile(")
              && expression.contains("/policies/control-plane.json\"");
      assertThat(reviewedTemplate || expression.matches("var\\.[\\w-]+"))
          .as(
              "%s: %s must be an aws_iam_policy_document of its module, a jsonencode(), the"
                  + " reviewed control-plane.json or a variable of the deployment",
              holder.where(), attribute)
          .isTrue();
      return;
    }
    read.add(policy.get().where());
    policies.add(new Found(module, policy.get(), kind, holder.where()));
  }
}
