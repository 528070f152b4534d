# The control plane's PostgreSQL 16: private (database subnets, the database
# group that admits only the control plane on 5432), encrypted with the secrets
# key, TLS required, backed up, undeletable by accident. Its master password is
# made, kept and rotated by RDS in Secrets Manager (manage_master_user_password):
# it is never in Terraform's configuration, plan or state.

resource "aws_db_subnet_group" "control_plane" {
  name        = "${local.prefix}-db"
  description = "Database subnets of ${local.prefix} (no route out of the VPC)."
  subnet_ids  = var.database_subnet_ids

  tags = {
    Name = "${local.prefix}-db"
  }
}

# Not the default group: TLS is required of every connection whatever the
# engine version's default, and connections are logged.
resource "aws_db_parameter_group" "control_plane" {
  name        = "${local.prefix}-postgres16"
  family      = "postgres16"
  description = "PostgreSQL 16 of ${local.prefix}: TLS only, connections logged."

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_connections"
    value = "1"
  }

  parameter {
    name  = "log_disconnections"
    value = "1"
  }

  tags = {
    Name = "${local.prefix}-postgres16"
  }
}

resource "aws_db_instance" "control_plane" {
  identifier = local.db_identifier

  engine = "postgres"
  # The major version; RDS applies minor versions in the maintenance window.
  engine_version             = "16"
  auto_minor_version_upgrade = true
  instance_class             = var.db_instance_class
  parameter_group_name       = aws_db_parameter_group.control_plane.name
  ca_cert_identifier         = "rds-ca-rsa2048-g1"

  db_name = "enclave"
  port    = 5432

  # The master user is the control plane's user (it owns the schema that the
  # control plane migrates at start). Its password: RDS makes it and keeps it
  # in a secret encrypted with the secrets key, rotated every 7 days; the task
  # receives the secret's username and password keys (secrets.tf) and is
  # restarted after each rotation (aws_sfn_state_machine.restart_after_rotation).
  username                      = "enclave"
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.secrets_kms_key_arn

  iam_database_authentication_enabled = var.db_iam_authentication

  # Storage: encrypted with the secrets key, gp3, grows on its own.
  storage_type          = "gp3"
  allocated_storage     = var.db_allocated_storage_gib
  max_allocated_storage = var.db_max_allocated_storage_gib
  storage_encrypted     = true
  kms_key_id            = var.secrets_kms_key_arn

  # Network: only in the enclave VPC's database subnets, never public.
  db_subnet_group_name   = aws_db_subnet_group.control_plane.name
  vpc_security_group_ids = [var.database_security_group_id]
  publicly_accessible    = false
  network_type           = "IPV4"
  multi_az               = var.db_multi_az

  # Backups: point-in-time recovery, snapshots keep the tags, a final snapshot
  # on deletion, and the automated backups survive the instance.
  backup_retention_period   = var.db_backup_retention_days
  copy_tags_to_snapshot     = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.db_identifier}-final"
  delete_automated_backups  = false

  # The database is the record of who may see which data: deleting it takes
  # turning this off first, on purpose.
  deletion_protection = true

  # Performance Insights, encrypted with the secrets key (it holds query text).
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.secrets_kms_key_arn
  performance_insights_retention_period = 7

  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  # Changes wait for the maintenance window rather than restarting the
  # database in the middle of the day.
  apply_immediately = false

  tags = {
    Name = local.db_identifier
  }

  # The log groups exist, encrypted and with a retention, before RDS writes.
  depends_on = [
    aws_cloudwatch_log_group.db_postgresql,
    aws_cloudwatch_log_group.db_upgrade,
  ]
}

# ------------------------------------------------------------------ restart after password rotation
#
# ECS resolves the task's secrets once, when the task starts. After RDS rotates
# the master password, the running task keeps its open connections but would
# fail to open new ones; so each successful rotation of this secret starts a
# new deployment of the service (a new task, with the new password). The event
# comes from CloudTrail's record of the rotation (the audit module's trail
# records management events).

resource "aws_cloudwatch_event_rule" "db_password_rotated" {
  name        = "${local.prefix}-db-password-rotated"
  description = "The database's managed master password of ${local.prefix} was rotated: restart the control plane."

  event_pattern = jsonencode({
    source        = ["aws.secretsmanager"]
    "detail-type" = ["AWS Service Event via CloudTrail"]
    detail = {
      eventSource = ["secretsmanager.amazonaws.com"]
      eventName   = ["RotationSucceeded"]
      additionalEventData = {
        SecretId = [local.db_secret_arn]
      }
    }
  })

  tags = {
    Name = "${local.prefix}-db-password-rotated"
  }
}

locals {
  service_arn = "arn:${local.partition}:ecs:${var.region}:${var.account_id}:service/${aws_ecs_cluster.control_plane.name}/${local.container_name}"
}

# One step: UpdateService with ForceNewDeployment, through Step Functions' AWS
# SDK integration (EventBridge has no ECS target that restarts a service).
resource "aws_sfn_state_machine" "restart_after_rotation" {
  name     = "${local.prefix}-restart-control-plane"
  role_arn = aws_iam_role.restart_after_rotation.arn

  definition = jsonencode({
    Comment = "Start a new deployment of the control plane, so its task reads the rotated database password."
    StartAt = "ForceNewDeployment"
    States = {
      ForceNewDeployment = {
        Type     = "Task"
        Resource = "arn:${local.partition}:states:::aws-sdk:ecs:updateService"
        Parameters = {
          Cluster            = aws_ecs_cluster.control_plane.arn
          Service            = local.container_name
          ForceNewDeployment = true
        }
        Retry = [
          {
            ErrorEquals     = ["States.ALL"]
            IntervalSeconds = 30
            MaxAttempts     = 5
            BackoffRate     = 2
          }
        ]
        End = true
      }
    }
  })

  tags = {
    Name = "${local.prefix}-restart-control-plane"
  }
}

data "aws_iam_policy_document" "states_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

resource "aws_iam_role" "restart_after_rotation" {
  name               = "${local.prefix}-restart-control-plane"
  description        = "Step Functions: restart the Enclave control plane's service after its database password rotates."
  assume_role_policy = data.aws_iam_policy_document.states_trust.json

  tags = {
    Name = "${local.prefix}-restart-control-plane"
  }
}

data "aws_iam_policy_document" "restart_after_rotation" {
  # This service only, and only UpdateService (no task definition change is
  # possible without ecs:RegisterTaskDefinition and iam:PassRole, neither given).
  statement {
    actions   = ["ecs:UpdateService"]
    resources = [local.service_arn]
  }
}

resource "aws_iam_role_policy" "restart_after_rotation" {
  name   = "restart-control-plane"
  role   = aws_iam_role.restart_after_rotation.id
  policy = data.aws_iam_policy_document.restart_after_rotation.json
}

data "aws_iam_policy_document" "events_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

resource "aws_iam_role" "rotation_events" {
  name               = "${local.prefix}-rotation-events"
  description        = "EventBridge: start the control plane's restart when its database password rotates."
  assume_role_policy = data.aws_iam_policy_document.events_trust.json

  tags = {
    Name = "${local.prefix}-rotation-events"
  }
}

data "aws_iam_policy_document" "rotation_events" {
  statement {
    actions   = ["states:StartExecution"]
    resources = [aws_sfn_state_machine.restart_after_rotation.arn]
  }
}

resource "aws_iam_role_policy" "rotation_events" {
  name   = "start-restart"
  role   = aws_iam_role.rotation_events.id
  policy = data.aws_iam_policy_document.rotation_events.json
}

resource "aws_cloudwatch_event_target" "db_password_rotated" {
  rule     = aws_cloudwatch_event_rule.db_password_rotated.name
  arn      = aws_sfn_state_machine.restart_after_rotation.arn
  role_arn = aws_iam_role.rotation_events.arn
}
