package org.enclave.infra.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The statements of an IAM policy written in Terraform, either as an {@code
 * aws_iam_policy_document} data source or as {@code jsonencode({...})}. Values that hcl4j cannot
 * evaluate (a {@code concat()}, a variable) are kept as their source text, so a test can still see
 * what they name.
 */
record IamPolicy(String where, List<Statement> statements) {
  private static final Pattern LOCAL = Pattern.compile("^local\\.[\\w-]+$");
  private static final Pattern WHOLE_LOCAL = Pattern.compile("^\\$\\{local\\.([\\w-]+)\\}$");
  private static final Pattern DOCUMENT =
      Pattern.compile("^data\\.aws_iam_policy_document\\.([\\w-]+)(?:\\[0\\])?\\.json$");

  record Statement(
      String sid,
      String effect,
      List<String> actions,
      List<String> notActions,
      List<String> resources,
      String resourcesExpression,
      List<Principal> principals,
      List<Condition> conditions) {

    boolean isDeny() {
      return effect.equals("Deny");
    }

    boolean isAllow() {
      return effect.equals("Allow");
    }

    /** The conditions on a key (case-insensitive, as IAM compares keys). */
    List<Condition> on(String key) {
      return conditions.stream().filter(c -> c.variable.equalsIgnoreCase(key)).toList();
    }

    /** Whether the statement applies to every principal ({@code "*"}). */
    boolean anyPrincipal() {
      return principals.stream().anyMatch(p -> p.identifiers.contains("*"));
    }
  }

  record Principal(String type, List<String> identifiers) {}

  /** One condition; {@code dynamic} when it comes from a {@code dynamic "condition"} block. */
  record Condition(String test, String variable, List<String> values, boolean dynamic) {}

  /**
   * The policy an attribute holds: a reference to {@code data.aws_iam_policy_document.<name>.json}
   * of this module (or {@code <name>[0].json}, the one instance of a document behind a {@code
   * count} switch), or a {@code jsonencode()}; empty for anything else (a template file, a
   * variable).
   */
  static Optional<IamPolicy> at(TerraformModule module, HclBlock holder, String attribute) {
    Optional<String> expression = holder.expression(attribute);
    if (expression.isEmpty()) {
      return Optional.empty();
    }
    String text = expression.get();
    // A policy kept in a local (one trust policy for two roles) is read where it is defined.
    for (int depth = 0; depth < 5 && LOCAL.matcher(text).matches(); depth++) {
      var local = module.locals().get(text.substring("local.".length()));
      if (local == null) {
        return Optional.empty();
      }
      text = local.expression();
    }
    var document = DOCUMENT.matcher(text);
    if (document.matches()) {
      return module.data("aws_iam_policy_document", document.group(1)).map(IamPolicy::of);
    }
    if (text.startsWith("jsonencode(")) {
      IamPolicy policy = of(holder.where() + " " + attribute, HclValues.json(text));
      return Optional.of(policy.withLocalsOf(module));
    }
    return Optional.empty();
  }

  /**
   * The policy with each value that is a whole local ({@code ${local.actions}}, as {@link
   * HclValues#json} writes a reference) replaced by that local's strings.
   */
  private IamPolicy withLocalsOf(TerraformModule module) {
    List<Statement> resolved = new ArrayList<>();
    for (Statement s : statements) {
      resolved.add(
          new Statement(
              s.sid(),
              s.effect(),
              resolve(module, s.actions()),
              resolve(module, s.notActions()),
              resolve(module, s.resources()),
              s.resourcesExpression(),
              s.principals(),
              s.conditions()));
    }
    return new IamPolicy(where, resolved);
  }

  private static List<String> resolve(TerraformModule module, List<String> values) {
    List<String> out = new ArrayList<>();
    for (String value : values) {
      var reference = WHOLE_LOCAL.matcher(value);
      var local = reference.matches() ? module.locals().get(reference.group(1)) : null;
      if (local == null) {
        out.add(value);
      } else {
        out.addAll(HclValues.strings(HclValues.evaluate(local.expression())));
      }
    }
    return out;
  }

  /** The statements of an {@code aws_iam_policy_document}. */
  static IamPolicy of(HclBlock document) {
    List<Statement> statements = new ArrayList<>();
    for (HclBlock s : document.blocks("statement")) {
      List<Principal> principals = new ArrayList<>();
      for (HclBlock p : s.blocks("principals")) {
        principals.add(new Principal(p.literal("type").orElse("?"), values(p, "identifiers")));
      }
      List<Condition> conditions = new ArrayList<>();
      for (HclBlock c : s.blocks("condition")) {
        conditions.add(condition(c, false));
      }
      for (HclBlock d : s.dynamicBlocks("condition")) {
        d.block("content").ifPresent(c -> conditions.add(condition(c, true)));
      }
      statements.add(
          new Statement(
              s.literal("sid").orElse(""),
              s.literal("effect").orElse("Allow"),
              values(s, "actions"),
              values(s, "not_actions"),
              values(s, "resources"),
              s.expression("resources").orElse(""),
              principals,
              conditions));
    }
    return new IamPolicy(document.where(), statements);
  }

  private static Condition condition(HclBlock c, boolean dynamic) {
    return new Condition(
        c.literal("test").orElse("?"),
        c.literal("variable").orElse("?"),
        values(c, "values"),
        dynamic);
  }

  /** A list attribute's strings; what hcl4j leaves unevaluated, as its source text. */
  private static List<String> values(HclBlock block, String attribute) {
    Optional<String> expression = block.expression(attribute);
    if (expression.isEmpty()) {
      return List.of();
    }
    Object value = HclValues.evaluate(expression.get());
    if (value == null || (value instanceof List<?> list && list.contains(null))) {
      return List.of(expression.get());
    }
    return HclValues.strings(value);
  }

  /** The statements of a policy in JSON. */
  static IamPolicy of(String where, JsonNode policy) {
    List<Statement> statements = new ArrayList<>();
    JsonNode list = policy.path("Statement");
    for (JsonNode s : list.isArray() ? list : List.of(list)) {
      List<Principal> principals = new ArrayList<>();
      JsonNode principal = s.path("Principal");
      if (principal.isTextual()) {
        principals.add(new Principal("*", List.of(principal.asText())));
      } else {
        principal
            .properties()
            .forEach(e -> principals.add(new Principal(e.getKey(), texts(e.getValue()))));
      }
      List<Condition> conditions = new ArrayList<>();
      s.path("Condition")
          .properties()
          .forEach(
              test ->
                  test.getValue()
                      .properties()
                      .forEach(
                          key ->
                              conditions.add(
                                  new Condition(
                                      test.getKey(), key.getKey(), texts(key.getValue()), false))));
      statements.add(
          new Statement(
              s.path("Sid").asText(""),
              s.path("Effect").asText("?"),
              texts(s.path("Action")),
              texts(s.path("NotAction")),
              texts(s.path("Resource")),
              s.path("Resource").toString(),
              principals,
              conditions));
    }
    return new IamPolicy(where, statements);
  }

  private static List<String> texts(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (node.isArray()) {
      List<String> out = new ArrayList<>();
      node.forEach(v -> out.add(v.asText()));
      return out;
    }
    return List.of(node.asText());
  }
}
