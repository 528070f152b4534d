# Buckets and keys of one Enclave deployment (issue 13, terraform-contract.md).
#
# Seven buckets, each with its own resources (no for_each), so that the policy
# tests can find every invariant on the resource of the bucket it protects:
#   datasets, gold, exports, raw-uploads  data, read and written by the control plane only
#   audit-anchor                          checkpoints of the audit log, Object Lock COMPLIANCE
#   audit-logs                            CloudTrail and VPC flow logs, Object Lock COMPLIANCE
#   access-logs                           S3 server access logs of the other six buckets
#
# access-logs exists because S3 refuses a bucket with Object Lock as the target
# of server access logging ("S3 buckets with Object Lock can't be used as
# destination buckets for server access logs", S3 user guide, Object Lock
# considerations), so the access logs cannot go to audit-logs as first planned.

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

# The role behind Terraform's own session: aws:PrincipalArn is the role ARN, not
# the assumed-role session ARN that aws_caller_identity returns.
data "aws_iam_session_context" "current" {
  arn = data.aws_caller_identity.current.arn
}

locals {
  partition = data.aws_partition.current.partition
  prefix    = "enclave-${var.deployment}"

  bucket_names = {
    datasets     = "${local.prefix}-datasets-${var.account_id}"
    gold         = "${local.prefix}-gold-${var.account_id}"
    exports      = "${local.prefix}-exports-${var.account_id}"
    raw_uploads  = "${local.prefix}-raw-uploads-${var.account_id}"
    audit_anchor = "${local.prefix}-audit-anchor-${var.account_id}"
    audit_logs   = "${local.prefix}-audit-logs-${var.account_id}"
    access_logs  = "${local.prefix}-access-logs-${var.account_id}"
  }

  # Built from names, not from the bucket resources, so that policies of one
  # bucket can name another without ordering constraints. (Spelled out rather
  # than a for expression: the HCL parser of the policy tests reads no map
  # comprehensions.)
  bucket_arns = {
    datasets     = "arn:${local.partition}:s3:::${local.bucket_names.datasets}"
    gold         = "arn:${local.partition}:s3:::${local.bucket_names.gold}"
    exports      = "arn:${local.partition}:s3:::${local.bucket_names.exports}"
    raw_uploads  = "arn:${local.partition}:s3:::${local.bucket_names.raw_uploads}"
    audit_anchor = "arn:${local.partition}:s3:::${local.bucket_names.audit_anchor}"
    audit_logs   = "arn:${local.partition}:s3:::${local.bucket_names.audit_logs}"
    access_logs  = "arn:${local.partition}:s3:::${local.bucket_names.access_logs}"
  }

  # The buckets whose server access logs go to access-logs (all but itself).
  logged_bucket_arns = [
    local.bucket_arns.datasets,
    local.bucket_arns.gold,
    local.bucket_arns.exports,
    local.bucket_arns.raw_uploads,
    local.bucket_arns.audit_anchor,
    local.bucket_arns.audit_logs,
  ]

  root_arn = "arn:${local.partition}:iam::${var.account_id}:root"

  # Principals exempt from the buckets' principal and endpoint denies.
  admin_arns = distinct(concat(
    var.admin_role_arns,
    var.exempt_terraform_caller ? [data.aws_iam_session_context.current.issuer_arn] : [],
  ))

  trail_name = coalesce(var.trail_name, local.prefix)
  trail_arn  = "arn:${local.partition}:cloudtrail:${var.region}:${var.account_id}:trail/${local.trail_name}"

  # The CloudWatch Logs group the audit module creates when CloudTrail also
  # delivers to CloudWatch; the audit key lets CloudWatch Logs encrypt it.
  cloudtrail_log_group_name = "/aws/cloudtrail/${local.trail_name}"
  cloudtrail_log_group_arn  = "arn:${local.partition}:logs:${var.region}:${var.account_id}:log-group:${local.cloudtrail_log_group_name}"

  # VPC flow logs are delivered by delivery.logs.amazonaws.com on behalf of a
  # log subscription whose ARN is in the logs namespace of this account.
  flow_logs_source_arn = "arn:${local.partition}:logs:${var.region}:${var.account_id}:*"

  # Where server access logs of each bucket go inside access-logs.
  access_log_prefix = "s3/"
}
