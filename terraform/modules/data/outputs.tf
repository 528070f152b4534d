output "datasets_bucket" {
  description = "Name of the datasets bucket (enclave.aws.s3.bucket when datasets are the store's bucket)."
  value       = aws_s3_bucket.datasets.bucket
}

output "datasets_bucket_arn" {
  description = "ARN of the datasets bucket."
  value       = aws_s3_bucket.datasets.arn
}

output "gold_bucket" {
  description = "Name of the gold labels bucket."
  value       = aws_s3_bucket.gold.bucket
}

output "gold_bucket_arn" {
  description = "ARN of the gold labels bucket."
  value       = aws_s3_bucket.gold.arn
}

output "exports_bucket" {
  description = "Name of the export airlock bucket."
  value       = aws_s3_bucket.exports.bucket
}

output "exports_bucket_arn" {
  description = "ARN of the export airlock bucket."
  value       = aws_s3_bucket.exports.arn
}

output "raw_uploads_bucket" {
  description = "Name of the raw uploads bucket."
  value       = aws_s3_bucket.raw_uploads.bucket
}

output "raw_uploads_bucket_arn" {
  description = "ARN of the raw uploads bucket."
  value       = aws_s3_bucket.raw_uploads.arn
}

output "audit_anchor_bucket" {
  description = "Name of the audit anchor bucket (enclave.aws.audit-anchor.bucket), Object Lock COMPLIANCE."
  value       = aws_s3_bucket.audit_anchor.bucket
}

output "audit_anchor_bucket_arn" {
  description = "ARN of the audit anchor bucket."
  value       = aws_s3_bucket.audit_anchor.arn
}

output "audit_logs_bucket" {
  description = "Name of the audit logs bucket (CloudTrail, VPC flow logs), Object Lock COMPLIANCE; the audit module's audit_logs_bucket."
  value       = aws_s3_bucket.audit_logs.bucket

  # CloudTrail and flow logs check the bucket policy when they are created:
  # whoever consumes this output waits until the policy that lets them write is
  # in place.
  depends_on = [aws_s3_bucket_policy.audit_logs]
}

output "audit_logs_bucket_arn" {
  description = "ARN of the audit logs bucket; the network module's flow_log_bucket_arn."
  value       = aws_s3_bucket.audit_logs.arn

  # As for audit_logs_bucket: flow logs are created after the policy allows them.
  depends_on = [aws_s3_bucket_policy.audit_logs]
}

output "access_logs_bucket" {
  description = "Name of the S3 server access logs bucket of the six other buckets."
  value       = aws_s3_bucket.access_logs.bucket
}

output "access_logs_bucket_arn" {
  description = "ARN of the S3 server access logs bucket of the six other buckets."
  value       = aws_s3_bucket.access_logs.arn
}

output "data_bucket_arns" {
  description = "ARNs of the five buckets whose object-level calls CloudTrail records as data events (datasets, gold, exports, raw-uploads, audit-anchor): the audit module's data_bucket_arns."
  value = [
    aws_s3_bucket.datasets.arn,
    aws_s3_bucket.gold.arn,
    aws_s3_bucket.exports.arn,
    aws_s3_bucket.raw_uploads.arn,
    aws_s3_bucket.audit_anchor.arn,
  ]
}

output "enclave_bucket_arns" {
  description = "ARNs of the buckets the control plane reaches through the S3 gateway endpoint (the network module's enclave_bucket_arns). The log buckets are left out: only AWS services write them, not through the endpoint."
  value = [
    aws_s3_bucket.datasets.arn,
    aws_s3_bucket.gold.arn,
    aws_s3_bucket.exports.arn,
    aws_s3_bucket.raw_uploads.arn,
    aws_s3_bucket.audit_anchor.arn,
  ]
}

output "data_kms_key_arn" {
  description = "ARN of the SSE-KMS key of the data buckets (enclave.aws.s3.kms-key)."
  value       = aws_kms_key.data.arn
}

output "audit_kms_key_arn" {
  description = "ARN of the SSE-KMS key of the audit buckets and CloudTrail (enclave.aws.audit-anchor.kms-key; the audit module's audit_kms_key_arn)."
  value       = aws_kms_key.audit.arn
}

output "ebs_kms_key_arn" {
  description = "ARN of the key of the workspaces' EBS volumes (enclave.aws.ec2.ebs-kms-key; the workspaces module's ebs_kms_key_arn)."
  value       = aws_kms_key.ebs.arn
}

output "envelope_kms_key_arn" {
  description = "ARN of the symmetric key the envelope seeds are encrypted under (enclave.aws.kms.envelope-keys.<name>.key)."
  value       = aws_kms_key.envelope.arn
}

output "signing_kms_key_arn" {
  description = "ARN of the ECC_NIST_EDWARDS25519 SIGN_VERIFY key of the audit log (enclave.aws.kms.signing-keys.audit-log)."
  value       = aws_kms_key.signing.arn
}

output "secrets_kms_key_arn" {
  description = "ARN of the key of Secrets Manager secrets and RDS storage."
  value       = aws_kms_key.secrets.arn
}

output "kms_alias_names" {
  description = "Alias of every key, by key (alias/enclave-<deployment>-<key>)."
  value = {
    data     = aws_kms_alias.data.name
    audit    = aws_kms_alias.audit.name
    ebs      = aws_kms_alias.ebs.name
    envelope = aws_kms_alias.envelope.name
    signing  = aws_kms_alias.signing.name
    secrets  = aws_kms_alias.secrets.name
  }
}

output "trail_name" {
  description = "Name of the CloudTrail trail the audit-logs bucket policy and the audit key policy allow; give it to the audit module's trail_name."
  value       = local.trail_name
}

output "cloudtrail_log_group_name" {
  description = "Name of the CloudWatch Logs group the audit key lets CloudWatch Logs encrypt; the audit module creates it under this name."
  value       = local.cloudtrail_log_group_name
}

output "admin_principal_arns" {
  description = "Principals exempt from the buckets' principal and endpoint denies (admin_role_arns plus, if exempt_terraform_caller, Terraform's role)."
  value       = local.admin_arns
}
