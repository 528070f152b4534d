# The control plane of one deployment (ADR 0006): one Fargate task in the enclave
# VPC, its database, its secrets and roles, and the one way in from the internet
# (ALB + WAF in the edge VPC -> interface endpoint -> PrivateLink -> internal
# NLB -> task:8080). Workspaces reach the task directly on 9443 by name
# (broker.<zone>), never through a load balancer: the broker binds each
# workspace's credentials to the instance's own source address (ADR 0005).
#
# Files: ecs.tf (cluster, task, service, broker name), iam.tf (roles),
# database.tf (RDS), secrets.tf, ingress.tf (NLB, PrivateLink, ALB, WAF),
# cognito.tf (user pool when no external issuer), logs.tf (log groups, key).

data "aws_partition" "current" {}

locals {
  partition = data.aws_partition.current.partition
  prefix    = "enclave-${var.deployment}"
  root_arn  = "arn:${local.partition}:iam::${var.account_id}:root"

  # The container's name in the task definition; the service's load balancer
  # and the rotation restart refer to it.
  container_name = "control-plane"

  # Ports (terraform contract): the console and API, and the broker's network
  # listener that workspaces reach.
  http_port   = 8080
  broker_port = 9443

  # The name workspaces use for the broker; the TLS certificate names it.
  broker_host = "broker.${var.private_zone_name}"
  broker_url  = "https://${local.broker_host}:${local.broker_port}"

  # The image's repository, for the execution role's ECR pull permission:
  # <account>.dkr.ecr.<region>.amazonaws.com/<repository>(:tag|@digest).
  image_parts    = regex("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/([^:@]+)", var.image)
  ecr_repository = "arn:${local.partition}:ecr:${local.image_parts[1]}:${local.image_parts[0]}:repository/${local.image_parts[2]}"

  # Where the container's entrypoint writes what arrives as environment
  # variables but the control plane reads as files (README, "The image").
  # /run/enclave is a task volume, never in the image.
  broker_certificate_file = "/run/enclave/tls/broker.crt"
  broker_private_key_file = "/run/enclave/tls/broker.key"
  broker_seed_file        = "/run/enclave/keys/broker-credentials.seed"

  # The user-session role's name is fixed so that the IAM policy (which names
  # it) and the role agree without a reference cycle.
  user_session_role_name = "${local.prefix}-user-session"
  user_session_role_arn  = "arn:${local.partition}:iam::${var.account_id}:role/${local.user_session_role_name}"

  # Identity: Cognito unless an external issuer is given.
  create_cognito = var.oidc_issuer_url == ""

  console_url  = "https://${var.console_hostname}"
  callback_url = "${local.console_url}/console"

  # The enclave's roles (enclave-api Role, infra local/enclave-realm.json).
  enclave_roles = ["researcher", "steward", "organizer", "admin", "auditor"]
}

# ------------------------------------------------------------------ the control plane's settings
#
# Every setting docs/aws.md lists for the adapters chosen here, by its property
# name, plus the Quarkus datasource and OIDC properties. The environment of the
# task is derived from this map by the MicroProfile Config rule for environment
# variables (every character that is not a letter or digit becomes _, then upper
# case: enclave.aws.s3.bucket -> ENCLAVE_AWS_S3_BUCKET), so the map, the task's
# environment and the outputs cannot disagree. Secrets are not here: they reach
# the task through the task definition's secrets (secrets.tf, ecs.tf).

locals {
  oidc_issuer = local.create_cognito ? "https://${aws_cognito_user_pool.users[0].endpoint}" : var.oidc_issuer_url

  oidc_web_client_id = local.create_cognito ? aws_cognito_user_pool_client.web[0].id : var.oidc_web_client_id

  # Cognito access tokens carry no aud claim (only client_id), so the API's
  # audience check cannot apply to them; "any" is Quarkus's value for "verify
  # signature, issuer and expiry, not aud". The pool has one app client, this
  # module's, so every token it signs was issued to the console.
  oidc_api_audience = local.create_cognito ? "any" : var.oidc_api_audience

  # Cognito puts a user's groups in cognito:groups; the groups are the roles.
  oidc_role_claim_path = local.create_cognito ? "cognito:groups" : var.oidc_role_claim_path

  # Which claim names the user. Keycloak: preferred_username in both tokens
  # (application.properties). Cognito: username in the access token,
  # cognito:username in the ID token (the same value; with e-mail sign-in it is
  # the user's sub, stable across e-mail changes).
  oidc_api_principal_claim = local.create_cognito ? "username" : "preferred_username"
  oidc_web_principal_claim = local.create_cognito ? "cognito:username" : "preferred_username"

  jdbc_url = "jdbc:postgresql://${aws_db_instance.control_plane.address}:${aws_db_instance.control_plane.port}/${aws_db_instance.control_plane.db_name}?sslmode=verify-full&sslrootcert=${var.db_ssl_root_cert}"

  settings = merge(local.base_settings, local.oidc_proxy_settings)

  # The identity provider's token endpoint is outside the enclave VPC (ADR
  # 0006, Open): with oidc_proxy_host set, the control plane reaches the issuer
  # (discovery, keys, token exchange) through that forward proxy.
  oidc_proxy_settings = var.oidc_proxy_host == null ? {} : {
    "quarkus.oidc.proxy.host"     = var.oidc_proxy_host
    "quarkus.oidc.proxy.port"     = tostring(var.oidc_proxy_port)
    "quarkus.oidc.web.proxy.host" = var.oidc_proxy_host
    "quarkus.oidc.web.proxy.port" = tostring(var.oidc_proxy_port)
  }

  base_settings = {
    # Which adapter stands behind each SPI (docs/aws.md, first table).
    "enclave.deployment.mode"       = "production"
    "enclave.workspaces.provider"   = "aws"
    "enclave.object-store.provider" = "s3"
    "enclave.keys.provider"         = "kms"
    "enclave.audit.anchor"          = "s3"

    "enclave.aws.region"     = var.region
    "enclave.aws.deployment" = var.deployment

    # EC2 workspaces.
    "enclave.aws.ec2.launch-template"         = var.launch_template_name
    "enclave.aws.ec2.launch-template-version" = var.launch_template_version
    "enclave.aws.ec2.subnets"                 = join(",", var.workspace_subnet_ids)
    "enclave.aws.ec2.security-groups"         = var.workspace_security_group_id
    "enclave.aws.ec2.instance-profile"        = var.instance_profile_name
    "enclave.aws.ec2.ebs-kms-key"             = var.ebs_kms_key_arn
    "enclave.aws.ec2.instance-types.small"    = var.instance_type_small
    "enclave.aws.ec2.instance-types.medium"   = var.instance_type_medium
    "enclave.aws.ec2.instance-types.large"    = var.instance_type_large
    "enclave.aws.ec2.home-volume-gib"         = tostring(var.home_volume_gib)

    # The broker's network listener, as workspaces see it and where it binds.
    "enclave.broker.network.url"         = local.broker_url
    "enclave.broker.network.host"        = "0.0.0.0"
    "enclave.broker.network.port"        = tostring(local.broker_port)
    "enclave.broker.network.certificate" = local.broker_certificate_file
    "enclave.broker.network.private-key" = local.broker_private_key_file

    # S3 store: datasets, and restricted/ (gold labels, scoring, submissions)
    # in the gold bucket with its own policy and data events.
    "enclave.aws.s3.bucket"            = var.datasets_bucket
    "enclave.aws.s3.restricted-bucket" = var.gold_bucket
    "enclave.aws.s3.kms-key"           = var.data_kms_key_arn
    "enclave.aws.s3.path-style"        = "false"

    # The audit log's checkpoints, Object Lock COMPLIANCE.
    "enclave.aws.audit-anchor.bucket"    = var.audit_anchor_bucket
    "enclave.aws.audit-anchor.kms-key"   = var.audit_kms_key_arn
    "enclave.aws.audit-anchor.retention" = "P${var.audit_retention_days}D"

    # Keys: the audit log signs with the KMS Ed25519 key (the private key never
    # leaves KMS); broker-credentials (workspace secrets and session tokens)
    # is an envelope seed that only this role can unwrap.
    "enclave.aws.kms.signing-keys.audit-log"                           = var.signing_kms_key_arn
    "enclave.aws.kms.envelope-keys.broker-credentials.key"             = var.envelope_kms_key_arn
    "enclave.aws.kms.envelope-keys.broker-credentials.ciphertext-file" = local.broker_seed_file

    # STS: the role assumed on a user's behalf.
    "enclave.aws.sts.user-role-arn"    = local.user_session_role_arn
    "enclave.aws.sts.session-duration" = var.user_session_duration

    # Where local-only state would go; on AWS only scratch files land here.
    "enclave.state-dir" = "/var/lib/enclave"
    # The root file system is read-only: any multipart body Vert.x buffers to
    # disk goes to the task volume, not to ./file-uploads.
    "quarkus.http.body.uploads-directory" = "/tmp/file-uploads"

    # Database: TLS verified against the RDS CA (rds.force_ssl is on too).
    "quarkus.datasource.jdbc.url" = local.jdbc_url

    # OIDC: the API (default tenant, bearer tokens) and the console (web
    # tenant, code flow). The web tenant's auth-server-url and client secret
    # follow the default tenant's (application.properties).
    "quarkus.oidc.auth-server-url"           = local.oidc_issuer
    "quarkus.oidc.client-id"                 = local.oidc_web_client_id
    "quarkus.oidc.token.audience"            = local.oidc_api_audience
    "quarkus.oidc.token.principal-claim"     = local.oidc_api_principal_claim
    "quarkus.oidc.roles.role-claim-path"     = local.oidc_role_claim_path
    "quarkus.oidc.web.client-id"             = local.oidc_web_client_id
    "quarkus.oidc.web.token.principal-claim" = local.oidc_web_principal_claim
    "quarkus.oidc.web.roles.role-claim-path" = local.oidc_role_claim_path
    # The ALB ends TLS and forwards HTTP, so the app sees http://: the redirect
    # URI it sends must still be https, and the session cookie Secure.
    "quarkus.oidc.web.authentication.force-redirect-https-scheme" = "true"
    "quarkus.oidc.web.authentication.cookie-force-secure"         = "true"
    # One fixed callback (Cognito accepts no wildcard redirect URIs); the
    # original path is restored after sign-in (application.properties).
    "quarkus.oidc.web.authentication.redirect-path" = "/console"
    "quarkus.oidc.web.authentication.scopes"        = "email,profile"
  }

  # The task's environment: each setting under its MicroProfile name, in a
  # stable order (a reordering would otherwise be a new task definition).
  environment = [
    for name in sort(keys(local.settings)) : {
      name  = upper(replace(name, "/[^A-Za-z0-9]/", "_"))
      value = local.settings[name]
    }
  ]
}
