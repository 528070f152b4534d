# KMS keys. Each key policy starts with the standard statement that gives the
# account (root) full control of the key: without it a key whose policy names
# only roles becomes unmanageable once a role is deleted, and it is what lets
# IAM policies in the account administer the key. Use is then granted only to
# the principals that need it, for the actions they call, through the service
# they call it from (kms:ViaService) where the call is made by a service.

locals {
  s3_service             = "s3.${var.region}.amazonaws.com"
  ec2_service            = "ec2.${var.region}.amazonaws.com"
  secretsmanager_service = "secretsmanager.${var.region}.amazonaws.com"
  rds_service            = "rds.${var.region}.amazonaws.com"
}

# ---------------------------------------------------------------- data: datasets, gold, exports, raw-uploads

resource "aws_kms_key" "data" {
  description             = "enclave-${var.deployment}: SSE-KMS of the data buckets"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.data_key.json
}

resource "aws_kms_alias" "data" {
  name          = "alias/enclave-${var.deployment}-data"
  target_key_id = aws_kms_key.data.key_id
}

data "aws_iam_policy_document" "data_key" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  # The control plane never calls KMS for objects itself: S3 does, on its behalf,
  # when it puts or gets an object with SSE-KMS.
  statement {
    sid       = "ControlPlaneObjectsThroughS3"
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [var.control_plane_role_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.s3_service]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [var.account_id]
    }
  }
}

# ---------------------------------------------------------------- audit: audit-anchor, audit-logs, access-logs, CloudTrail

resource "aws_kms_key" "audit" {
  description             = "enclave-${var.deployment}: SSE-KMS of the audit buckets and of CloudTrail"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.audit_key.json
}

resource "aws_kms_alias" "audit" {
  name          = "alias/enclave-${var.deployment}-audit"
  target_key_id = aws_kms_key.audit.key_id
}

data "aws_iam_policy_document" "audit_key" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  # S3CheckpointAnchor writes and reads checkpoints in audit-anchor.
  statement {
    sid       = "ControlPlaneCheckpointsThroughS3"
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [var.control_plane_role_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.s3_service]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [var.account_id]
    }
  }

  # CloudTrail encrypts log files for this account's trails only (the context
  # names the trail), and only for the trail this deployment creates.
  statement {
    sid       = "CloudTrailEncryptLogs"
    actions   = ["kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["arn:${local.partition}:cloudtrail:*:${var.account_id}:trail/*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  statement {
    sid       = "CloudTrailDescribeKey"
    actions   = ["kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  # VPC flow logs (delivery.logs) write into the SSE-KMS audit-logs bucket.
  statement {
    sid       = "FlowLogsDelivery"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.flow_logs_source_arn]
    }
  }

  # S3 server access logs of this account's enclave buckets into access-logs.
  statement {
    sid       = "S3ServerAccessLogs"
    actions   = ["kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }

  # The trail's optional CloudWatch Logs group (audit module), and no other.
  statement {
    sid       = "CloudWatchLogsTrailGroup"
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${var.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = [local.cloudtrail_log_group_arn]
    }
  }
}

# ---------------------------------------------------------------- ebs: workspace root and home volumes

resource "aws_kms_key" "ebs" {
  description             = "enclave-${var.deployment}: EBS volumes of the workspaces"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.ebs_key.json
}

resource "aws_kms_alias" "ebs" {
  name          = "alias/enclave-${var.deployment}-ebs"
  target_key_id = aws_kms_key.ebs.key_id
}

data "aws_iam_policy_document" "ebs_key" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  # RunInstances with encrypted volumes: EC2 generates and decrypts the volume
  # keys as the caller (the control plane), through EC2 only.
  statement {
    sid = "ControlPlaneVolumesThroughEc2"
    actions = [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:DescribeKey",
    ]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [var.control_plane_role_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.ec2_service]
    }
  }

  # EC2 keeps using the key for a running instance through a grant it creates
  # in the caller's name; only grants for AWS resources, i.e. EC2's own.
  statement {
    sid       = "ControlPlaneGrantsForEc2"
    actions   = ["kms:CreateGrant"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [var.control_plane_role_arn]
    }

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.ec2_service]
    }
  }
}

# ---------------------------------------------------------------- envelope: encrypts the envelope seeds

resource "aws_kms_key" "envelope" {
  description             = "enclave-${var.deployment}: envelope seeds of the control plane's Ed25519 keys"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.envelope_key.json
}

resource "aws_kms_alias" "envelope" {
  name          = "alias/enclave-${var.deployment}-envelope"
  target_key_id = aws_kms_key.envelope.key_id
}

data "aws_iam_policy_document" "envelope_key" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  # KmsKeyService decrypts a seed once at startup with the encryption context
  # enclave:key=<key name> (EnvelopeSeeds.CONTEXT_KEY); a blob made for any
  # other name, or without the context, does not decrypt. Seeds are made by an
  # operator (GenerateDataKeyWithoutPlaintext) under the administration
  # statement, never by the control plane.
  statement {
    sid       = "ControlPlaneUnwrapsNamedSeeds"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [var.control_plane_role_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:enclave:key"
      values   = var.envelope_key_names
    }
  }
}

# ---------------------------------------------------------------- signing: Ed25519 key of the audit log's checkpoints

# Asymmetric KMS keys cannot be rotated by KMS (enable_key_rotation must stay
# false for them): a signature must keep verifying under the public key it was
# made with. Rotation is therefore a new key: create a second signing key,
# publish its public key (GetPublicKey) as the log's new verifier key alongside
# the checkpoints, point enclave.aws.kms.signing-keys.audit-log at it, and keep
# the old key enabled (or its public key published) for as long as checkpoints
# it signed must be verified. See README.md.
resource "aws_kms_key" "signing" {
  description              = "enclave-${var.deployment}: Ed25519 signing key of the audit log's checkpoints"
  customer_master_key_spec = "ECC_NIST_EDWARDS25519"
  key_usage                = "SIGN_VERIFY"
  enable_key_rotation      = false
  deletion_window_in_days  = 30
  policy                   = data.aws_iam_policy_document.signing_key.json
}

resource "aws_kms_alias" "signing" {
  name          = "alias/enclave-${var.deployment}-signing"
  target_key_id = aws_kms_key.signing.key_id
}

data "aws_iam_policy_document" "signing_key" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  # Only the algorithm and message type KmsKeyService uses (ED25519_SHA_512 over
  # the RAW message): no pre-hashed signatures.
  statement {
    sid       = "ControlPlaneSigns"
    actions   = ["kms:Sign"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [var.control_plane_role_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:SigningAlgorithm"
      values   = ["ED25519_SHA_512"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:MessageType"
      values   = ["RAW"]
    }
  }

  statement {
    sid       = "ControlPlaneReadsThePublicKey"
    actions   = ["kms:GetPublicKey", "kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [var.control_plane_role_arn]
    }
  }
}

# ---------------------------------------------------------------- secrets: Secrets Manager and RDS

resource "aws_kms_key" "secrets" {
  description             = "enclave-${var.deployment}: Secrets Manager secrets and RDS storage"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.secrets_key.json
}

resource "aws_kms_alias" "secrets" {
  name          = "alias/enclave-${var.deployment}-secrets"
  target_key_id = aws_kms_key.secrets.key_id
}

data "aws_iam_policy_document" "secrets_key" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }

  # The control plane reads its secrets (database password, OIDC client secret)
  # through Secrets Manager, and RDS decrypts as the caller through RDS; never
  # directly. RDS storage encryption itself runs on a grant that RDS creates
  # for the principal that creates the database (Terraform, under the
  # administration statement).
  statement {
    sid       = "ControlPlaneThroughSecretsManagerAndRds"
    actions   = ["kms:Decrypt", "kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [var.control_plane_role_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.secretsmanager_service, local.rds_service]
    }
  }
}
