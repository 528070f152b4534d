variable "deployment" {
  description = "Name of the deployment (enclave.aws.deployment); the trail is enclave-<deployment> unless trail_name says otherwise."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,28}$", var.deployment))
    error_message = "deployment must be 1-29 of [a-z0-9-], as in the data module."
  }
}

variable "trail_name" {
  description = "Name of the trail; must be the data module's trail_name output, whose audit-logs bucket policy and audit key policy allow only that trail. Default enclave-<deployment>."
  type        = string
  default     = null

  validation {
    condition     = var.trail_name == null || can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$", var.trail_name))
    error_message = "trail_name must be 3-128 of [A-Za-z0-9._-], starting with a letter or digit."
  }
}

variable "audit_logs_bucket" {
  description = "Name of the audit-logs bucket (data module output audit_logs_bucket, which waits for the bucket policy CloudTrail needs)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.audit_logs_bucket))
    error_message = "audit_logs_bucket must be an S3 bucket name, not an ARN."
  }
}

variable "audit_kms_key_arn" {
  description = "ARN of the audit KMS key (data module output audit_kms_key_arn); encrypts the log files and the optional CloudWatch Logs group. Its partition, region and account are also the trail's."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.audit_kms_key_arn))
    error_message = "audit_kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias."
  }
}

variable "data_bucket_arns" {
  description = "ARNs of the buckets whose object-level calls (GetObject, PutObject, DeleteObject...) the trail records as S3 data events: datasets, gold, exports, raw-uploads, audit-anchor (data module output data_bucket_arns)."
  type        = list(string)

  validation {
    condition     = length(var.data_bucket_arns) > 0 && alltrue([for arn in var.data_bucket_arns : can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", arn))])
    error_message = "data_bucket_arns must be a non-empty list of bucket ARNs (arn:aws:s3:::<bucket>, no key or wildcard)."
  }
}

variable "cloudwatch_logs_enabled" {
  description = "Also deliver the trail to a CloudWatch Logs group (/aws/cloudtrail/<trail>, KMS-encrypted with the audit key), for metric filters and alarms. S3 remains the record of authority."
  type        = bool
  default     = false
}

variable "cloudwatch_logs_retention_days" {
  description = "Retention of the CloudWatch Logs group, in days, when cloudwatch_logs_enabled. The Object Lock copy in S3 is what is kept for audit."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudwatch_logs_retention_days)
    error_message = "cloudwatch_logs_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}
