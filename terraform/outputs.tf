# Outputs map one to one onto the control plane's configuration (README.md,
# "Outputs → configuration"; docs/aws.md, "Configuration"). The Fargate task
# receives exactly these settings already; they are outputs so that an
# operator can read, diff and reuse them (a second control plane, a test run).

output "control_plane_settings" {
  description = "Every non-secret setting of the control plane, by property name (enclave.aws.region = ..., ...): the task's environment."
  value       = module.control_plane.settings
}

output "enclave_aws_region" {
  description = "enclave.aws.region"
  value       = var.region
}

output "enclave_aws_deployment" {
  description = "enclave.aws.deployment"
  value       = var.deployment
}

output "enclave_aws_ec2_launch_template" {
  description = "enclave.aws.ec2.launch-template"
  value       = module.workspaces.launch_template_name
}

output "enclave_aws_ec2_subnets" {
  description = "enclave.aws.ec2.subnets (comma-separated)"
  value       = join(",", module.network.workspace_subnet_ids)
}

output "enclave_aws_ec2_security_groups" {
  description = "enclave.aws.ec2.security-groups"
  value       = module.network.workspace_security_group_id
}

output "enclave_aws_ec2_instance_profile" {
  description = "enclave.aws.ec2.instance-profile"
  value       = module.workspaces.instance_profile_name
}

output "enclave_aws_ec2_ebs_kms_key" {
  description = "enclave.aws.ec2.ebs-kms-key"
  value       = module.data.ebs_kms_key_arn
}

output "enclave_broker_network_url" {
  description = "enclave.broker.network.url"
  value       = module.control_plane.broker_network_url
}

output "enclave_aws_s3_bucket" {
  description = "enclave.aws.s3.bucket"
  value       = module.data.datasets_bucket
}

output "enclave_aws_s3_restricted_bucket" {
  description = "enclave.aws.s3.restricted-bucket"
  value       = module.data.gold_bucket
}

output "enclave_aws_s3_kms_key" {
  description = "enclave.aws.s3.kms-key"
  value       = module.data.data_kms_key_arn
}

output "enclave_aws_audit_anchor_bucket" {
  description = "enclave.aws.audit-anchor.bucket"
  value       = module.data.audit_anchor_bucket
}

output "enclave_aws_audit_anchor_kms_key" {
  description = "enclave.aws.audit-anchor.kms-key"
  value       = module.data.audit_kms_key_arn
}

output "enclave_aws_audit_anchor_retention" {
  description = "enclave.aws.audit-anchor.retention"
  value       = "P${var.audit_retention_days}D"
}

output "enclave_aws_kms_signing_keys_audit_log" {
  description = "enclave.aws.kms.signing-keys.audit-log"
  value       = module.data.signing_kms_key_arn
}

output "enclave_aws_kms_envelope_keys_broker_credentials_key" {
  description = "enclave.aws.kms.envelope-keys.broker-credentials.key"
  value       = module.data.envelope_kms_key_arn
}

output "enclave_aws_sts_user_role_arn" {
  description = "enclave.aws.sts.user-role-arn"
  value       = module.control_plane.user_session_role_arn
}

output "quarkus_datasource_jdbc_url" {
  description = "quarkus.datasource.jdbc.url (user and password come from the RDS-managed secret db_master_user_secret_arn)"
  value       = module.control_plane.datasource_jdbc_url
}

output "quarkus_oidc_auth_server_url" {
  description = "quarkus.oidc.auth-server-url"
  value       = module.control_plane.oidc_auth_server_url
}

output "quarkus_oidc_proxy_host" {
  description = "quarkus.oidc.proxy.host and quarkus.oidc.web.proxy.host: the OIDC egress proxy (ADR 0007)"
  value       = module.oidc_egress.proxy_host
}

output "quarkus_oidc_proxy_port" {
  description = "quarkus.oidc.proxy.port and quarkus.oidc.web.proxy.port"
  value       = module.oidc_egress.proxy_port
}

output "oidc_egress_hosts" {
  description = "The only hosts the OIDC egress proxy opens tunnels to"
  value       = module.oidc_egress.allowed_hosts
}

output "oidc_proxy_access_log_group" {
  description = "The proxy's access log (every request, bytes each way)"
  value       = module.oidc_egress.access_log_group
}

# What the administrator does next (README.md, "After apply").

output "alb_dns_name" {
  description = "Point console_hostname at this name (alias record, zone alb_zone_id)."
  value       = module.control_plane.alb_dns_name
}

output "alb_zone_id" {
  description = "Hosted zone of the ALB, for the alias record of console_hostname."
  value       = module.control_plane.alb_zone_id
}

output "broker_tls_secret_arn" {
  description = "Secrets Manager secret to fill with the broker's TLS certificate and private key (JSON keys certificate, private_key)."
  value       = module.control_plane.broker_tls_secret_arn
}

output "db_master_user_secret_arn" {
  description = "The RDS-managed secret of the database user (rotated by RDS; the service redeploys on rotation)."
  value       = module.control_plane.db_master_user_secret_arn
}

output "workspace_image_pipeline_arn" {
  description = "EC2 Image Builder pipeline of the workspace AMI: start it after the first apply and after each runtime release."
  value       = module.workspaces.image_pipeline_arn
}

output "cognito_user_pool_id" {
  description = "The Cognito user pool (null with an external issuer): add users to its groups researcher, steward, organizer, auditor, admin."
  value       = module.control_plane.cognito_user_pool_id
}

output "trail_arn" {
  description = "The CloudTrail trail recording management events and the data buckets' object-level calls."
  value       = module.audit.trail_arn
}
