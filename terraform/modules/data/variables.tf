variable "deployment" {
  description = "Name of the deployment (enclave.aws.deployment): part of every bucket, key alias and trail name."
  type        = string

  validation {
    # S3 bucket names are at most 63 characters; the longest name built here is
    # enclave-<deployment>-audit-anchor-<12-digit account>, which leaves 29.
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,28}$", var.deployment))
    error_message = "deployment must be 1-29 of [a-z0-9-], starting with a letter or digit (bucket names are limited to 63 characters)."
  }
}

variable "region" {
  description = "AWS region of the deployment; used in the kms:ViaService conditions (s3.<region>.amazonaws.com, ec2..., secretsmanager..., rds...)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must look like eu-west-2."
  }
}

variable "account_id" {
  description = "AWS account id that owns the buckets and keys; part of the bucket names (global uniqueness) and of the aws:SourceAccount conditions."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be 12 digits."
  }
}

variable "control_plane_role_arn" {
  description = "ARN of the control plane's IAM role: the only principal the data buckets and the keys serve (besides admin_role_arns)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.control_plane_role_arn))
    error_message = "control_plane_role_arn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)."
  }
}

variable "s3_gateway_endpoint_id" {
  description = "Id of the enclave VPC's S3 gateway endpoint (vpce-...): the data buckets refuse the control plane's requests that do not come through it."
  type        = string

  validation {
    condition     = can(regex("^vpce-[0-9a-f]+$", var.s3_gateway_endpoint_id))
    error_message = "s3_gateway_endpoint_id must be a VPC endpoint id (vpce-...)."
  }
}

variable "audit_retention_days" {
  description = "Object Lock (COMPLIANCE) default retention, in days, of the audit-anchor and audit-logs buckets. Nobody, root included, can shorten it or delete a locked version before it ends; match enclave.aws.audit-anchor.retention (P<days>D)."
  type        = number
  default     = 2555

  validation {
    condition     = var.audit_retention_days >= 1 && var.audit_retention_days <= 36500 && floor(var.audit_retention_days) == var.audit_retention_days
    error_message = "audit_retention_days must be a whole number of days between 1 and 36500."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete non-empty buckets. Keep false in production; Object Lock keeps locked audit versions whatever this says."
  type        = bool
  default     = false
}

variable "admin_role_arns" {
  description = "Break-glass IAM roles exempt from the buckets' principal and endpoint denies (they manage the buckets from outside the VPC, e.g. the role Terraform runs as) and the only readers of the log buckets. Still TLS-only. Leave empty to leave only the account root (which can always replace a bucket policy)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.admin_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", arn))])
    error_message = "admin_role_arns must be IAM role ARNs (arn:aws:iam::<account>:role/<name>), not assumed-role session ARNs."
  }
}

variable "exempt_terraform_caller" {
  description = "Add the role Terraform runs as (the issuer of the current session) to admin_role_arns, so that the next plan can still read the bucket configuration it wrote. Turn off only when that role is listed in admin_role_arns or when Terraform runs inside the VPC as an exempt role."
  type        = bool
  default     = true
}

variable "noncurrent_version_days" {
  description = "Days after which noncurrent versions in raw-uploads expire (a replaced or deleted upload is kept this long, then goes). Other buckets keep every version."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_days >= 1 && floor(var.noncurrent_version_days) == var.noncurrent_version_days
    error_message = "noncurrent_version_days must be a whole number of days, at least 1."
  }
}

variable "trail_name" {
  description = "Name of the CloudTrail trail the audit module creates (default enclave-<deployment>). Passed here, not read from the trail, so the audit-logs bucket policy and the audit key policy can name the trail without a dependency cycle; give the audit module the same value."
  type        = string
  default     = null

  validation {
    condition     = var.trail_name == null || can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$", var.trail_name))
    error_message = "trail_name must be 3-128 of [A-Za-z0-9._-], starting with a letter or digit."
  }
}

variable "envelope_key_names" {
  description = "Key names whose envelope seeds the control plane may unwrap (encryption context enclave:key=<name>, see EnvelopeSeeds): audit-log signs checkpoints, broker-credentials derives workspace secrets."
  type        = list(string)
  default     = ["audit-log", "broker-credentials"]

  validation {
    condition     = length(var.envelope_key_names) > 0 && alltrue([for n in var.envelope_key_names : can(regex("^[a-z0-9-]{1,64}$", n))])
    error_message = "envelope_key_names must be a non-empty list of names of 1-64 of [a-z0-9-] (the KMS key service's key names)."
  }
}
