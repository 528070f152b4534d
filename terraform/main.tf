# One Enclave deployment: the enclave VPC with no way out and the edge VPC
# (network), the buckets and keys (data), CloudTrail (audit), the workspace
# launch template and image (workspaces), the control plane on Fargate
# behind the edge ALB (control-plane), and the proxy through which the control
# plane alone reaches its OIDC issuer (oidc-egress, ADR 0007). README.md says what to set and how the
# outputs configure the control plane; docs/aws.md is the contract between
# the control plane and this account.

data "aws_caller_identity" "current" {}

locals {
  # The account the provider's credentials belong to must be the one the
  # bucket names, key policies and ARNs are built for.
  account_id = data.aws_caller_identity.current.account_id

  # What the OIDC egress proxy lets the control plane reach (ADR 0007). With
  # Cognito: the pool's sign-in domain (token and end-session endpoints) and
  # the regional cognito-idp host (discovery and keys).
  oidc_egress_hosts = var.oidc_issuer_url == "" ? [
    module.control_plane.cognito_domain,
    "cognito-idp.${var.region}.amazonaws.com",
  ] : var.oidc_egress_hosts
}

module "network" {
  source = "./modules/network"

  deployment          = var.deployment
  region              = var.region
  azs                 = var.azs
  cidr                = var.cidr
  edge_cidr           = var.edge_cidr
  dns_allowed_domains = var.dns_allowed_domains

  # Flow logs and Resolver query logs go to the Object Lock audit bucket; the
  # S3 gateway endpoint admits only the enclave's buckets.
  audit_logs_bucket_arn = module.data.audit_logs_bucket_arn
  enclave_bucket_arns   = module.data.enclave_bucket_arns
}

module "data" {
  source = "./modules/data"

  deployment = var.deployment
  region     = var.region
  account_id = local.account_id

  # The only principal the data buckets and the keys serve, and the only way
  # its requests may arrive.
  control_plane_role_arn = module.control_plane.task_role_arn
  s3_gateway_endpoint_id = module.network.s3_gateway_endpoint_id

  admin_role_arns      = var.admin_role_arns
  audit_retention_days = var.audit_retention_days
}

module "audit" {
  source = "./modules/audit"

  deployment        = var.deployment
  trail_name        = module.data.trail_name
  audit_logs_bucket = module.data.audit_logs_bucket
  audit_kms_key_arn = module.data.audit_kms_key_arn
  data_bucket_arns  = module.data.data_bucket_arns
}

module "workspaces" {
  source = "./modules/workspaces"

  deployment                  = var.deployment
  region                      = var.region
  account_id                  = local.account_id
  vpc_id                      = module.network.vpc_id
  workspace_security_group_id = module.network.workspace_security_group_id
  ebs_kms_key_arn             = module.data.ebs_kms_key_arn

  ami_id        = var.workspace_ami_id
  broker_ca_pem = var.broker_ca_pem

  # EC2 Image Builder runs outside the enclave VPC: it needs package mirrors.
  builder_subnet_id         = var.builder_subnet_id
  builder_security_group_id = var.builder_security_group_id
  runtime_artifact_s3_uri   = var.runtime_artifact_s3_uri
  runtime_jar_sha256        = var.runtime_jar_sha256
  workspace_files_sha256    = var.workspace_files_sha256
  image_version             = var.workspace_image_version
}

module "control_plane" {
  source = "./modules/control-plane"

  deployment = var.deployment
  region     = var.region
  account_id = local.account_id

  vpc_id                          = module.network.vpc_id
  control_plane_subnet_ids        = module.network.control_plane_subnet_ids
  database_subnet_ids             = module.network.database_subnet_ids
  workspace_subnet_ids            = module.network.workspace_subnet_ids
  control_plane_security_group_id = module.network.control_plane_security_group_id
  database_security_group_id      = module.network.database_security_group_id
  workspace_security_group_id     = module.network.workspace_security_group_id
  edge_vpc_id                     = module.network.edge_vpc_id
  edge_public_subnet_ids          = module.network.edge_public_subnet_ids
  edge_alb_security_group_id      = module.network.edge_alb_security_group_id
  edge_endpoint_security_group_id = module.network.edge_endpoint_security_group_id
  private_zone_id                 = module.network.private_zone_id
  private_zone_name               = module.network.private_zone_name

  image            = var.control_plane_image
  console_hostname = var.console_hostname
  certificate_arn  = var.certificate_arn
  oidc_issuer_url  = var.oidc_issuer_url

  # The issuer's back channel goes through the egress proxy, and only it.
  oidc_proxy_host = module.oidc_egress.proxy_host
  oidc_proxy_port = module.oidc_egress.proxy_port

  datasets_bucket      = module.data.datasets_bucket
  gold_bucket          = module.data.gold_bucket
  audit_anchor_bucket  = module.data.audit_anchor_bucket
  audit_retention_days = var.audit_retention_days
  data_kms_key_arn     = module.data.data_kms_key_arn
  audit_kms_key_arn    = module.data.audit_kms_key_arn
  ebs_kms_key_arn      = module.data.ebs_kms_key_arn
  signing_kms_key_arn  = module.data.signing_kms_key_arn
  envelope_kms_key_arn = module.data.envelope_kms_key_arn
  secrets_kms_key_arn  = module.data.secrets_kms_key_arn

  broker_credentials_seed_ciphertext = var.broker_credentials_seed_ciphertext

  launch_template_id    = module.workspaces.launch_template_id
  launch_template_name  = module.workspaces.launch_template_name
  workspace_role_name   = module.workspaces.workspace_role_name
  instance_profile_name = module.workspaces.instance_profile_name
  instance_type_small   = var.instance_type_small
  instance_type_medium  = var.instance_type_medium
  instance_type_large   = var.instance_type_large
}

module "oidc_egress" {
  source = "./modules/oidc-egress"

  deployment = var.deployment
  region     = var.region
  account_id = local.account_id

  allowed_hosts = local.oidc_egress_hosts
  image         = var.oidc_proxy_image
  proxy_port    = module.network.oidc_proxy_port

  vpc_id                     = module.network.vpc_id
  control_plane_subnet_ids   = module.network.control_plane_subnet_ids
  endpoint_security_group_id = module.network.oidc_proxy_endpoint_security_group_id
  private_zone_id            = module.network.private_zone_id
  private_zone_name          = module.network.private_zone_name

  edge_vpc_id             = module.network.edge_vpc_id
  edge_cidr               = var.edge_cidr
  edge_public_subnet_ids  = module.network.edge_public_subnet_ids
  nlb_security_group_id   = module.network.edge_oidc_proxy_nlb_security_group_id
  proxy_security_group_id = module.network.edge_oidc_proxy_security_group_id
}
