# The proxy's access log: one line per request with the bytes each way, kept
# as long as the audit records (var.log_retention_days), encrypted with a key
# that serves this log group only.

locals {
  log_group     = "/ecs/${local.prefix}/oidc-proxy"
  log_group_arn = "arn:${local.partition}:logs:${var.region}:${var.account_id}:log-group:${local.log_group}"
}

resource "aws_kms_key" "logs" {
  description             = "${local.prefix}: CloudWatch Logs of the OIDC egress proxy"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.logs_key.json

  tags = {
    Name = "${local.prefix}-oidc-proxy-logs"
  }
}

resource "aws_kms_alias" "logs" {
  name          = "alias/${local.prefix}-oidc-proxy-logs"
  target_key_id = aws_kms_key.logs.key_id
}

data "aws_iam_policy_document" "logs_key" {
  # Standard account administration: without it the key becomes unmanageable.
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  # CloudWatch Logs, for this log group only (its encryption context).
  statement {
    sid = "CloudWatchLogsForThisGroupOnly"
    actions = [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${var.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = [local.log_group_arn]
    }
  }
}

resource "aws_cloudwatch_log_group" "proxy" {
  name              = local.log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn

  tags = {
    Name = "${local.prefix}-oidc-proxy"
  }
}
