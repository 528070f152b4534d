# What an administrator sets for one deployment (README.md, "Variables").
# Each module validates its own inputs as well; the checks here are the ones
# that must fail before any module is read.

variable "deployment" {
  description = "Name of the deployment (enclave.aws.deployment): part of every resource name, the enclave:deployment tag on everything, and the tag the control plane's policy requires on the instances it manages."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,28}$", var.deployment))
    error_message = "deployment must be 1-29 of [a-z0-9-], starting with a letter or digit (bucket names are limited to 63 characters)."
  }
}

variable "region" {
  description = "AWS region of the whole deployment, e.g. eu-west-2 (where the data may lawfully live)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must look like eu-west-2."
  }
}

variable "azs" {
  description = "Two to four availability zones of var.region, e.g. [\"eu-west-2a\", \"eu-west-2b\"]: one subnet of each tier per zone."
  type        = list(string)
}

variable "cidr" {
  description = "IPv4 CIDR of the enclave VPC (RFC 1918, /16 to /20)."
  type        = string
  default     = "10.40.0.0/16"
}

variable "edge_cidr" {
  description = "IPv4 CIDR of the edge VPC, which holds only the internet-facing ALB; must not overlap cidr."
  type        = string
  default     = "10.41.0.0/16"
}

variable "dns_allowed_domains" {
  description = "Names the enclave VPC may resolve beyond the region's AWS service names and enclave.internal (e.g. an external OIDC issuer's host). Every entry is a possible DNS channel out: list only names you control."
  type        = list(string)
  default     = []
}

variable "admin_role_arns" {
  description = "Break-glass IAM roles that may manage the buckets from outside the VPC and read the log buckets (still TLS-only). The role Terraform runs as is added automatically."
  type        = list(string)
  default     = []
}

variable "audit_retention_days" {
  description = "Object Lock (COMPLIANCE) retention of the audit checkpoints, CloudTrail logs and flow logs, in days. Nobody can shorten it once written."
  type        = number
  default     = 2555
}

variable "control_plane_image" {
  description = "The control plane's container image in this account's ECR, <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>."
  type        = string
}

variable "console_hostname" {
  description = "Host name researchers and stewards open, e.g. enclave.example.org; point its DNS record at the alb_dns_name output."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate for console_hostname in var.region (the ALB's HTTPS listener)."
  type        = string
}

variable "oidc_issuer_url" {
  description = "OIDC issuer of the users. Empty (default): a Cognito user pool is created with the enclave's roles as groups."
  type        = string
  default     = ""
}

variable "oidc_egress_hosts" {
  description = "With an external issuer (oidc_issuer_url set): the host names of its back channel, which the OIDC egress proxy alone lets the control plane reach (ADR 0007): the issuer's host, and its token, keys and end-session endpoints' hosts where they differ. Exact names, no wildcard. Ignored with Cognito, whose two hosts the root module names itself."
  type        = list(string)
  default     = []

  validation {
    # The issuer's own host must be on the list (discovery is fetched from it).
    condition     = var.oidc_issuer_url == "" || contains(var.oidc_egress_hosts, try(regex("^https://([^/:?#]+)", var.oidc_issuer_url)[0], ""))
    error_message = "With oidc_issuer_url set, oidc_egress_hosts must list the issuer's host (the host of oidc_issuer_url), plus the hosts of its token, JWKS and end-session endpoints where they differ."
  }
}

variable "oidc_proxy_image" {
  description = "The OIDC egress proxy's image (modules/oidc-egress/image, built and pushed to this account's ECR), <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>."
  type        = string
}

variable "broker_ca_pem" {
  description = "PEM of the CA that signed the broker's TLS certificate (stored in the broker TLS secret after apply); baked into the workspace image as the only CA workspaces trust for the broker."
  type        = string
}

variable "broker_credentials_seed_ciphertext" {
  description = "Base64 envelope seed of the broker-credentials key, made with aws kms generate-data-key-without-plaintext under the envelope key with encryption context enclave:key=broker-credentials (README step 3)."
  type        = string
}

variable "workspace_ami_id" {
  description = "Pin the workspace AMI. Null (default): the newest image the pipeline built for this deployment."
  type        = string
  default     = null
}

variable "workspace_image_version" {
  description = "Version of the workspace image recipe (x.y.z); raise it whenever the runtime artifacts or the CA change."
  type        = string
  default     = "1.0.0"
}

variable "builder_subnet_id" {
  description = "Subnet where EC2 Image Builder builds the workspace image: in a separate builder VPC with egress to package mirrors, never in the enclave VPC."
  type        = string
}

variable "builder_security_group_id" {
  description = "Security group of the image build instance, in the builder subnet's VPC."
  type        = string
}

variable "runtime_artifact_s3_uri" {
  description = "s3://bucket/prefix/ holding enclave-runtime.jar and enclave-workspace-files.tar.gz for the image build (README step 2)."
  type        = string
}

variable "runtime_jar_sha256" {
  description = "Hex SHA-256 of enclave-runtime.jar; the build refuses any other file."
  type        = string
}

variable "workspace_files_sha256" {
  description = "Hex SHA-256 of enclave-workspace-files.tar.gz; the build refuses any other file."
  type        = string
}

variable "instance_type_small" {
  description = "enclave.aws.ec2.instance-types.small."
  type        = string
  default     = "m7i.large"
}

variable "instance_type_medium" {
  description = "enclave.aws.ec2.instance-types.medium."
  type        = string
  default     = "m7i.xlarge"
}

variable "instance_type_large" {
  description = "enclave.aws.ec2.instance-types.large (GPU types are allowed, e.g. g5.xlarge)."
  type        = string
  default     = "g5.xlarge"
}
