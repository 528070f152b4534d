# Secrets of the control plane, all in Secrets Manager under the secrets key,
# all delivered by ECS into the task's environment at start (the task
# definition's secrets; the execution role reads them, the program's role
# cannot). None of their values is in this configuration's state except the
# Cognito client secret, which the Cognito resource holds in state anyway.
#
#   broker-tls          {"certificate": PEM, "private_key": PEM}  put by the operator
#   oidc-client-secret  the console client's secret               Cognito's, or put by the operator
#   session-secret      encryption key of the console's session   generated once, write-only
#   RDS master secret   {"username", "password"}                   made and rotated by RDS

# The broker's TLS certificate (SAN broker.<zone>, signed by the CA the
# workspace image trusts) and its private key. Terraform never sees them: the
# operator puts them (README), so the key is in no state file and no plan.
resource "aws_secretsmanager_secret" "broker_tls" {
  name        = "${local.prefix}/control-plane/broker-tls"
  description = "TLS certificate and private key (PEM, JSON keys certificate and private_key) of the broker's network listener, ${local.broker_host}:${local.broker_port}."
  kms_key_id  = var.secrets_kms_key_arn

  # A deleted secret can be restored for 30 days: deleting the module by
  # mistake does not lose the key.
  recovery_window_in_days = 30

  tags = {
    Name = "${local.prefix}-broker-tls"
  }
}

# The console's OIDC client secret (quarkus.oidc.credentials.secret, which the
# web tenant also uses).
resource "aws_secretsmanager_secret" "oidc_client_secret" {
  name        = "${local.prefix}/control-plane/oidc-client-secret"
  description = "Client secret of the console's OIDC client (${local.create_cognito ? "the Cognito app client" : var.oidc_web_client_id})."
  kms_key_id  = var.secrets_kms_key_arn

  recovery_window_in_days = 30

  tags = {
    Name = "${local.prefix}-oidc-client-secret"
  }
}

# With Cognito the secret is the app client's, known to Terraform; with an
# external issuer the operator puts the value its administrator issued.
resource "aws_secretsmanager_secret_version" "oidc_client_secret" {
  count = local.create_cognito ? 1 : 0

  secret_id     = aws_secretsmanager_secret.oidc_client_secret.id
  secret_string = aws_cognito_user_pool_client.web[0].client_secret
}

# The key that encrypts the console's session cookie
# (quarkus.oidc.web.token-state-manager.encryption-secret, at least 32
# characters, ProductionReadiness). Nobody needs to know it.
resource "aws_secretsmanager_secret" "session_secret" {
  name        = "${local.prefix}/control-plane/session-secret"
  description = "Encryption secret of the console's OIDC session cookie; generated, never shown."
  kms_key_id  = var.secrets_kms_key_arn

  recovery_window_in_days = 30

  tags = {
    Name = "${local.prefix}-session-secret"
  }
}

# Ephemeral: generated during apply, written once through a write-only
# argument, stored in neither plan nor state. A later apply generates another
# value but writes nothing while secret_string_wo_version stays the same;
# raise the version to rotate it (signs every user out).
ephemeral "random_password" "session_secret" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret_version" "session_secret" {
  secret_id                = aws_secretsmanager_secret.session_secret.id
  secret_string_wo         = ephemeral.random_password.session_secret.result
  secret_string_wo_version = 1
}

locals {
  db_secret_arn = aws_db_instance.control_plane.master_user_secret[0].secret_arn

  # What the execution role may read: exactly these.
  task_secret_arns = [
    aws_secretsmanager_secret.broker_tls.arn,
    aws_secretsmanager_secret.oidc_client_secret.arn,
    aws_secretsmanager_secret.session_secret.arn,
    local.db_secret_arn,
  ]

  # The task definition's secrets: environment variable <- secret (or one JSON
  # key of it: <arn>:<json-key>:<version-stage>:<version-id>, empty meaning
  # AWSCURRENT). The two ENCLAVE_BOOT_* variables are not settings: the image's
  # entrypoint writes them to the files the settings name, then removes them
  # from the environment (README).
  task_secrets = [
    { name = "QUARKUS_DATASOURCE_USERNAME", valueFrom = "${local.db_secret_arn}:username::" },
    { name = "QUARKUS_DATASOURCE_PASSWORD", valueFrom = "${local.db_secret_arn}:password::" },
    { name = "QUARKUS_OIDC_CREDENTIALS_SECRET", valueFrom = aws_secretsmanager_secret.oidc_client_secret.arn },
    { name = "QUARKUS_OIDC_WEB_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET", valueFrom = aws_secretsmanager_secret.session_secret.arn },
    { name = "ENCLAVE_BOOT_BROKER_CERTIFICATE_PEM", valueFrom = "${aws_secretsmanager_secret.broker_tls.arn}:certificate::" },
    { name = "ENCLAVE_BOOT_BROKER_PRIVATE_KEY_PEM", valueFrom = "${aws_secretsmanager_secret.broker_tls.arn}:private_key::" },
  ]
}
