# Two roles: the workspace role (every workspace instance) and the builder role
# (Image Builder's build instance, outside the enclave).

locals {
  ec2_trust_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Ec2AssumesTheRole"
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  # The least Session Manager needs on the instance side (Systems Manager user
  # guide, "Create a custom IAM role for Session Manager"): register the agent
  # and open the session channels. No s3:GetEncryptionConfiguration and no
  # kms:Decrypt, so session logging to S3 with enforced encryption and
  # KMS-encrypted sessions are not available; sessions stay TLS-protected.
  session_manager_actions = [
    "ssm:UpdateInstanceInformation",
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
  ]
}

# ---------------------------------------------------------------- workspace role

# The role behind every workspace's instance profile
# (enclave.aws.ec2.instance-profile). Notebook code can read its credentials
# from the instance metadata service (it runs on the instance, and IMDSv2 with
# hop limit 1 stops only containers and forwarded packets), so the role must be
# worthless: with enable_ssm_session_manager = false it can do nothing at all.
# Data is reached only through the broker, with the workspace's own credentials.
resource "aws_iam_role" "workspace" {
  name               = local.workspace_role_name
  description        = "Enclave ${var.deployment}: workspace instances; no data permission"
  assume_role_policy = local.ec2_trust_policy

  tags = {
    Name = local.workspace_role_name
  }
}

# Explicit denies beat any allow, whatever is attached to the role later by
# mistake (an AWS managed policy, a console click): the data and key services,
# credentials (STS), secrets, EC2 (launching, snapshots, volume attachment) and
# IAM itself are refused regardless of every other setting.
resource "aws_iam_role_policy" "workspace_deny" {
  name = "deny-data-keys-credentials-and-control"
  role = aws_iam_role.workspace.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "DenyDataKeysCredentialsAndControl"
      Effect = "Deny"
      Action = [
        "s3:*",
        "kms:*",
        "sts:*",
        "secretsmanager:*",
        "ec2:*",
        "iam:*",
      ]
      Resource = "*"
    }]
  })
}

# Without the operator console the role can do nothing at all, even if a
# broad policy is attached to it later.
resource "aws_iam_role_policy" "workspace_deny_everything" {
  count = var.enable_ssm_session_manager ? 0 : 1

  name = "deny-everything"
  role = aws_iam_role.workspace.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "DenyEverything"
      Effect   = "Deny"
      Action   = "*"
      Resource = "*"
    }]
  })
}

# With the operator console: everything but the Session Manager channel is
# refused, whatever else is attached.
resource "aws_iam_role_policy" "workspace_deny_all_but_session_manager" {
  count = var.enable_ssm_session_manager ? 1 : 0

  name = "deny-all-but-session-manager"
  role = aws_iam_role.workspace.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyAllButSessionManager"
      Effect    = "Deny"
      NotAction = local.session_manager_actions
      Resource  = "*"
    }]
  })
}

# Only with enable_ssm_session_manager: the operator console. Not
# AmazonSSMManagedInstanceCore, which would also let notebook code read every
# SSM parameter and document of the account (ssm:GetParameter(s),
# ssm:GetDocument on *) and post inventory and compliance data.
resource "aws_iam_role_policy" "workspace_session_manager" {
  count = var.enable_ssm_session_manager ? 1 : 0

  name = "session-manager-channel"
  role = aws_iam_role.workspace.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "SessionManagerChannel"
      Effect   = "Allow"
      Action   = local.session_manager_actions
      Resource = "*"
    }]
  })
}

resource "aws_iam_instance_profile" "workspace" {
  name = local.workspace_role_name
  role = aws_iam_role.workspace.name

  tags = {
    Name = local.workspace_role_name
  }
}

# ---------------------------------------------------------------- builder role

# The build instance's role: what Image Builder needs to drive the instance
# (its managed instance profile policy: component documents, logs under
# /aws/imagebuilder/), the SSM agent's channel (Image Builder runs components
# through it), and read access to the two artifact objects, nothing else in S3.
# It never runs in the enclave VPC and has no access to the enclave's data.
resource "aws_iam_role" "builder" {
  name               = local.builder_role_name
  description        = "Enclave ${var.deployment}: EC2 Image Builder build instance of the workspace image"
  assume_role_policy = local.ec2_trust_policy

  tags = {
    Name = local.builder_role_name
  }
}

resource "aws_iam_role_policy_attachment" "builder_image_builder" {
  role       = aws_iam_role.builder.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/EC2InstanceProfileForImageBuilder"
}

resource "aws_iam_role_policy_attachment" "builder_ssm_core" {
  role       = aws_iam_role.builder.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

# The two uploaded artifacts, from a bucket of this account only
# (s3:ResourceAccount), so a look-alike bucket name in another account is
# refused even before S3Download's expectedBucketOwner check.
resource "aws_iam_role_policy" "builder_artifacts" {
  name = "read-runtime-artifacts"
  role = aws_iam_role.builder.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ReadTheRuntimeArtifactsOnly"
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = local.artifact_object_arns
      Condition = {
        StringEquals = { "s3:ResourceAccount" = var.account_id }
      }
    }]
  })
}

resource "aws_iam_instance_profile" "builder" {
  name = local.builder_role_name
  role = aws_iam_role.builder.name

  tags = {
    Name = local.builder_role_name
  }
}
