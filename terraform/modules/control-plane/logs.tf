# CloudWatch log groups, each created here (not on first write by a service)
# so that each is KMS-encrypted and has a retention from the first line.

locals {
  control_plane_log_group = "/ecs/${local.prefix}/control-plane"
  db_identifier           = "${local.prefix}-db"
  db_log_group_prefix     = "/aws/rds/instance/${local.db_identifier}"
  # WAF delivers only to log groups whose name starts with aws-waf-logs-.
  waf_log_group = "aws-waf-logs-${local.prefix}"

  log_group_arns = [
    "arn:${local.partition}:logs:${var.region}:${var.account_id}:log-group:${local.control_plane_log_group}",
    "arn:${local.partition}:logs:${var.region}:${var.account_id}:log-group:${local.db_log_group_prefix}/postgresql",
    "arn:${local.partition}:logs:${var.region}:${var.account_id}:log-group:${local.db_log_group_prefix}/upgrade",
    "arn:${local.partition}:logs:${var.region}:${var.account_id}:log-group:${local.waf_log_group}",
  ]

  log_kms_key_arn = var.log_kms_key_arn != null ? var.log_kms_key_arn : aws_kms_key.logs[0].arn
}

# The data module's keys do not let CloudWatch Logs use them (the audit key
# serves only the trail's group), so without a key of the operator's this
# module makes one whose policy lets CloudWatch Logs use it for exactly these
# log groups.
resource "aws_kms_key" "logs" {
  count = var.log_kms_key_arn == null ? 1 : 0

  description             = "${local.prefix}: CloudWatch Logs of the control plane, its database and its WAF"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.logs_key.json

  tags = {
    Name = "${local.prefix}-logs"
  }
}

resource "aws_kms_alias" "logs" {
  count = var.log_kms_key_arn == null ? 1 : 0

  name          = "alias/${local.prefix}-logs"
  target_key_id = aws_kms_key.logs[0].key_id
}

data "aws_iam_policy_document" "logs_key" {
  # Standard account administration: without it the key becomes unmanageable,
  # and it is what lets IAM policies of the account administer the key.
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  # CloudWatch Logs encrypts each group's data under its own encryption context
  # (aws:logs:arn): only these groups, never another group of the account.
  statement {
    sid = "CloudWatchLogsForTheseGroupsOnly"
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
      values   = local.log_group_arns
    }
  }
}

# The task's stdout and stderr (awslogs driver, through the logs endpoint).
resource "aws_cloudwatch_log_group" "control_plane" {
  name              = local.control_plane_log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = local.log_kms_key_arn

  tags = {
    Name = "${local.prefix}-control-plane"
  }
}

# PostgreSQL's own log (connections, disconnections, errors) and its upgrade
# log, exported by RDS; created before the instance so RDS does not create them
# unencrypted and kept forever.
resource "aws_cloudwatch_log_group" "db_postgresql" {
  name              = "${local.db_log_group_prefix}/postgresql"
  retention_in_days = var.log_retention_days
  kms_key_id        = local.log_kms_key_arn

  tags = {
    Name = "${local.prefix}-db-postgresql"
  }
}

resource "aws_cloudwatch_log_group" "db_upgrade" {
  name              = "${local.db_log_group_prefix}/upgrade"
  retention_in_days = var.log_retention_days
  kms_key_id        = local.log_kms_key_arn

  tags = {
    Name = "${local.prefix}-db-upgrade"
  }
}

# Every request the WAF judged, with the client's address: the record of who
# reached the console, since the control plane itself sees the NLB's address.
resource "aws_cloudwatch_log_group" "waf" {
  name              = local.waf_log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = local.log_kms_key_arn

  tags = {
    Name = "${local.prefix}-waf"
  }
}
