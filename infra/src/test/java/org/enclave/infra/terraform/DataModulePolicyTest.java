package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.enclave.infra.terraform.IamPolicy.Condition;
import org.enclave.infra.terraform.IamPolicy.Statement;
import org.junit.jupiter.api.Test;

/**
 * The guards of {@code terraform/modules/data}: every bucket private, encrypted with a KMS key,
 * versioned, without ACLs and TLS-only; the audit buckets locked in COMPLIANCE mode; the symmetric
 * keys rotated; the data buckets refusing every principal but the control plane and every request
 * that does not come through the enclave VPC's S3 gateway endpoint.
 */
class DataModulePolicyTest {
  /** The buckets only the control plane may use, through the endpoint (the module's README). */
  static final Set<String> DATA_BUCKETS =
      Set.of("datasets", "gold", "exports", "raw_uploads", "audit_anchor");

  /** The buckets whose records must outlive anyone who could delete them. */
  static final Set<String> AUDIT_BUCKETS = Set.of("audit_anchor", "audit_logs");

  final TerraformModule module = TerraformModule.load(TerraformRepo.module("data"));
  final List<HclBlock> buckets = module.resources("aws_s3_bucket");

  @Test
  void theModuleHasTheBucketsTheContractNames() {
    assertThat(buckets)
        .as("terraform/modules/data: the buckets the contract names; the module has %s", buckets)
        .extracting(b -> b.labels().get(1))
        .containsAll(DATA_BUCKETS)
        .containsAll(AUDIT_BUCKETS);
  }

  @Test
  void everyBucketBlocksAllPublicAccess() {
    for (HclBlock bucket : buckets) {
      HclBlock block = configurationOf(bucket, "aws_s3_bucket_public_access_block");
      for (String setting :
          List.of(
              "block_public_acls",
              "block_public_policy",
              "ignore_public_acls",
              "restrict_public_buckets")) {
        assertThat(block.isTrue(setting))
            .as("%s: %s must be the literal true (public access block)", block.where(), setting)
            .isTrue();
      }
    }
  }

  @Test
  void everyBucketIsEncryptedWithAKmsKeyAndABucketKey() {
    for (HclBlock bucket : buckets) {
      HclBlock sse = configurationOf(bucket, "aws_s3_bucket_server_side_encryption_configuration");
      assertThat(sse.blocks("rule")).as("%s: one encryption rule", sse.where()).hasSize(1);
      String byDefault = "rule.apply_server_side_encryption_by_default.";
      assertThat(sse.literal(byDefault + "sse_algorithm"))
          .as("%s: SSE-KMS (sse_algorithm = \"aws:kms\")", sse.where())
          .contains("aws:kms");
      assertThat(
              sse.expression(byDefault + "kms_master_key_id")
                  .filter(e -> e.matches("aws_kms_key\\.[\\w-]+\\.arn")))
          .as("%s: kms_master_key_id must name a key of this module", sse.where())
          .isPresent();
      assertThat(sse.isTrue("rule.bucket_key_enabled"))
          .as("%s: bucket_key_enabled = true", sse.where())
          .isTrue();
    }
  }

  @Test
  void everyBucketIsVersioned() {
    for (HclBlock bucket : buckets) {
      HclBlock versioning = configurationOf(bucket, "aws_s3_bucket_versioning");
      assertThat(versioning.literal("versioning_configuration.status"))
          .as("%s: versioning_configuration.status = \"Enabled\"", versioning.where())
          .contains("Enabled");
    }
  }

  @Test
  void noBucketHonoursAcls() {
    for (HclBlock bucket : buckets) {
      HclBlock ownership = configurationOf(bucket, "aws_s3_bucket_ownership_controls");
      assertThat(ownership.literal("rule.object_ownership"))
          .as("%s: object_ownership = \"BucketOwnerEnforced\" (ACLs off)", ownership.where())
          .contains("BucketOwnerEnforced");
    }
    assertThat(module.resources("aws_s3_bucket_acl"))
        .as("aws_s3_bucket_acl: ACLs are off, none may be granted")
        .isEmpty();
  }

  @Test
  void everyBucketPolicyDeniesRequestsWithoutTls() {
    for (HclBlock bucket : buckets) {
      IamPolicy policy = policyOf(bucket);
      assertThat(policy.statements())
          .as(
              "%s: a Deny of s3:* to every principal when aws:SecureTransport is false",
              policy.where())
          .anySatisfy(
              s -> {
                assertDeniesEverythingToEveryone(s);
                assertThat(s.conditions())
                    .as("its only condition is aws:SecureTransport")
                    .singleElement()
                    .satisfies(
                        c -> {
                          assertThat(c.test()).isEqualTo("Bool");
                          assertThat(c.variable()).isEqualTo("aws:SecureTransport");
                          assertThat(c.values()).containsExactly("false");
                        });
              });
    }
  }

  @Test
  void auditBucketsAreLockedInComplianceMode() {
    for (HclBlock bucket : buckets) {
      String name = bucket.labels().get(1);
      List<HclBlock> locks =
          module.referring("aws_s3_bucket_object_lock_configuration", "bucket", bucket.address());
      if (!AUDIT_BUCKETS.contains(name) && locks.isEmpty()) {
        continue;
      }
      assertThat(bucket.isTrue("object_lock_enabled"))
          .as("%s: object_lock_enabled = true (only possible at creation)", bucket.where())
          .isTrue();
      HclBlock lock = configurationOf(bucket, "aws_s3_bucket_object_lock_configuration");
      assertThat(lock.literal("rule.default_retention.mode"))
          .as("%s: default retention mode COMPLIANCE (GOVERNANCE can be bypassed)", lock.where())
          .contains("COMPLIANCE");
      assertThat(
              lock.expression("rule.default_retention.days")
                  .or(() -> lock.expression("rule.default_retention.years")))
          .as("%s: a default retention period", lock.where())
          .isPresent();
    }
  }

  @Test
  void everySymmetricKeyIsRotated() {
    List<HclBlock> keys = module.resources("aws_kms_key");
    assertThat(keys).as("the module's KMS keys").isNotEmpty();
    for (HclBlock key : keys) {
      String spec = key.literal("customer_master_key_spec").orElse("SYMMETRIC_DEFAULT");
      if (key.expression("customer_master_key_spec").isPresent()
          && key.literal("customer_master_key_spec").isEmpty()) {
        throw new AssertionError(key.where() + ": customer_master_key_spec must be a literal");
      }
      if (spec.equals("SYMMETRIC_DEFAULT")) {
        assertThat(key.isTrue("enable_key_rotation"))
            .as("%s: a symmetric key has enable_key_rotation = true", key.where())
            .isTrue();
      }
    }
  }

  @Test
  void dataBucketsDenyEveryPrincipalButTheControlPlane() {
    for (HclBlock bucket : dataBuckets()) {
      IamPolicy policy = policyOf(bucket);
      assertThat(policy.statements())
          .as(
              "%s: a Deny of s3:* to every principal whose aws:PrincipalArn is not"
                  + " var.control_plane_role_arn (or an admin), with no other condition",
              policy.where())
          .anySatisfy(
              s -> {
                assertDeniesEverythingToEveryone(s);
                assertThat(s.conditions())
                    .singleElement()
                    .satisfies(
                        c -> {
                          assertNegatedArnMatch(c);
                          assertThat(c.values())
                              .anySatisfy(
                                  v ->
                                      assertThat(
                                              HclValues.mentions(v, "var.control_plane_role_arn"))
                                          .isTrue());
                        });
              });
    }
  }

  @Test
  void dataBucketsDenyRequestsThatDoNotComeThroughTheS3GatewayEndpoint() {
    for (HclBlock bucket : dataBuckets()) {
      IamPolicy policy = policyOf(bucket);
      assertThat(policy.statements())
          .as(
              "%s: a Deny of s3:* to every principal when aws:SourceVpce is not"
                  + " var.s3_gateway_endpoint_id; other conditions only exempt admins by ARN",
              policy.where())
          .anySatisfy(
              s -> {
                assertDeniesEverythingToEveryone(s);
                assertThat(s.on("aws:SourceVpce"))
                    .singleElement()
                    .satisfies(
                        c -> {
                          assertThat(c.test()).isEqualTo("StringNotEquals");
                          assertThat(c.values()).containsExactly("var.s3_gateway_endpoint_id");
                        });
                assertThat(s.conditions())
                    .filteredOn(c -> !c.variable().equalsIgnoreCase("aws:SourceVpce"))
                    .allSatisfy(DataModulePolicyTest::assertNegatedArnMatch);
              });
    }
  }

  private List<HclBlock> dataBuckets() {
    List<HclBlock> found =
        buckets.stream().filter(b -> DATA_BUCKETS.contains(b.labels().get(1))).toList();
    assertThat(found).as("the data buckets %s", DATA_BUCKETS).hasSize(DATA_BUCKETS.size());
    return found;
  }

  /** The one resource of a type that configures a bucket (its {@code bucket} refers to it). */
  private HclBlock configurationOf(HclBlock bucket, String type) {
    List<HclBlock> found = module.referring(type, "bucket", bucket.address());
    assertThat(found).as("%s: exactly one %s for it", bucket.where(), type).hasSize(1);
    return found.get(0);
  }

  private IamPolicy policyOf(HclBlock bucket) {
    HclBlock policy = configurationOf(bucket, "aws_s3_bucket_policy");
    return IamPolicy.at(module, policy, "policy")
        .orElseThrow(
            () ->
                new AssertionError(
                    policy.where()
                        + ": policy must be data.aws_iam_policy_document.<name>.json of this"
                        + " module or a jsonencode() the tests can read"));
  }

  /** Deny, s3:*, every principal, on the bucket and its objects. */
  private static void assertDeniesEverythingToEveryone(Statement s) {
    assertThat(s.isDeny()).as("Deny").isTrue();
    assertThat(s.actions()).as("actions").containsExactly("s3:*");
    assertThat(s.notActions()).as("not_actions").isEmpty();
    assertThat(s.anyPrincipal()).as("principal *").isTrue();
    assertThat(s.resources())
        .as("the bucket and its objects")
        .hasSize(2)
        .anyMatch(r -> r.endsWith("/*"))
        .anyMatch(r -> !r.endsWith("/*"));
  }

  /** A condition that matches every principal ARN but the ones it lists. */
  private static void assertNegatedArnMatch(Condition c) {
    assertThat(c.variable()).as("condition key").isEqualToIgnoringCase("aws:PrincipalArn");
    assertThat(c.test()).as("condition test").isIn("ArnNotEquals", "StringNotEquals");
    assertThat(c.values()).as("exempt principals").noneMatch(v -> v.contains("*"));
  }
}
