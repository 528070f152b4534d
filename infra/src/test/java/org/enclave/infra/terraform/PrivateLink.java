package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

/** What every VPC endpoint service of the deployment must hold to, whichever module makes it. */
final class PrivateLink {
  private PrivateLink() {}

  /** {@code allowed_principals} is exactly this account's root: no other account may connect. */
  static void assertServesThisAccountOnly(TerraformModule module, HclBlock service) {
    String principals =
        module
            .expand(service.expression("allowed_principals").orElse(""))
            .replaceAll("[()\\s]", "");
    assertThat(principals)
        .as("%s: allowed_principals is this account's root only", service.where())
        .matches(
            "\\[\"arn:[^\"*]*:iam::\\$\\{(var\\.account_id|data\\.aws_caller_identity\\.\\w+\\.account_id)\\}:root\"\\]");
  }
}
