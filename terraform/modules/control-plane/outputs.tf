# One output per setting of the control plane (main.tf local.settings), named
# after it (enclave. dropped, dots and dashes as underscores), then the whole
# map and the task's environment, then the resources.

output "deployment_mode" {
  description = "enclave.deployment.mode: production: the control plane refuses unsafe settings."
  value       = local.settings["enclave.deployment.mode"]
}

output "workspaces_provider" {
  description = "enclave.workspaces.provider: aws: workspaces are EC2 instances."
  value       = local.settings["enclave.workspaces.provider"]
}

output "object_store_provider" {
  description = "enclave.object-store.provider: s3: objects in S3."
  value       = local.settings["enclave.object-store.provider"]
}

output "keys_provider" {
  description = "enclave.keys.provider: kms: keys in KMS."
  value       = local.settings["enclave.keys.provider"]
}

output "audit_anchor" {
  description = "enclave.audit.anchor: s3: audit checkpoints in the Object Lock bucket."
  value       = local.settings["enclave.audit.anchor"]
}

output "aws_region" {
  description = "enclave.aws.region: Region of every AWS adapter."
  value       = local.settings["enclave.aws.region"]
}

output "aws_deployment" {
  description = "enclave.aws.deployment: Tag value enclave:deployment of everything the control plane launches."
  value       = local.settings["enclave.aws.deployment"]
}

output "aws_ec2_launch_template" {
  description = "enclave.aws.ec2.launch-template: Name of the workspace launch template."
  value       = local.settings["enclave.aws.ec2.launch-template"]
}

output "aws_ec2_launch_template_version" {
  description = "enclave.aws.ec2.launch-template-version: Version of the launch template used."
  value       = local.settings["enclave.aws.ec2.launch-template-version"]
}

output "aws_ec2_subnets" {
  description = "enclave.aws.ec2.subnets: Workspace subnets, comma-separated."
  value       = local.settings["enclave.aws.ec2.subnets"]
}

output "aws_ec2_security_groups" {
  description = "enclave.aws.ec2.security-groups: The workspace security group."
  value       = local.settings["enclave.aws.ec2.security-groups"]
}

output "aws_ec2_instance_profile" {
  description = "enclave.aws.ec2.instance-profile: The workspace instance profile."
  value       = local.settings["enclave.aws.ec2.instance-profile"]
}

output "aws_ec2_ebs_kms_key" {
  description = "enclave.aws.ec2.ebs-kms-key: Key of the workspaces' volumes."
  value       = local.settings["enclave.aws.ec2.ebs-kms-key"]
}

output "aws_ec2_instance_types_small" {
  description = "enclave.aws.ec2.instance-types.small: Instance type of a small workspace."
  value       = local.settings["enclave.aws.ec2.instance-types.small"]
}

output "aws_ec2_instance_types_medium" {
  description = "enclave.aws.ec2.instance-types.medium: Instance type of a medium workspace."
  value       = local.settings["enclave.aws.ec2.instance-types.medium"]
}

output "aws_ec2_instance_types_large" {
  description = "enclave.aws.ec2.instance-types.large: Instance type of a large workspace."
  value       = local.settings["enclave.aws.ec2.instance-types.large"]
}

output "aws_ec2_home_volume_gib" {
  description = "enclave.aws.ec2.home-volume-gib: Size of a workspace's home volume."
  value       = local.settings["enclave.aws.ec2.home-volume-gib"]
}

output "broker_network_url" {
  description = "enclave.broker.network.url: The broker as workspaces see it."
  value       = local.settings["enclave.broker.network.url"]
}

output "broker_network_host" {
  description = "enclave.broker.network.host: Where the broker's network listener binds."
  value       = local.settings["enclave.broker.network.host"]
}

output "broker_network_port" {
  description = "enclave.broker.network.port: Port of the broker's network listener."
  value       = local.settings["enclave.broker.network.port"]
}

output "broker_network_certificate" {
  description = "enclave.broker.network.certificate: Path in the task of the listener's certificate (written by the entrypoint from the broker-tls secret)."
  value       = local.settings["enclave.broker.network.certificate"]
}

output "broker_network_private_key" {
  description = "enclave.broker.network.private-key: Path in the task of the listener's private key (written by the entrypoint from the broker-tls secret)."
  value       = local.settings["enclave.broker.network.private-key"]
}

output "aws_s3_bucket" {
  description = "enclave.aws.s3.bucket: The datasets bucket."
  value       = local.settings["enclave.aws.s3.bucket"]
}

output "aws_s3_restricted_bucket" {
  description = "enclave.aws.s3.restricted-bucket: The bucket of keys under restricted/ (gold)."
  value       = local.settings["enclave.aws.s3.restricted-bucket"]
}

output "aws_s3_kms_key" {
  description = "enclave.aws.s3.kms-key: SSE-KMS key of every stored object."
  value       = local.settings["enclave.aws.s3.kms-key"]
}

output "aws_s3_path_style" {
  description = "enclave.aws.s3.path-style: Path-style S3 requests (false on AWS)."
  value       = local.settings["enclave.aws.s3.path-style"]
}

output "aws_audit_anchor_bucket" {
  description = "enclave.aws.audit-anchor.bucket: The audit anchor's Object Lock bucket."
  value       = local.settings["enclave.aws.audit-anchor.bucket"]
}

output "aws_audit_anchor_kms_key" {
  description = "enclave.aws.audit-anchor.kms-key: SSE-KMS key of the checkpoints."
  value       = local.settings["enclave.aws.audit-anchor.kms-key"]
}

output "aws_audit_anchor_retention" {
  description = "enclave.aws.audit-anchor.retention: Object Lock retention written with each checkpoint."
  value       = local.settings["enclave.aws.audit-anchor.retention"]
}

output "aws_kms_signing_keys_audit_log" {
  description = "enclave.aws.kms.signing-keys.audit-log: KMS Ed25519 key that signs the audit log's checkpoints."
  value       = local.settings["enclave.aws.kms.signing-keys.audit-log"]
}

output "aws_kms_envelope_keys_broker_credentials_key" {
  description = "enclave.aws.kms.envelope-keys.broker-credentials.key: KMS key that unwraps the broker-credentials seed."
  value       = local.settings["enclave.aws.kms.envelope-keys.broker-credentials.key"]
}

output "aws_kms_envelope_keys_broker_credentials_ciphertext_file" {
  description = "enclave.aws.kms.envelope-keys.broker-credentials.ciphertext-file: Path in the task of the broker-credentials seed (written by the entrypoint)."
  value       = local.settings["enclave.aws.kms.envelope-keys.broker-credentials.ciphertext-file"]
}

output "aws_sts_user_role_arn" {
  description = "enclave.aws.sts.user-role-arn: The role assumed on a user's behalf."
  value       = local.settings["enclave.aws.sts.user-role-arn"]
}

output "aws_sts_session_duration" {
  description = "enclave.aws.sts.session-duration: Length of a user's STS session."
  value       = local.settings["enclave.aws.sts.session-duration"]
}

output "state_dir" {
  description = "enclave.state-dir: The control plane's scratch directory in the task."
  value       = local.settings["enclave.state-dir"]
}

output "http_body_uploads_directory" {
  description = "quarkus.http.body.uploads-directory: where buffered request bodies go (a task volume; the root file system is read-only)."
  value       = local.settings["quarkus.http.body.uploads-directory"]
}

output "datasource_jdbc_url" {
  description = "quarkus.datasource.jdbc.url: JDBC URL of the database (TLS, verify-full)."
  value       = local.settings["quarkus.datasource.jdbc.url"]
}

output "oidc_auth_server_url" {
  description = "quarkus.oidc.auth-server-url: The OIDC issuer."
  value       = local.settings["quarkus.oidc.auth-server-url"]
}

output "oidc_client_id" {
  description = "quarkus.oidc.client-id: Client id of the API tenant."
  value       = local.settings["quarkus.oidc.client-id"]
}

output "oidc_token_audience" {
  description = "quarkus.oidc.token.audience: Audience API tokens must carry (any with Cognito)."
  value       = local.settings["quarkus.oidc.token.audience"]
}

output "oidc_token_principal_claim" {
  description = "quarkus.oidc.token.principal-claim: Claim naming the user in API tokens."
  value       = local.settings["quarkus.oidc.token.principal-claim"]
}

output "oidc_role_claim_path" {
  description = "quarkus.oidc.roles.role-claim-path: Where tokens carry the roles."
  value       = local.settings["quarkus.oidc.roles.role-claim-path"]
}

output "oidc_web_client_id" {
  description = "quarkus.oidc.web.client-id: The console's OIDC client."
  value       = local.settings["quarkus.oidc.web.client-id"]
}

output "oidc_web_token_principal_claim" {
  description = "quarkus.oidc.web.token.principal-claim: Claim naming the user in the console's ID token."
  value       = local.settings["quarkus.oidc.web.token.principal-claim"]
}

output "oidc_web_roles_role_claim_path" {
  description = "quarkus.oidc.web.roles.role-claim-path: where the console's tokens carry the roles."
  value       = local.settings["quarkus.oidc.web.roles.role-claim-path"]
}

output "oidc_web_authentication_force_redirect_https_scheme" {
  description = "quarkus.oidc.web.authentication.force-redirect-https-scheme: the redirect URI is https behind the TLS-terminating ALB."
  value       = local.settings["quarkus.oidc.web.authentication.force-redirect-https-scheme"]
}

output "oidc_web_authentication_cookie_force_secure" {
  description = "quarkus.oidc.web.authentication.cookie-force-secure: the session cookie is Secure behind the TLS-terminating ALB."
  value       = local.settings["quarkus.oidc.web.authentication.cookie-force-secure"]
}

output "oidc_web_authentication_redirect_path" {
  description = "quarkus.oidc.web.authentication.redirect-path: the console's one OIDC callback path."
  value       = local.settings["quarkus.oidc.web.authentication.redirect-path"]
}

output "oidc_web_authentication_scopes" {
  description = "quarkus.oidc.web.authentication.scopes: scopes the console asks for beyond openid."
  value       = local.settings["quarkus.oidc.web.authentication.scopes"]
}

# ------------------------------------------------------------------ all settings

output "settings" {
  description = "Every non-secret setting of the control plane, by property name (the source of the task's environment)."
  value       = local.settings
}

output "environment" {
  description = "The task's environment as ECS receives it: each setting under its MicroProfile environment name."
  value       = local.environment
}

output "task_secrets" {
  description = "The task definition's secrets: environment variable name and the secret (or secret JSON key) it is read from."
  value       = local.task_secrets
}

# ------------------------------------------------------------------ resources

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.control_plane.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.control_plane.arn
}

output "service_name" {
  description = "Name of the ECS service of the control plane."
  value       = aws_ecs_service.control_plane.name
}

output "task_definition_arn" {
  description = "ARN of the control plane's task definition (this revision)."
  value       = aws_ecs_task_definition.control_plane.arn
}

output "task_role_arn" {
  description = "ARN of the control plane's task role: the data module's control_plane_role_arn."
  value       = aws_iam_role.task.arn
}

output "task_role_name" {
  description = "Name of the control plane's task role."
  value       = aws_iam_role.task.name
}

output "execution_role_arn" {
  description = "ARN of the task's execution role (image pull, logs, secrets)."
  value       = aws_iam_role.execution.arn
}

output "user_session_role_arn" {
  description = "ARN of the user-session role (enclave.aws.sts.user-role-arn)."
  value       = aws_iam_role.user_session.arn
}

output "user_session_role_name" {
  description = "Name of the user-session role."
  value       = aws_iam_role.user_session.name
}

output "broker_dns_name" {
  description = "The broker's name, which its TLS certificate must carry as a SAN."
  value       = local.broker_host
}

output "service_discovery_namespace_name" {
  description = "The Cloud Map namespace (svc.<zone>) where ECS keeps the task's address."
  value       = aws_service_discovery_private_dns_namespace.control_plane.name
}

output "db_instance_identifier" {
  description = "Identifier of the RDS instance."
  value       = aws_db_instance.control_plane.identifier
}

output "db_address" {
  description = "Host name of the RDS instance."
  value       = aws_db_instance.control_plane.address
}

output "db_master_user_secret_arn" {
  description = "ARN of the RDS-managed secret of the master user (keys username and password)."
  value       = local.db_secret_arn
}

output "broker_tls_secret_arn" {
  description = "ARN of the secret the operator puts the broker's certificate and key in ({\"certificate\": PEM, \"private_key\": PEM})."
  value       = aws_secretsmanager_secret.broker_tls.arn
}

output "oidc_client_secret_arn" {
  description = "ARN of the secret of the console's OIDC client secret (put by the operator with an external issuer)."
  value       = aws_secretsmanager_secret.oidc_client_secret.arn
}

output "session_secret_arn" {
  description = "ARN of the generated session encryption secret."
  value       = aws_secretsmanager_secret.session_secret.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the control plane's task."
  value       = aws_cloudwatch_log_group.control_plane.name
}

output "log_kms_key_arn" {
  description = "KMS key of the module's log groups (log_kms_key_arn, or the key the module made)."
  value       = local.log_kms_key_arn
}

output "nlb_arn" {
  description = "ARN of the internal NLB that publishes the control plane's port 8080."
  value       = aws_lb.control_plane.arn
}

output "nlb_security_group_id" {
  description = "Security group of the internal NLB (egress 8080 to the control plane's group; no ingress: PrivateLink traffic only)."
  value       = aws_security_group.nlb.id
}

output "endpoint_service_name" {
  description = "Service name of the control plane's VPC endpoint service (com.amazonaws.vpce.<region>.vpce-svc-...)."
  value       = aws_vpc_endpoint_service.control_plane.service_name
}

output "endpoint_service_id" {
  description = "Id of the control plane's VPC endpoint service."
  value       = aws_vpc_endpoint_service.control_plane.id
}

output "edge_endpoint_id" {
  description = "Id of the edge VPC's interface endpoint to the control plane."
  value       = aws_vpc_endpoint.edge.id
}

output "alb_arn" {
  description = "ARN of the internet-facing ALB."
  value       = aws_lb.edge.arn
}

output "alb_dns_name" {
  description = "DNS name of the internet-facing ALB: point console_hostname at it (alias record with alb_zone_id)."
  value       = aws_lb.edge.dns_name
}

output "alb_zone_id" {
  description = "Route 53 zone id of the ALB, for an alias record of console_hostname."
  value       = aws_lb.edge.zone_id
}

output "web_acl_arn" {
  description = "ARN of the WAF web ACL on the ALB."
  value       = aws_wafv2_web_acl.edge.arn
}

output "oidc_callback_url" {
  description = "The console's OIDC redirect URI: register it with an external issuer (Cognito's client has it already)."
  value       = local.callback_url
}

output "cognito_user_pool_id" {
  description = "Id of the Cognito user pool, or null with an external issuer."
  value       = local.create_cognito ? aws_cognito_user_pool.users[0].id : null
}

output "cognito_user_pool_arn" {
  description = "ARN of the Cognito user pool, or null with an external issuer."
  value       = local.create_cognito ? aws_cognito_user_pool.users[0].arn : null
}

output "cognito_domain" {
  description = "Hosted sign-in domain of the Cognito user pool (<prefix>.auth.<region>.amazoncognito.com), or null."
  value       = local.create_cognito ? "${aws_cognito_user_pool_domain.users[0].domain}.auth.${var.region}.amazoncognito.com" : null
}

output "cognito_client_id" {
  description = "Id of the console's Cognito app client, or null with an external issuer."
  value       = local.create_cognito ? aws_cognito_user_pool_client.web[0].id : null
}
