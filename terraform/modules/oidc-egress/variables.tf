# ------------------------------------------------------------------ deployment

variable "deployment" {
  description = "Name of the deployment: part of every name (enclave-<deployment>-...)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,28}$", var.deployment))
    error_message = "deployment must be 1-29 of [a-z0-9-], starting with a letter or digit."
  }
}

variable "region" {
  description = "AWS region of the deployment."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must look like eu-west-2."
  }
}

variable "account_id" {
  description = "AWS account id of the deployment: the only principal the proxy's endpoint service accepts."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be 12 digits."
  }
}

# ------------------------------------------------------------------ what the proxy lets through

variable "allowed_hosts" {
  description = "The host names the proxy opens tunnels to (CONNECT, port 443): the OIDC issuer's back channel and nothing else. With Cognito: the pool's sign-in domain and cognito-idp.<region>.amazonaws.com (the root module passes them). Exact names only: no wildcard, no leading dot, no IP address. Each is a way out for a compromised control plane, as HTTPS to that host: list only the issuer's."
  type        = list(string)

  validation {
    condition     = length(var.allowed_hosts) >= 1 && length(var.allowed_hosts) <= 8
    error_message = "allowed_hosts must name 1 to 8 hosts: the issuer's, and no more."
  }

  validation {
    # Lowercase names of at least two labels whose last label starts with a
    # letter: no "*", no ".example.org" (Squid's subdomain form), no address.
    condition = alltrue([
      for h in var.allowed_hosts :
      length(h) <= 253 && can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?[.])+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", h))
    ])
    error_message = "allowed_hosts entries must be exact lowercase host names (login.example.org): no wildcard, no leading dot, no IP address, no port, no trailing dot."
  }
}

variable "proxy_port" {
  description = "The proxy's port: the network module's oidc_proxy_port output, which its security groups open."
  type        = number
  default     = 3128

  validation {
    condition     = var.proxy_port == 3128
    error_message = "proxy_port must be the network module's oidc_proxy_port (3128): the security groups open that port only."
  }
}

# ------------------------------------------------------------------ network (the network module's outputs)

variable "vpc_id" {
  description = "The enclave VPC (network module's vpc_id): where the interface endpoint to the proxy is."
  type        = string
}

variable "control_plane_subnet_ids" {
  description = "The control plane's subnets (network module's control_plane_subnet_ids): the interface endpoint's."
  type        = list(string)
}

variable "endpoint_security_group_id" {
  description = "The network module's oidc_proxy_endpoint_security_group_id: 3128 from the control plane only."
  type        = string
}

variable "private_zone_id" {
  description = "The enclave's private zone (network module's private_zone_id), where oidc-proxy.<zone> is made."
  type        = string
}

variable "private_zone_name" {
  description = "Name of the private zone (network module's private_zone_name)."
  type        = string
}

variable "edge_vpc_id" {
  description = "The edge VPC (network module's edge_vpc_id): the proxy's NLB and tasks."
  type        = string
}

variable "edge_cidr" {
  description = "The edge VPC's CIDR: the only source the proxy accepts (its NLB's addresses are in it)."
  type        = string

  validation {
    condition     = can(cidrnetmask(var.edge_cidr))
    error_message = "edge_cidr must be an IPv4 CIDR block."
  }
}

variable "edge_public_subnet_ids" {
  description = "The edge VPC's public subnets (network module's edge_public_subnet_ids): the proxy's NLB and tasks."
  type        = list(string)
}

variable "nlb_security_group_id" {
  description = "The network module's edge_oidc_proxy_nlb_security_group_id: no ingress, 3128 out to the proxy."
  type        = string
}

variable "proxy_security_group_id" {
  description = "The network module's edge_oidc_proxy_security_group_id: 3128 in from the NLB, 443 out."
  type        = string
}

# ------------------------------------------------------------------ the tasks

variable "image" {
  description = "The proxy's image (image/ of this module, built and pushed to ECR of this account), <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest> (preferred) or :<tag>."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z]{2}(-[a-z]+)+-[0-9]\\.amazonaws\\.com/[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$", var.image))
    error_message = "image must be an ECR image URI, <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest> or :<tag>."
  }
}

variable "desired_count" {
  description = "Proxy tasks, spread over the edge subnets' zones: two, so that one lost zone or task does not stop sign-in."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 1 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number of at least 1."
  }
}

variable "cpu" {
  description = "vCPU units of a task (256 = 0.25 vCPU); a Fargate size, with memory."
  type        = number
  default     = 256
}

variable "memory" {
  description = "Memory of a task in MiB; a Fargate size, with cpu."
  type        = number
  default     = 512
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

variable "log_retention_days" {
  description = "Days the access log is kept (a CloudWatch Logs retention value): by default as long as the audit records."
  type        = number
  default     = 2557

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}
