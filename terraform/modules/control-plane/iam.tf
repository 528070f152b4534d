# Roles. The task role carries terraform/policies/control-plane.json and
# nothing else; the execution role (used by ECS itself, never by the program)
# pulls the image, writes the logs and reads the task's secrets; the
# user-session role is what the control plane assumes on a user's behalf.
#
# The data module's bucket and key policies name the task role's ARN, and this
# module takes the data module's bucket names and keys: the role resource
# depends on neither (only its policy does, a separate resource), so the two
# modules form no cycle.

# ------------------------------------------------------------------ task role

data "aws_iam_policy_document" "ecs_tasks_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    # Confused deputy: only ECS tasks of this account, in this region.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${var.region}:${var.account_id}:*"]
    }
  }
}

resource "aws_iam_role" "task" {
  name               = "${local.prefix}-control-plane"
  description        = "The Enclave control plane's task role: exactly terraform/policies/control-plane.json."
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_trust.json

  # Role chaining caps the user sessions at one hour anyway; the task's own
  # credentials are refreshed by ECS.
  max_session_duration = 3600

  tags = {
    Name = "${local.prefix}-control-plane"
  }
}

# The control plane's whole policy, the reviewed file and nothing else
# (docs/aws.md, "IAM"): each placeholder filled in the form its use in the JSON
# needs. signing_kms_key_arns stands inside a JSON string ("Resource":
# "${signing_kms_key_arns}"), so it takes one ARN, not a list.
resource "aws_iam_role_policy" "task" {
  name = "control-plane"
  role = aws_iam_role.task.id

  policy = templatefile("${path.module}/../../policies/control-plane.json", {
    account                     = var.account_id
    region                      = var.region
    deployment                  = var.deployment
    launch_template_id          = var.launch_template_id
    workspace_security_group_id = var.workspace_security_group_id
    workspace_vpc_id            = var.vpc_id
    workspace_role_name         = var.workspace_role_name
    ebs_kms_key_arn             = var.ebs_kms_key_arn
    data_bucket                 = var.datasets_bucket
    restricted_bucket           = var.gold_bucket
    data_kms_key_arn            = var.data_kms_key_arn
    audit_anchor_bucket         = var.audit_anchor_bucket
    audit_anchor_kms_key_arn    = var.audit_kms_key_arn
    signing_kms_key_arns        = var.signing_kms_key_arn
    envelope_kms_key_arn        = var.envelope_kms_key_arn
    user_session_role_name      = local.user_session_role_name
  })
}

# ------------------------------------------------------------------ execution role

resource "aws_iam_role" "execution" {
  name               = "${local.prefix}-control-plane-execution"
  description        = "ECS's role for the Enclave control plane's task: image pull, logs, the task's secrets."
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_trust.json

  tags = {
    Name = "${local.prefix}-control-plane-execution"
  }
}

data "aws_iam_policy_document" "execution" {
  # GetAuthorizationToken has no resource-level permission.
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  # Only the control plane's repository.
  statement {
    sid = "PullTheControlPlaneImage"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
    ]
    resources = [local.ecr_repository]
  }

  # Only the task's own log group (CreateLogGroup is not granted: the group
  # exists, encrypted, before the task).
  statement {
    sid       = "WriteTheTaskLog"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.control_plane.arn}:log-stream:*"]
  }

  # Exactly the secrets the task definition names.
  statement {
    sid       = "ReadTheTaskSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = local.task_secret_arns
  }

  # The secrets are encrypted with the secrets key; Secrets Manager decrypts
  # them on ECS's behalf.
  statement {
    sid       = "DecryptTheTaskSecrets"
    actions   = ["kms:Decrypt"]
    resources = [var.secrets_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${var.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "control-plane-execution"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# ------------------------------------------------------------------ user-session role

# Assumed by the control plane for a person (docs/aws.md, UserSessions), so
# that CloudTrail names the person: only the task role may assume it, only
# with a SourceIdentity (the user's OIDC subject), and only with the enclave's
# session tags.
data "aws_iam_policy_document" "user_session_trust" {
  statement {
    sid     = "TheControlPlaneOnBehalfOfAUser"
    actions = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.task.arn]
    }

    # A session without a SourceIdentity would be attributed to nobody.
    condition {
      test     = "Null"
      variable = "sts:SourceIdentity"
      values   = ["false"]
    }

    # The subject tag is always set (UserSessions), and no other tag than the
    # enclave's two may be set.
    condition {
      test     = "Null"
      variable = "aws:RequestTag/enclave:subject"
      values   = ["false"]
    }

    condition {
      test     = "ForAllValues:StringEquals"
      variable = "aws:TagKeys"
      values   = ["enclave:subject", "enclave:team"]
    }
  }
}

resource "aws_iam_role" "user_session" {
  name               = local.user_session_role_name
  description        = "Assumed by the Enclave control plane on a signed-in user's behalf (SourceIdentity = the user's OIDC subject)."
  assume_role_policy = data.aws_iam_policy_document.user_session_trust.json

  # Role chaining: STS caps chained sessions at one hour whatever this says.
  max_session_duration = 3600

  tags = {
    Name = local.user_session_role_name
  }
}

# What a user's session may do; nothing unless the root module says.
resource "aws_iam_role_policy" "user_session" {
  count = var.user_session_policy_json == null ? 0 : 1

  name   = "user-session"
  role   = aws_iam_role.user_session.id
  policy = var.user_session_policy_json
}
