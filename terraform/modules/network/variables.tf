variable "deployment" {
  description = "Name of the deployment (enclave.aws.deployment): every name here starts with enclave-<deployment>."
  type        = string

  validation {
    # The same rule as the data module, so one value fits every module.
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,28}$", var.deployment))
    error_message = "deployment must be 1-29 of [a-z0-9-], starting with a letter or digit (bucket names are limited to 63 characters)."
  }
}

variable "region" {
  description = "AWS region of the deployment: the interface endpoints' service names (com.amazonaws.<region>.<service>), the DNS Firewall's allowed names (<region>.amazonaws.com) and the ECR layer bucket are built from it. Must be the provider's region."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must look like eu-west-2."
  }
}

variable "cidr" {
  description = "IPv4 CIDR of the enclave VPC: RFC 1918 space, /16 to /20, cut into four tiers (workspace, control plane, endpoints, database) of four /20 to /24 slots each, one slot per availability zone."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    # try(): a malformed CIDR makes the functions fail, which reads as false.
    # The network address must be canonical (10.40.0.0/16, not 10.40.1.0/16),
    # so that the subnet layout in main.tf is what the value says.
    condition = try(
      cidrhost(var.cidr, 0) == split("/", var.cidr)[0] &&
      tonumber(split("/", var.cidr)[1]) >= 16 &&
      tonumber(split("/", var.cidr)[1]) <= 20 &&
      anytrue([
        cidrhost(format("%s/8", split("/", var.cidr)[0]), 0) == "10.0.0.0",
        cidrhost(format("%s/12", split("/", var.cidr)[0]), 0) == "172.16.0.0",
        cidrhost(format("%s/16", split("/", var.cidr)[0]), 0) == "192.168.0.0",
      ]),
      false
    )
    error_message = "cidr must be a canonical RFC 1918 IPv4 network (inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16) with a prefix length from 16 to 20, e.g. 10.40.0.0/16."
  }
}

variable "azs" {
  description = "Availability zones of the enclave (names such as eu-west-2a, in var.region): one subnet of each tier per zone; the edge VPC uses the first two. At least two (RDS and the load balancers need two), at most four (the CIDR layout has four slots per tier)."
  type        = list(string)

  validation {
    condition = (
      length(var.azs) >= 2 &&
      length(var.azs) <= 4 &&
      length(distinct(var.azs)) == length(var.azs) &&
      alltrue([for az in var.azs : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9][a-z]$", az))])
    )
    error_message = "azs must list 2 to 4 distinct availability zone names such as eu-west-2a (zone names, not zone ids; no Local Zones)."
  }
}

variable "edge_cidr" {
  description = "IPv4 CIDR of the edge VPC (the internet-facing ALB and the interface endpoint it forwards to), /16 to /22. It must not overlap var.cidr: nothing routes between the VPCs, but flow logs of both stay unambiguous."
  type        = string
  default     = "10.41.0.0/16"

  validation {
    condition = try(
      cidrhost(var.edge_cidr, 0) == split("/", var.edge_cidr)[0] &&
      tonumber(split("/", var.edge_cidr)[1]) >= 16 &&
      tonumber(split("/", var.edge_cidr)[1]) <= 22,
      false
    )
    error_message = "edge_cidr must be a canonical IPv4 network with a prefix length from 16 to 22, e.g. 10.41.0.0/16."
  }
}

variable "dns_allowed_domains" {
  description = "Extra names the enclave VPC may resolve, on top of the region's AWS service names, the instances' own names and enclave.internal. Each entry is a way out for data encoded in queries if its authoritative servers are not trusted: list only names you control or AWS answers. `example.org` matches that name only; `*.example.org` matches its subdomains."
  type        = list(string)
  default     = []

  validation {
    # Lowercase names of at least two labels, optionally behind "*.", so that
    # neither "*" nor a top-level wildcard such as "*.com" can open DNS again.
    # ([.] and [*] are the literal characters, without backslash escapes.)
    condition = alltrue([
      for d in var.dns_allowed_domains :
      length(d) <= 253 && can(regex("^([*][.])?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?[.])+[a-z]([a-z0-9-]{0,61}[a-z0-9])?[.]?$", d))
    ])
    error_message = "dns_allowed_domains entries must be lowercase domain names of at least two labels, optionally starting with *. (no bare wildcard, no wildcard over a top-level domain such as *.com)."
  }
}

variable "audit_logs_bucket_arn" {
  description = "ARN of the audit-logs bucket (the data module's audit_logs_bucket_arn output): VPC flow logs of both VPCs go under vpc-flow-logs/, Resolver query logs of the enclave VPC under resolver-query-logs/. Its bucket policy must let delivery.logs.amazonaws.com write for this account (the data module's does)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.audit_logs_bucket_arn))
    error_message = "audit_logs_bucket_arn must be an S3 bucket ARN (arn:aws:s3:::<bucket>), without a key or prefix."
  }
}

variable "enclave_bucket_arns" {
  description = "ARNs of the buckets the control plane reaches through the S3 gateway endpoint (the data module's enclave_bucket_arns output). The endpoint policy allows these buckets and their objects, and ECR's layer bucket, and nothing else."
  type        = list(string)

  validation {
    condition = (
      length(var.enclave_bucket_arns) > 0 &&
      alltrue([for arn in var.enclave_bucket_arns : can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", arn))])
    )
    error_message = "enclave_bucket_arns must be a non-empty list of S3 bucket ARNs (arn:aws:s3:::<bucket>), without wildcards, keys or prefixes."
  }
}

variable "alb_http_redirect" {
  description = "Open port 80 on the ALB's security group, for the listener that only redirects HTTP to HTTPS. Turn off if the ALB has no such listener."
  type        = bool
  default     = true
}

variable "dns_firewall_mutation_protection" {
  description = "Protect the DNS Firewall's association with the enclave VPC from being changed or removed (mutation_protection). Set to false and apply before destroying the module or changing the association; leave true otherwise."
  type        = bool
  default     = true
}

variable "flow_log_file_format" {
  description = "File format of the VPC flow logs in the audit-logs bucket: parquet (smaller, faster to query with Athena) or plain-text."
  type        = string
  default     = "parquet"

  validation {
    condition     = contains(["parquet", "plain-text"], var.flow_log_file_format)
    error_message = "flow_log_file_format must be parquet or plain-text."
  }
}
