# CloudTrail of one Enclave deployment (issue 13): every management event in
# every region, and every object-level call on the enclave's data buckets,
# delivered to the Object Lock audit-logs bucket, encrypted with the audit key,
# with digest files so that a deleted or altered log file is detectable.

locals {
  # arn:<partition>:kms:<region>:<account>:key/<id>: the trail lives where its
  # key does. Read from the ARN rather than from data sources, so the module
  # needs no extra inputs and no provider calls at plan time.
  key_arn_parts = split(":", var.audit_kms_key_arn)
  partition     = local.key_arn_parts[1]
  region        = local.key_arn_parts[3]
  account_id    = local.key_arn_parts[4]

  trail_name = coalesce(var.trail_name, "enclave-${var.deployment}")
  trail_arn  = "arn:${local.partition}:cloudtrail:${local.region}:${local.account_id}:trail/${local.trail_name}"

  # The data module's audit key policy lets CloudWatch Logs use the key for
  # this group name only.
  log_group_name = "/aws/cloudtrail/${local.trail_name}"
}

resource "aws_cloudtrail" "this" {
  name           = local.trail_name
  s3_bucket_name = var.audit_logs_bucket
  kms_key_id     = var.audit_kms_key_arn

  # One trail for every region and for global services (IAM, STS, ...): a call
  # made in a region the enclave does not use is still recorded.
  is_multi_region_trail         = true
  include_global_service_events = true

  # Hourly signed digest files: a log file deleted or changed after delivery
  # is detected by `aws cloudtrail validate-logs`.
  enable_log_file_validation = true

  cloud_watch_logs_group_arn = var.cloudwatch_logs_enabled ? "${aws_cloudwatch_log_group.trail[0].arn}:*" : null
  cloud_watch_logs_role_arn  = var.cloudwatch_logs_enabled ? aws_iam_role.cloudtrail_logs[0].arn : null

  # Advanced selectors replace the basic ones; management events must then be
  # selected explicitly.
  advanced_event_selector {
    name = "Management events"

    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }

  # Reads and writes of objects in the data buckets: who read which dataset,
  # who put which export. The log buckets are not listed: logging the delivery
  # of logs would only log itself.
  advanced_event_selector {
    name = "S3 data events on the enclave data buckets"

    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }

    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }

    field_selector {
      field       = "resources.ARN"
      starts_with = [for arn in var.data_bucket_arns : "${arn}/"]
    }
  }
}

# ---------------------------------------------------------------- optional CloudWatch Logs delivery

resource "aws_cloudwatch_log_group" "trail" {
  count = var.cloudwatch_logs_enabled ? 1 : 0

  name              = local.log_group_name
  retention_in_days = var.cloudwatch_logs_retention_days
  kms_key_id        = var.audit_kms_key_arn
}

data "aws_iam_policy_document" "cloudtrail_logs_assume" {
  count = var.cloudwatch_logs_enabled ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    # Only this trail may use the role (confused deputy).
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }
}

data "aws_iam_policy_document" "cloudtrail_logs" {
  count = var.cloudwatch_logs_enabled ? 1 : 0

  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.trail[0].arn}:log-stream:*"]
  }
}

resource "aws_iam_role" "cloudtrail_logs" {
  count = var.cloudwatch_logs_enabled ? 1 : 0

  name               = "enclave-${var.deployment}-cloudtrail-logs"
  description        = "CloudTrail ${local.trail_name} delivers to ${local.log_group_name}"
  assume_role_policy = data.aws_iam_policy_document.cloudtrail_logs_assume[0].json
}

resource "aws_iam_role_policy" "cloudtrail_logs" {
  count = var.cloudwatch_logs_enabled ? 1 : 0

  name   = "deliver-to-log-group"
  role   = aws_iam_role.cloudtrail_logs[0].id
  policy = data.aws_iam_policy_document.cloudtrail_logs[0].json
}
