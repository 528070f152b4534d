# ------------------------------------------------------------------ deployment

variable "deployment" {
  description = "Name of the deployment (enclave.aws.deployment): the tag value enclave:deployment and part of every name (enclave-<deployment>-...)."
  type        = string

  validation {
    # The data module's limit (bucket names), kept here so one value fits all modules.
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,28}$", var.deployment))
    error_message = "deployment must be 1-29 of [a-z0-9-], starting with a letter or digit."
  }
}

variable "region" {
  description = "AWS region of the deployment (enclave.aws.region)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must look like eu-west-2."
  }
}

variable "account_id" {
  description = "AWS account id of the deployment: in ARNs of the IAM policy and the only principal the endpoint service accepts."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be 12 digits."
  }
}

# ------------------------------------------------------------------ network (network module outputs)

variable "vpc_id" {
  description = "The enclave VPC (network module vpc_id): the control plane's tasks, the database, the workspaces. Also workspace_vpc_id of the IAM policy."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "control_plane_subnet_ids" {
  description = "Private subnets of the control plane (network module control_plane_subnet_ids), one per AZ: the tasks and the internal NLB."
  type        = list(string)

  validation {
    condition     = length(var.control_plane_subnet_ids) >= 2 && alltrue([for s in var.control_plane_subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "control_plane_subnet_ids must be at least two subnet ids (subnet-...), in different AZs."
  }
}

variable "database_subnet_ids" {
  description = "Private subnets of the database (network module database_subnet_ids), at least two AZs (RDS requires it for a subnet group)."
  type        = list(string)

  validation {
    condition     = length(var.database_subnet_ids) >= 2 && alltrue([for s in var.database_subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "database_subnet_ids must be at least two subnet ids (subnet-...), in different AZs."
  }
}

variable "workspace_subnet_ids" {
  description = "Private subnets of the workspaces (network module workspace_subnet_ids): enclave.aws.ec2.subnets, where the control plane launches instances."
  type        = list(string)

  validation {
    condition     = length(var.workspace_subnet_ids) >= 1 && alltrue([for s in var.workspace_subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "workspace_subnet_ids must be at least one subnet id (subnet-...)."
  }
}

variable "control_plane_security_group_id" {
  description = "Security group <prefix>-control-plane (network module): on the tasks. Its rules (8080 in from the NLB's subnets, 9443 in from workspaces, egress to workspaces, database and endpoints) belong to the network module."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.control_plane_security_group_id))
    error_message = "control_plane_security_group_id must be a security group id (sg-...)."
  }
}

variable "database_security_group_id" {
  description = "Security group <prefix>-database (network module): on the RDS instance; ingress 5432 only from the control plane's group."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.database_security_group_id))
    error_message = "database_security_group_id must be a security group id (sg-...)."
  }
}

variable "workspace_security_group_id" {
  description = "Security group <prefix>-workspace (network module): enclave.aws.ec2.security-groups, and the only group the IAM policy lets instances launch with."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.workspace_security_group_id))
    error_message = "workspace_security_group_id must be a security group id (sg-...)."
  }
}

variable "edge_vpc_id" {
  description = "The edge VPC (network module edge_vpc_id): the internet-facing ALB and the interface endpoint to the control plane's endpoint service."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.edge_vpc_id))
    error_message = "edge_vpc_id must be a VPC id (vpc-...)."
  }
}

variable "edge_public_subnet_ids" {
  description = "Public subnets of the edge VPC (network module edge_public_subnet_ids), in the same AZs as the control-plane subnets (PrivateLink connects an endpoint only in AZs the NLB serves)."
  type        = list(string)

  validation {
    condition     = length(var.edge_public_subnet_ids) >= 2 && alltrue([for s in var.edge_public_subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "edge_public_subnet_ids must be at least two subnet ids (subnet-...), in different AZs (an ALB needs two)."
  }
}

variable "edge_alb_security_group_id" {
  description = "Security group of the ALB (network module edge_alb_security_group_id): ingress 443 from the internet."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.edge_alb_security_group_id))
    error_message = "edge_alb_security_group_id must be a security group id (sg-...)."
  }
}

variable "edge_endpoint_security_group_id" {
  description = "Security group <prefix>-edge-endpoint (network module edge_endpoint_security_group_id): on the edge VPC's interface endpoint to the control plane; ingress 8080 only from the ALB's group, which may send only to it."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.edge_endpoint_security_group_id))
    error_message = "edge_endpoint_security_group_id must be a security group id (sg-...)."
  }
}

variable "http_redirect" {
  description = "Listen on HTTP 80 only to redirect to HTTPS 443 (nothing is ever served over HTTP). The ALB's group must admit 80 (network module alb_http_redirect, the same choice)."
  type        = bool
  default     = true
}

variable "private_zone_id" {
  description = "The private Route 53 zone of the enclave VPC (network module private_zone_id): the broker's name broker.<zone> is a record in it."
  type        = string

  validation {
    condition     = can(regex("^Z[0-9A-Z]+$", var.private_zone_id))
    error_message = "private_zone_id must be a Route 53 hosted zone id (Z...)."
  }
}

variable "private_zone_name" {
  description = "Name of the private zone (network module private_zone_name). Workspaces reach the broker at https://broker.<zone>:9443; the broker's TLS certificate must name broker.<zone>."
  type        = string
  default     = "enclave.internal"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", var.private_zone_name))
    error_message = "private_zone_name must be a lower-case DNS name with at least two labels, without a trailing dot."
  }
}

# ------------------------------------------------------------------ the container

variable "image" {
  description = "The control plane's image in ECR of this account and region (the enclave VPC reaches no other registry), <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest> (preferred: immutable) or :<tag>. See README for what the image must provide."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z]{2}(-[a-z]+)+-[0-9]\\.amazonaws\\.com/[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$", var.image))
    error_message = "image must be an ECR image URI, <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest> or :<tag>."
  }
}

variable "cpu" {
  description = "vCPU units of the task (1024 = 1 vCPU); a Fargate size, with memory."
  type        = number
  default     = 2048

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be a Fargate task size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "memory" {
  description = "Memory of the task in MiB; must be a valid Fargate combination with cpu."
  type        = number
  default     = 4096

  validation {
    condition     = var.memory >= 512 && var.memory <= 122880 && floor(var.memory) == var.memory
    error_message = "memory must be a whole number of MiB between 512 and 122880 (and valid for the chosen cpu)."
  }
}

variable "cpu_architecture" {
  description = "CPU architecture of the task, matching the image: X86_64 or ARM64."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "ephemeral_storage_gib" {
  description = "Task storage in GiB (Fargate: 21-200), which backs the writable mounts /tmp, /run/enclave and /var/lib/enclave (the root file system is read-only)."
  type        = number
  default     = 30

  validation {
    condition     = var.ephemeral_storage_gib >= 21 && var.ephemeral_storage_gib <= 200 && floor(var.ephemeral_storage_gib) == var.ephemeral_storage_gib
    error_message = "ephemeral_storage_gib must be a whole number between 21 and 200."
  }
}

variable "container_user" {
  description = "The uid (or uid:gid) the container runs as: never root. The image must own /tmp, /run/enclave and /var/lib/enclave by this user (README)."
  type        = string
  default     = "10001:10001"

  validation {
    condition     = can(regex("^[1-9][0-9]{0,9}(:[0-9]{1,10})?$", var.container_user))
    error_message = "container_user must be a non-zero numeric uid, optionally :gid (root, uid 0, is refused)."
  }
}

variable "desired_count" {
  description = "Tasks of the control plane: 1, or 0 to stop it. Never more: the broker keeps its workspace endpoints, boot tokens and address bindings in one process's memory, and a second reconciler would race the first."
  type        = number
  default     = 1

  validation {
    condition     = contains([0, 1], var.desired_count)
    error_message = "desired_count must be 0 or 1 (the control plane runs as a single task)."
  }
}

variable "log_retention_days" {
  description = "Retention of the control plane's, the database's and the WAF's CloudWatch log groups, in days (a value CloudWatch Logs accepts)."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

variable "log_kms_key_arn" {
  description = "KMS key of the CloudWatch log groups. Its policy must let logs.<region>.amazonaws.com use it for these groups (kms:EncryptionContext:aws:logs:arn). Null: the module creates a key with exactly that policy."
  type        = string
  default     = null

  validation {
    condition     = var.log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be null or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

# ------------------------------------------------------------------ data module outputs

variable "datasets_bucket" {
  description = "Name of the datasets bucket (data module datasets_bucket): enclave.aws.s3.bucket and data_bucket of the IAM policy."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.datasets_bucket))
    error_message = "datasets_bucket must be an S3 bucket name."
  }
}

variable "gold_bucket" {
  description = "Name of the gold labels bucket (data module gold_bucket): enclave.aws.s3.restricted-bucket and restricted_bucket of the IAM policy."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.gold_bucket))
    error_message = "gold_bucket must be an S3 bucket name."
  }
}

variable "audit_anchor_bucket" {
  description = "Name of the Object Lock bucket of the audit checkpoints (data module audit_anchor_bucket): enclave.aws.audit-anchor.bucket."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.audit_anchor_bucket))
    error_message = "audit_anchor_bucket must be an S3 bucket name."
  }
}

variable "audit_retention_days" {
  description = "Object Lock retention of each checkpoint, in days: enclave.aws.audit-anchor.retention = P<days>D. Give the data module's audit_retention_days."
  type        = number
  default     = 2555

  validation {
    condition     = var.audit_retention_days >= 1 && var.audit_retention_days <= 36500 && floor(var.audit_retention_days) == var.audit_retention_days
    error_message = "audit_retention_days must be a whole number of days between 1 and 36500."
  }
}

variable "data_kms_key_arn" {
  description = "SSE-KMS key of the data buckets (data module data_kms_key_arn): enclave.aws.s3.kms-key."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.data_kms_key_arn))
    error_message = "data_kms_key_arn must be a KMS key ARN."
  }
}

variable "audit_kms_key_arn" {
  description = "SSE-KMS key of the audit anchor bucket (data module audit_kms_key_arn): enclave.aws.audit-anchor.kms-key."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.audit_kms_key_arn))
    error_message = "audit_kms_key_arn must be a KMS key ARN."
  }
}

variable "ebs_kms_key_arn" {
  description = "Key of the workspaces' volumes (data module ebs_kms_key_arn): enclave.aws.ec2.ebs-kms-key."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.ebs_kms_key_arn))
    error_message = "ebs_kms_key_arn must be a KMS key ARN."
  }
}

variable "signing_kms_key_arn" {
  description = "The ECC_NIST_EDWARDS25519 SIGN_VERIFY key of the audit log (data module signing_kms_key_arn): enclave.aws.kms.signing-keys.audit-log."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.signing_kms_key_arn))
    error_message = "signing_kms_key_arn must be a KMS key ARN."
  }
}

variable "envelope_kms_key_arn" {
  description = "Symmetric key of the envelope seeds (data module envelope_kms_key_arn): enclave.aws.kms.envelope-keys.broker-credentials.key."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.envelope_kms_key_arn))
    error_message = "envelope_kms_key_arn must be a KMS key ARN."
  }
}

variable "broker_credentials_seed_ciphertext" {
  description = "The broker-credentials envelope seed: base64 CiphertextBlob of a 32-byte data key made by KMS under envelope_kms_key_arn with encryption context enclave:key=broker-credentials (docs/aws.md, EnvelopeSeeds). Not a secret: only the control plane's role can decrypt it, and only with that context. The container writes it to the ciphertext file (README)."
  type        = string

  validation {
    # A KMS ciphertext blob of a 32-byte key is a little under 200 bytes; base64.
    condition     = can(regex("^[A-Za-z0-9+/]{100,}={0,2}$", trimspace(var.broker_credentials_seed_ciphertext)))
    error_message = "broker_credentials_seed_ciphertext must be the base64 CiphertextBlob that generate-data-key-without-plaintext printed (one line)."
  }
}

variable "secrets_kms_key_arn" {
  description = "Key of the Secrets Manager secrets, the RDS storage, the database's managed master password and Performance Insights (data module secrets_kms_key_arn)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.secrets_kms_key_arn))
    error_message = "secrets_kms_key_arn must be a KMS key ARN."
  }
}

# ------------------------------------------------------------------ workspaces module outputs

variable "launch_template_id" {
  description = "Id of the workspace launch template (workspaces module launch_template_id): the only template the IAM policy lets RunInstances use."
  type        = string

  validation {
    condition     = can(regex("^lt-[0-9a-f]+$", var.launch_template_id))
    error_message = "launch_template_id must be a launch template id (lt-...)."
  }
}

variable "launch_template_name" {
  description = "Name of the same launch template (workspaces module launch_template_name): enclave.aws.ec2.launch-template, which names it."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9()./_-]{3,128}$", var.launch_template_name))
    error_message = "launch_template_name must be a launch template name (3-128 of A-Za-z0-9()./_-)."
  }
}

variable "launch_template_version" {
  description = "enclave.aws.ec2.launch-template-version: $Default (the template's default version), $Latest or a version number."
  type        = string
  default     = "$Default"

  validation {
    condition     = can(regex("^(\\$Default|\\$Latest|[1-9][0-9]*)$", var.launch_template_version))
    error_message = "launch_template_version must be $Default, $Latest or a version number."
  }
}

variable "workspace_role_name" {
  description = "Name of the workspace instances' role (workspaces module workspace_role_name): the only role the IAM policy lets the control plane pass."
  type        = string

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.workspace_role_name))
    error_message = "workspace_role_name must be an IAM role name."
  }
}

variable "instance_profile_name" {
  description = "Name of the workspace instance profile (workspaces module instance_profile_name): enclave.aws.ec2.instance-profile."
  type        = string

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,128}$", var.instance_profile_name))
    error_message = "instance_profile_name must be an IAM instance profile name."
  }
}

variable "instance_type_small" {
  description = "enclave.aws.ec2.instance-types.small: the instance type of a small workspace."
  type        = string
  default     = "m7i.large"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type_small))
    error_message = "instance_type_small must be an EC2 instance type such as m7i.large."
  }
}

variable "instance_type_medium" {
  description = "enclave.aws.ec2.instance-types.medium: the instance type of a medium workspace."
  type        = string
  default     = "m7i.xlarge"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type_medium))
    error_message = "instance_type_medium must be an EC2 instance type such as m7i.xlarge."
  }
}

variable "instance_type_large" {
  description = "enclave.aws.ec2.instance-types.large: the instance type of a large workspace (GPU types allowed)."
  type        = string
  default     = "g5.xlarge"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type_large))
    error_message = "instance_type_large must be an EC2 instance type such as g5.xlarge."
  }
}

variable "home_volume_gib" {
  description = "enclave.aws.ec2.home-volume-gib: size of each workspace's home volume (gp3)."
  type        = number
  default     = 100

  validation {
    condition     = var.home_volume_gib >= 1 && var.home_volume_gib <= 16384 && floor(var.home_volume_gib) == var.home_volume_gib
    error_message = "home_volume_gib must be a whole number between 1 and 16384."
  }
}

variable "user_session_duration" {
  description = "enclave.aws.sts.session-duration: length of a user's STS session. At most PT1H: the control plane holds role credentials, so AssumeRole is role chaining."
  type        = string
  default     = "PT1H"

  validation {
    condition     = contains(["PT15M", "PT30M", "PT45M", "PT1H"], var.user_session_duration)
    error_message = "user_session_duration must be PT15M, PT30M, PT45M or PT1H (role chaining caps sessions at one hour)."
  }
}

variable "user_session_policy_json" {
  description = "IAM policy (JSON) of the user-session role: what the control plane may do on a user's behalf (the export airlock's deliveries). Null: the role has no permission at all."
  type        = string
  default     = null

  validation {
    condition     = var.user_session_policy_json == null || can(jsondecode(var.user_session_policy_json))
    error_message = "user_session_policy_json must be null or a JSON policy document."
  }
}

# ------------------------------------------------------------------ the edge

variable "console_hostname" {
  description = "The host name users open (the console and API), e.g. enclave.example.org: it is on certificate_arn, the OIDC callback is https://<host>/console, and a DNS record of it must point at alb_dns_name."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", var.console_hostname))
    error_message = "console_hostname must be a lower-case DNS name without scheme, port or trailing dot."
  }
}

variable "certificate_arn" {
  description = "ACM certificate of console_hostname, in this region: the ALB's HTTPS listener."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "alb_idle_timeout" {
  description = "Seconds the ALB keeps an idle connection (notebook WebSockets, large uploads)."
  type        = number
  default     = 300

  validation {
    condition     = var.alb_idle_timeout >= 60 && var.alb_idle_timeout <= 4000
    error_message = "alb_idle_timeout must be between 60 and 4000 seconds."
  }
}

variable "alb_access_logs_bucket" {
  description = "Bucket for the ALB's access logs (it must use SSE-S3, which ALB logging requires, and allow the regional ELB log delivery). Null: no access logs; the WAF's logs still record every request's client address."
  type        = string
  default     = null

  validation {
    condition     = var.alb_access_logs_bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.alb_access_logs_bucket))
    error_message = "alb_access_logs_bucket must be null or an S3 bucket name."
  }
}

variable "waf_rate_limit" {
  description = "Requests per client IP per 5 minutes above which the WAF blocks that IP (rate-based rule)."
  type        = number
  default     = 2000

  validation {
    condition     = var.waf_rate_limit >= 100 && var.waf_rate_limit <= 2000000000
    error_message = "waf_rate_limit must be between 100 and 2000000000 (the WAF's bounds)."
  }
}

# ------------------------------------------------------------------ identity

variable "oidc_issuer_url" {
  description = "OIDC issuer of the users (quarkus.oidc.auth-server-url), e.g. https://keycloak.example.org/realms/enclave. Empty: the module creates a Cognito user pool and uses it. An external issuer must be reachable from the enclave VPC (ADR 0006, Open)."
  type        = string
  default     = ""

  validation {
    condition     = var.oidc_issuer_url == "" || can(regex("^https://[^/\\s]+(/\\S*)?$", var.oidc_issuer_url))
    error_message = "oidc_issuer_url must be empty or an https URL."
  }
}

variable "oidc_web_client_id" {
  description = "With an external issuer: the console's confidential client (quarkus.oidc.web.client-id). Ignored with Cognito (the module's app client)."
  type        = string
  default     = "enclave-web"

  validation {
    condition     = length(var.oidc_web_client_id) > 0
    error_message = "oidc_web_client_id must not be empty."
  }
}

variable "oidc_api_audience" {
  description = "With an external issuer: the audience API access tokens must carry (quarkus.oidc.token.audience). Ignored with Cognito, whose access tokens have no aud claim (README)."
  type        = string
  default     = "enclave-api"

  validation {
    condition     = length(var.oidc_api_audience) > 0
    error_message = "oidc_api_audience must not be empty."
  }
}

variable "oidc_role_claim_path" {
  description = "With an external issuer: where tokens carry the enclave's roles (quarkus.oidc.roles.role-claim-path), realm_access/roles for Keycloak. With Cognito it is cognito:groups."
  type        = string
  default     = "realm_access/roles"

  validation {
    condition     = length(var.oidc_role_claim_path) > 0
    error_message = "oidc_role_claim_path must not be empty."
  }
}

variable "oidc_proxy_host" {
  description = "Host of an HTTP forward proxy through which the control plane reaches the OIDC issuer (quarkus.oidc.proxy.host, and the web tenant's). Needed for the console's token exchange, whose endpoint (an external issuer's, or Cognito's hosted domain) has no interface endpoint in the enclave VPC (ADR 0006, Open); give it a name in the private zone, which the DNS firewall allows. Null: no proxy."
  type        = string
  default     = null

  validation {
    condition     = var.oidc_proxy_host == null || can(regex("^[A-Za-z0-9.-]+$", var.oidc_proxy_host))
    error_message = "oidc_proxy_host must be null or a host name or IPv4 address, without scheme or port."
  }
}

variable "oidc_proxy_port" {
  description = "Port of oidc_proxy_host."
  type        = number
  default     = 3128

  validation {
    condition     = var.oidc_proxy_port >= 1 && var.oidc_proxy_port <= 65535 && floor(var.oidc_proxy_port) == var.oidc_proxy_port
    error_message = "oidc_proxy_port must be a port number."
  }
}

variable "cognito_mfa" {
  description = "With Cognito: MFA of the user pool, ON (every user, TOTP) or OPTIONAL."
  type        = string
  default     = "ON"

  validation {
    condition     = contains(["ON", "OPTIONAL"], var.cognito_mfa)
    error_message = "cognito_mfa must be ON or OPTIONAL."
  }
}

variable "cognito_threat_protection" {
  description = "With Cognito: the Plus tier with threat protection ENFORCED (compromised-credential and risk-based blocking). False: the Essentials tier, threat protection off."
  type        = bool
  default     = true
}

# ------------------------------------------------------------------ database

variable "db_instance_class" {
  description = "RDS instance class of the PostgreSQL database."
  type        = string
  default     = "db.m7g.large"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.db_instance_class))
    error_message = "db_instance_class must be an RDS instance class such as db.m7g.large."
  }
}

variable "db_allocated_storage_gib" {
  description = "Initial storage of the database in GiB (gp3)."
  type        = number
  default     = 50

  validation {
    condition     = var.db_allocated_storage_gib >= 20 && var.db_allocated_storage_gib <= 65536
    error_message = "db_allocated_storage_gib must be between 20 and 65536."
  }
}

variable "db_max_allocated_storage_gib" {
  description = "Storage autoscaling ceiling of the database in GiB (at least db_allocated_storage_gib)."
  type        = number
  default     = 500

  validation {
    condition     = var.db_max_allocated_storage_gib >= 20 && var.db_max_allocated_storage_gib <= 65536
    error_message = "db_max_allocated_storage_gib must be between 20 and 65536."
  }
}

variable "db_multi_az" {
  description = "Run the database Multi-AZ (a standby in a second AZ, automatic failover)."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery) of the database; at least 7."
  type        = number
  default     = 14

  validation {
    condition     = var.db_backup_retention_days >= 7 && var.db_backup_retention_days <= 35 && floor(var.db_backup_retention_days) == var.db_backup_retention_days
    error_message = "db_backup_retention_days must be a whole number between 7 and 35."
  }
}

variable "db_iam_authentication" {
  description = "Enable IAM database authentication on the instance (the control plane itself signs in with the managed password; this is for operators' break-glass access with rds-db:connect)."
  type        = bool
  default     = false
}

variable "db_ssl_root_cert" {
  description = "Path inside the image of the RDS CA bundle the JDBC driver verifies the database's certificate against (sslmode=verify-full)."
  type        = string
  default     = "/etc/enclave/rds-ca-bundle.pem"

  validation {
    condition     = can(regex("^/[A-Za-z0-9._/-]+$", var.db_ssl_root_cert))
    error_message = "db_ssl_root_cert must be an absolute path."
  }
}
