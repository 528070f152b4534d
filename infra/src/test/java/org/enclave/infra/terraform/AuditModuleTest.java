package org.enclave.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The guards of {@code terraform/modules/audit}: one CloudTrail trail that records every management
 * event in every region and of the global services, and every read and write of an object in the
 * data buckets; its log files validated by signed digests and encrypted with the audit key; and the
 * root module giving it exactly the data module's data buckets.
 */
class AuditModuleTest {
  /**
   * What may narrow the data-event selector: which events (category), of which resource type, on
   * which buckets. Anything else ({@code readOnly}, {@code eventName}, {@code eventSource}, ...)
   * would leave reads or writes of the data unrecorded.
   */
  static final Set<String> DATA_EVENT_FIELDS =
      Set.of("eventCategory", "resources.type", "resources.ARN");

  final TerraformModule module = TerraformModule.load(TerraformRepo.module("audit"));

  @Test
  void theTrailIsMultiRegionAndRecordsGlobalServiceEvents() {
    HclBlock trail = trail();
    assertThat(trail.isTrue("is_multi_region_trail"))
        .as("%s: is_multi_region_trail = true (a call in any region is recorded)", trail.where())
        .isTrue();
    assertThat(trail.isTrue("include_global_service_events"))
        .as("%s: include_global_service_events = true (IAM, STS, ...)", trail.where())
        .isTrue();
    assertThat(trail.literal("enable_logging").orElse("true"))
        .as("%s: enable_logging is not false", trail.where())
        .isEqualTo("true");
  }

  @Test
  void theTrailValidatesItsLogFiles() {
    HclBlock trail = trail();
    assertThat(trail.isTrue("enable_log_file_validation"))
        .as(
            "%s: enable_log_file_validation = true (signed digests reveal a deleted or altered log"
                + " file)",
            trail.where())
        .isTrue();
  }

  @Test
  void theTrailIsEncryptedWithTheAuditKeyAndDeliveredToTheAuditLogsBucket() {
    HclBlock trail = trail();
    assertThat(module.refersTo(trail, "kms_key_id", "var.audit_kms_key_arn"))
        .as("%s: kms_key_id = var.audit_kms_key_arn (SSE-KMS with the audit key)", trail.where())
        .isTrue();
    assertThat(module.refersTo(trail, "s3_bucket_name", "var.audit_logs_bucket"))
        .as("%s: s3_bucket_name = var.audit_logs_bucket (the Object Lock bucket)", trail.where())
        .isTrue();
    for (HclBlock group : module.resources("aws_cloudwatch_log_group")) {
      assertThat(module.refersTo(group, "kms_key_id", "var.audit_kms_key_arn"))
          .as("%s: a copy of the trail is encrypted with the audit key too", group.where())
          .isTrue();
    }
  }

  @Test
  void theTrailRecordsEveryManagementEvent() {
    HclBlock trail = trail();
    assertThat(trail.blocks("event_selector"))
        .as("%s: advanced_event_selector only, no basic event_selector", trail.where())
        .extracting(HclBlock::where)
        .isEmpty();
    List<HclBlock> management =
        selectors(trail).stream().filter(s -> category(s).equals(List.of("Management"))).toList();
    assertThat(management)
        .as("%s: an advanced_event_selector of eventCategory Management", trail.where())
        .hasSize(1);
    assertThat(management.get(0).blocks("field_selector"))
        .as(
            "%s: the management selector has no field_selector but eventCategory, so that every"
                + " management event, read or write, of every source is recorded",
            trail.where())
        .extracting(f -> f.literal("field").orElse("?"))
        .containsExactly("eventCategory");
  }

  @Test
  void theTrailRecordsReadsAndWritesOfObjectsInTheDataBuckets() {
    HclBlock trail = trail();
    List<List<String>> problems =
        selectors(trail).stream()
            .filter(s -> category(s).equals(List.of("Data")))
            .map(AuditModuleTest::dataSelectorProblems)
            .toList();
    assertThat(problems)
        .as(
            "%s: an advanced_event_selector of eventCategory Data on resources.type"
                + " AWS::S3::Object, every object of var.data_bucket_arns, reads and writes; what"
                + " is wrong with each Data selector: %s",
            trail.where(), problems)
        .anyMatch(List::isEmpty);
  }

  /** What keeps a Data selector from recording every read and write of the data objects. */
  private static List<String> dataSelectorProblems(HclBlock selector) {
    List<String> problems = new ArrayList<>();
    if (!field(selector, "resources.type")
        .map(f -> f.strings("equals"))
        .equals(Optional.of(List.of("AWS::S3::Object")))) {
      problems.add("resources.type equals is not [\"AWS::S3::Object\"]");
    }
    boolean dataBuckets =
        field(selector, "resources.ARN")
            .flatMap(f -> f.expression("starts_with").or(() -> f.expression("equals")))
            .filter(e -> HclValues.mentions(e, "var.data_bucket_arns"))
            .isPresent();
    if (!dataBuckets) {
      problems.add("resources.ARN does not start with the objects of var.data_bucket_arns");
    }
    for (HclBlock f : selector.blocks("field_selector")) {
      String name = f.literal("field").orElse("?");
      if (!DATA_EVENT_FIELDS.contains(name)) {
        problems.add(
            "field_selector "
                + name
                + " narrows it (a readOnly selector would drop reads or writes); only "
                + DATA_EVENT_FIELDS
                + " may");
      }
    }
    return problems;
  }

  @Test
  void theTrailIsGivenEveryDataBucketOfTheDataModule() {
    TerraformModule root = TerraformModule.load(TerraformRepo.terraform());
    for (HclBlock call : root.modules().values()) {
      if (call.literal("source").filter("./modules/audit"::equals).isEmpty()) {
        continue;
      }
      assertThat(call.expression("data_bucket_arns"))
          .as("%s: data_bucket_arns = module.data.data_bucket_arns", call.where())
          .contains("module.data.data_bucket_arns");
    }
    TerraformModule dataModule = TerraformModule.load(TerraformRepo.module("data"));
    HclBlock output = dataModule.outputs().get("data_bucket_arns");
    assertThat(output).as("terraform/modules/data: output data_bucket_arns").isNotNull();
    for (String bucket : DataModulePolicyTest.DATA_BUCKETS) {
      assertThat(dataModule.refersTo(output, "value", "aws_s3_bucket." + bucket))
          .as("%s: lists aws_s3_bucket.%s, whose objects the trail records", output.where(), bucket)
          .isTrue();
    }
  }

  private HclBlock trail() {
    List<HclBlock> trails = module.resources("aws_cloudtrail");
    assertThat(trails)
        .as("terraform/modules/audit: one aws_cloudtrail")
        .extracting(HclBlock::where)
        .hasSize(1);
    return trails.get(0);
  }

  private static List<HclBlock> selectors(HclBlock trail) {
    assertThat(trail.dynamicBlocks("advanced_event_selector"))
        .as("%s: no dynamic advanced_event_selector (each is checked here)", trail.where())
        .extracting(HclBlock::where)
        .isEmpty();
    return trail.blocks("advanced_event_selector");
  }

  private static List<String> category(HclBlock selector) {
    return field(selector, "eventCategory").map(f -> f.strings("equals")).orElse(List.of());
  }

  private static Optional<HclBlock> field(HclBlock selector, String name) {
    return selector.blocks("field_selector").stream()
        .filter(f -> f.literal("field").filter(name::equals).isPresent())
        .findFirst();
  }
}
