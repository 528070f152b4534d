# The users' identity provider when no external issuer is given
# (oidc_issuer_url empty): a Cognito user pool whose groups are the enclave's
# roles. Cognito puts a user's groups in the cognito:groups claim of both
# tokens; the control plane reads its roles from there (main.tf).
#
# Accounts are made by administrators only: an enclave of sensitive data has
# no self-registration. Every sign-in has a second factor (TOTP) unless
# cognito_mfa says OPTIONAL.

resource "aws_cognito_user_pool" "users" {
  count = local.create_cognito ? 1 : 0

  name = local.prefix

  # The pool is every user's account and role: deleting it takes turning this
  # off first, on purpose.
  deletion_protection = "ACTIVE"

  # Threat protection (compromised credentials, risk-based blocking) needs the
  # Plus tier.
  user_pool_tier = var.cognito_threat_protection ? "PLUS" : "ESSENTIALS"

  user_pool_add_ons {
    advanced_security_mode = var.cognito_threat_protection ? "ENFORCED" : "OFF"
  }

  # Users sign in with their e-mail address; the username Cognito gives them
  # is their immutable sub, which is what the control plane records.
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]

  username_configuration {
    case_sensitive = false
  }

  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  mfa_configuration = var.cognito_mfa

  software_token_mfa_configuration {
    enabled = true
  }

  password_policy {
    minimum_length                   = 14
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 3
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  tags = {
    Name = local.prefix
  }
}

# One group per enclave role (Role.java; infra local/enclave-realm.json). A
# user's groups are their roles.
resource "aws_cognito_user_group" "roles" {
  for_each = local.create_cognito ? toset(local.enclave_roles) : toset([])

  user_pool_id = aws_cognito_user_pool.users[0].id
  name         = each.value
  description  = "Enclave role ${each.value}."
}

# The sign-in pages (Cognito's hosted domain). Domain prefixes are global and
# may not contain aws, amazon or cognito.
resource "aws_cognito_user_pool_domain" "users" {
  count = local.create_cognito ? 1 : 0

  domain       = "${local.prefix}-${var.account_id}"
  user_pool_id = aws_cognito_user_pool.users[0].id
}

# The console's confidential client: authorization code flow only, back to the
# console's one callback, tokens short-lived and revocable.
resource "aws_cognito_user_pool_client" "web" {
  count = local.create_cognito ? 1 : 0

  name         = "enclave-web"
  user_pool_id = aws_cognito_user_pool.users[0].id

  generate_secret = true

  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "profile"]
  supported_identity_providers         = ["COGNITO"]
  callback_urls                        = [local.callback_url]
  logout_urls                          = ["${local.console_url}/"]

  # No password grant, no unauthenticated flows: the hosted sign-in (SRP) and
  # refresh only.
  explicit_auth_flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]

  # Unknown user and wrong password answer alike.
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true

  access_token_validity  = 15
  id_token_validity      = 15
  refresh_token_validity = 12
  auth_session_validity  = 3

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "hours"
  }

  read_attributes = ["email", "email_verified", "name"]
}
