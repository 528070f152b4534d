# Bucket policies. Deny statements make the guarantees: an IAM policy elsewhere
# in the account that allows s3:* cannot reach the data, because an explicit
# deny in the bucket policy wins over any allow.
#
# Data buckets (datasets, gold, exports, raw-uploads, audit-anchor):
#   1. deny any request without TLS;
#   2. deny every principal but the control plane role and admin_arns;
#   3. deny the control plane outside the S3 gateway endpoint, so its
#      credentials, if stolen, are useless outside the enclave VPC.
# No Allow is needed: the control plane's IAM policy grants what it may do.
#
# Log buckets (audit-logs, access-logs) are written by AWS services, which do
# not come through the endpoint and carry no IAM principal ARN: their deny names
# the delivery service principals as exempt (aws:PrincipalServiceName), and the
# Allow statements let exactly those services write for this account's sources
# (aws:SourceAccount / aws:SourceArn, against the confused deputy).

data "aws_iam_policy_document" "datasets_bucket" {
  # Every request over TLS, whoever makes it (admins included).
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.datasets, "${local.bucket_arns.datasets}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyEveryoneButTheControlPlane"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.datasets, "${local.bucket_arns.datasets}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = concat([var.control_plane_role_arn], local.admin_arns)
    }
  }

  statement {
    sid       = "DenyOutsideTheS3GatewayEndpoint"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.datasets, "${local.bucket_arns.datasets}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = [var.s3_gateway_endpoint_id]
    }

    # Admins (and Terraform's role) are exempt: they manage the bucket from
    # outside the VPC. Without admins only the root user, who can always
    # replace a bucket policy, can repair the bucket.
    dynamic "condition" {
      for_each = length(local.admin_arns) > 0 ? [local.admin_arns] : []
      content {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = condition.value
      }
    }
  }
}

data "aws_iam_policy_document" "gold_bucket" {
  # Every request over TLS, whoever makes it (admins included).
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.gold, "${local.bucket_arns.gold}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyEveryoneButTheControlPlane"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.gold, "${local.bucket_arns.gold}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = concat([var.control_plane_role_arn], local.admin_arns)
    }
  }

  statement {
    sid       = "DenyOutsideTheS3GatewayEndpoint"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.gold, "${local.bucket_arns.gold}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = [var.s3_gateway_endpoint_id]
    }

    # Admins (and Terraform's role) are exempt: they manage the bucket from
    # outside the VPC. Without admins only the root user, who can always
    # replace a bucket policy, can repair the bucket.
    dynamic "condition" {
      for_each = length(local.admin_arns) > 0 ? [local.admin_arns] : []
      content {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = condition.value
      }
    }
  }
}

data "aws_iam_policy_document" "exports_bucket" {
  # Every request over TLS, whoever makes it (admins included).
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.exports, "${local.bucket_arns.exports}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyEveryoneButTheControlPlane"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.exports, "${local.bucket_arns.exports}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = concat([var.control_plane_role_arn], local.admin_arns)
    }
  }

  statement {
    sid       = "DenyOutsideTheS3GatewayEndpoint"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.exports, "${local.bucket_arns.exports}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = [var.s3_gateway_endpoint_id]
    }

    # Admins (and Terraform's role) are exempt: they manage the bucket from
    # outside the VPC. Without admins only the root user, who can always
    # replace a bucket policy, can repair the bucket.
    dynamic "condition" {
      for_each = length(local.admin_arns) > 0 ? [local.admin_arns] : []
      content {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = condition.value
      }
    }
  }
}

data "aws_iam_policy_document" "raw_uploads_bucket" {
  # Every request over TLS, whoever makes it (admins included).
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.raw_uploads, "${local.bucket_arns.raw_uploads}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyEveryoneButTheControlPlane"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.raw_uploads, "${local.bucket_arns.raw_uploads}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = concat([var.control_plane_role_arn], local.admin_arns)
    }
  }

  statement {
    sid       = "DenyOutsideTheS3GatewayEndpoint"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.raw_uploads, "${local.bucket_arns.raw_uploads}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = [var.s3_gateway_endpoint_id]
    }

    # Admins (and Terraform's role) are exempt: they manage the bucket from
    # outside the VPC. Without admins only the root user, who can always
    # replace a bucket policy, can repair the bucket.
    dynamic "condition" {
      for_each = length(local.admin_arns) > 0 ? [local.admin_arns] : []
      content {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = condition.value
      }
    }
  }
}

data "aws_iam_policy_document" "audit_anchor_bucket" {
  # Every request over TLS, whoever makes it (admins included).
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.audit_anchor, "${local.bucket_arns.audit_anchor}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyEveryoneButTheControlPlane"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.audit_anchor, "${local.bucket_arns.audit_anchor}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = concat([var.control_plane_role_arn], local.admin_arns)
    }
  }

  statement {
    sid       = "DenyOutsideTheS3GatewayEndpoint"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.audit_anchor, "${local.bucket_arns.audit_anchor}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = [var.s3_gateway_endpoint_id]
    }

    # Admins (and Terraform's role) are exempt: they manage the bucket from
    # outside the VPC. Without admins only the root user, who can always
    # replace a bucket policy, can repair the bucket.
    dynamic "condition" {
      for_each = length(local.admin_arns) > 0 ? [local.admin_arns] : []
      content {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = condition.value
      }
    }
  }

  # A checkpoint is written once (PutObject with If-None-Match: *, docs/aws.md):
  # refuse any write that could replace an existing key, even by an admin, so
  # the bucket holds one version per checkpoint. Object Lock keeps the versions;
  # this keeps the keys. Multipart parts carry no conditional header and are
  # refused too, which suits the anchor: a checkpoint is a few hundred bytes.
  statement {
    sid       = "DenyUnconditionalCheckpointWrites"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arns.audit_anchor}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Null"
      variable = "s3:if-none-match"
      values   = ["true"]
    }
  }
}

data "aws_iam_policy_document" "audit_logs_bucket" {
  # Every request over TLS, whoever makes it (admins included).
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.audit_logs, "${local.bucket_arns.audit_logs}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  # Nobody but admins and the two delivery services: not even the control plane,
  # whose own actions these logs record.
  statement {
    sid       = "DenyEveryoneButAdminsAndLogDelivery"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.audit_logs, "${local.bucket_arns.audit_logs}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    # Requests by IAM principals carry no aws:PrincipalServiceName, so IfExists
    # makes them match; CloudTrail's and flow logs' deliveries do not.
    condition {
      test     = "StringNotEqualsIfExists"
      variable = "aws:PrincipalServiceName"
      values   = ["cloudtrail.amazonaws.com", "delivery.logs.amazonaws.com"]
    }

    # Admins (and Terraform's role) are exempt: they manage the bucket from
    # outside the VPC. Without admins only the root user, who can always
    # replace a bucket policy, can repair the bucket.
    dynamic "condition" {
      for_each = length(local.admin_arns) > 0 ? [local.admin_arns] : []
      content {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = condition.value
      }
    }
  }

  statement {
    sid       = "AllowCloudTrailAclCheck"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl"]
    resources = [local.bucket_arns.audit_logs]

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

  statement {
    sid       = "AllowCloudTrailWrite"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arns.audit_logs}/AWSLogs/${var.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  statement {
    sid       = "AllowFlowLogsAclCheck"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl", "s3:ListBucket"]
    resources = [local.bucket_arns.audit_logs]

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

  # Flow logs write <optional prefix>/AWSLogs/<account>/vpcflowlogs/...; the
  # leading wildcard leaves the prefix to the network module.
  statement {
    sid       = "AllowFlowLogsWrite"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arns.audit_logs}/*AWSLogs/${var.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
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
}

data "aws_iam_policy_document" "access_logs_bucket" {
  # Every request over TLS, whoever makes it (admins included).
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.access_logs, "${local.bucket_arns.access_logs}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyEveryoneButAdminsAndS3Logging"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arns.access_logs, "${local.bucket_arns.access_logs}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEqualsIfExists"
      variable = "aws:PrincipalServiceName"
      values   = ["logging.s3.amazonaws.com"]
    }

    # Admins (and Terraform's role) are exempt: they manage the bucket from
    # outside the VPC. Without admins only the root user, who can always
    # replace a bucket policy, can repair the bucket.
    dynamic "condition" {
      for_each = length(local.admin_arns) > 0 ? [local.admin_arns] : []
      content {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = condition.value
      }
    }
  }

  # Bucket owner enforced turns ACLs off, so the log delivery group cannot be
  # granted by ACL: S3's logging service principal is allowed here instead,
  # only for this account's six other buckets.
  statement {
    sid       = "AllowS3ServerAccessLogs"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arns.access_logs}/${local.access_log_prefix}*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = local.logged_bucket_arns
    }
  }
}
