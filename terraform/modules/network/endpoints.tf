# VPC endpoints: the only way from the enclave VPC to AWS APIs.
#
# Interface endpoints (one resource each, so that a test finds its policy and
# settings on it): network interfaces in the endpoint subnets of every zone,
# the endpoints security group, private DNS on (the SDKs' default names
# resolve to the interfaces, so no endpoint override is needed anywhere).
#
#   ssm, ssmmessages, ec2messages   SSM agent on workspaces (operator console)
#   logs                            control plane's log driver
#   kms, sts, ec2                   control plane's adapters (docs/aws.md)
#   secretsmanager                  control plane's secrets (task start, RDS password)
#   ecr.api, ecr.dkr                control plane's image pull (Fargate)
#
# Every endpoint policy admits only principals of this account
# (aws:PrincipalAccount): credentials of another account, which an attacker
# controls, cannot use an endpoint to write to that account (a log group, a
# secret, a key). The policies of kms, sts, secretsmanager and logs also
# require the resource to be in this account (aws:ResourceAccount), so that
# this account's own roles cannot reach another account's key, role, secret or
# log group either (an AssumeRole or a KMS call names its session or context
# in the other account's CloudTrail, which would be a channel out). ec2, ecr
# and the SSM services keep the principal condition only: launches name AMIs
# that AWS or another account may own, and the SSM agent reads documents AWS
# owns. The EC2 endpoint also refuses the calls that would open the network
# or copy a disk out (ec2_endpoint below).
#
# S3 goes through one gateway endpoint, associated with the control plane's
# route table only: workspaces have no route to S3 at all.

data "aws_iam_policy_document" "endpoint_this_account_principals" {
  statement {
    sid       = "OnlyThisAccountsPrincipals"
    effect    = "Allow"
    actions   = ["*"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_iam_policy_document" "endpoint_this_account_principals_and_resources" {
  statement {
    sid       = "OnlyThisAccountsPrincipalsOnThisAccountsResources"
    effect    = "Allow"
    actions   = ["*"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceAccount"
      values   = [local.account_id]
    }
  }
}

# The EC2 endpoint's policy: this account's principals, minus the calls that
# would open a way out from inside the VPC or copy a disk out of the account.
# Nothing in the enclave makes these calls (the control plane launches,
# starts, stops, modifies and terminates instances, and describes them);
# Terraform and administrators make them from outside, through the public
# endpoint, which this policy does not govern. So even a control plane whose
# IAM policy had been widened could not, from here, add a route, a gateway,
# a peering or an endpoint, loosen a security group or network ACL, delete a
# flow log, or snapshot, image, export or share a volume.
data "aws_iam_policy_document" "ec2_endpoint" {
  statement {
    sid       = "OnlyThisAccountsPrincipals"
    effect    = "Allow"
    actions   = ["*"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid    = "NoWayOutFromInside"
    effect = "Deny"
    actions = [
      # routes and gateways
      "ec2:CreateRoute",
      "ec2:ReplaceRoute",
      "ec2:AssociateRouteTable",
      "ec2:ReplaceRouteTableAssociation",
      "ec2:CreateInternetGateway",
      "ec2:AttachInternetGateway",
      "ec2:CreateEgressOnlyInternetGateway",
      "ec2:CreateNatGateway",
      "ec2:CreateCarrierGateway",
      "ec2:CreateVpcPeeringConnection",
      "ec2:AcceptVpcPeeringConnection",
      "ec2:CreateTransitGatewayVpcAttachment",
      "ec2:AcceptTransitGatewayVpcAttachment",
      "ec2:AttachVpnGateway",
      "ec2:CreateVpnConnection",
      "ec2:CreateVpcEndpoint",
      "ec2:ModifyVpcEndpoint",
      "ec2:AssociateVpcCidrBlock",
      "ec2:AllocateAddress",
      "ec2:AssociateAddress",
      # security groups, network ACLs, flow logs
      "ec2:AuthorizeSecurityGroupEgress",
      "ec2:AuthorizeSecurityGroupIngress",
      "ec2:ModifySecurityGroupRules",
      "ec2:CreateNetworkAclEntry",
      "ec2:ReplaceNetworkAclEntry",
      "ec2:ReplaceNetworkAclAssociation",
      "ec2:DeleteFlowLogs",
      # disks and images leaving the account
      "ec2:CreateSnapshot",
      "ec2:CreateSnapshots",
      "ec2:CopySnapshot",
      "ec2:ModifySnapshotAttribute",
      "ec2:CreateImage",
      "ec2:CopyImage",
      "ec2:ModifyImageAttribute",
      "ec2:ExportImage",
      "ec2:CreateInstanceExportTask",
      "ec2:CreateStoreImageTask",
    ]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

# ------------------------------------------------------------------ SSM

resource "aws_vpc_endpoint" "ssm" {
  vpc_id              = aws_vpc.enclave.id
  service_name        = "${local.service_prefix}.${var.region}.ssm"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.endpoints[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  policy              = data.aws_iam_policy_document.endpoint_this_account_principals.json

  tags = {
    Name = "${local.prefix}-ssm"
  }
}

resource "aws_vpc_endpoint" "ssmmessages" {
  vpc_id              = aws_vpc.enclave.id
  service_name        = "${local.service_prefix}.${var.region}.ssmmessages"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.endpoints[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  policy              = data.aws_iam_policy_document.endpoint_this_account_principals.json

  tags = {
    Name = "${local.prefix}-ssmmessages"
  }
}

resource "aws_vpc_endpoint" "ec2messages" {
  vpc_id              = aws_vpc.enclave.id
  service_name        = "${local.service_prefix}.${var.region}.ec2messages"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.endpoints[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  policy              = data.aws_iam_policy_document.endpoint_this_account_principals.json

  tags = {
    Name = "${local.prefix}-ec2messages"
  }
}

# ------------------------------------------------------------------ control plane

resource "aws_vpc_endpoint" "logs" {
  vpc_id              = aws_vpc.enclave.id
  service_name        = "${local.service_prefix}.${var.region}.logs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.endpoints[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  policy              = data.aws_iam_policy_document.endpoint_this_account_principals_and_resources.json

  tags = {
    Name = "${local.prefix}-logs"
  }
}

resource "aws_vpc_endpoint" "kms" {
  vpc_id              = aws_vpc.enclave.id
  service_name        = "${local.service_prefix}.${var.region}.kms"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.endpoints[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  policy              = data.aws_iam_policy_document.endpoint_this_account_principals_and_resources.json

  tags = {
    Name = "${local.prefix}-kms"
  }
}

resource "aws_vpc_endpoint" "sts" {
  vpc_id              = aws_vpc.enclave.id
  service_name        = "${local.service_prefix}.${var.region}.sts"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.endpoints[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  policy              = data.aws_iam_policy_document.endpoint_this_account_principals_and_resources.json

  tags = {
    Name = "${local.prefix}-sts"
  }
}

resource "aws_vpc_endpoint" "ec2" {
  vpc_id              = aws_vpc.enclave.id
  service_name        = "${local.service_prefix}.${var.region}.ec2"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.endpoints[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  policy              = data.aws_iam_policy_document.ec2_endpoint.json

  tags = {
    Name = "${local.prefix}-ec2"
  }
}

resource "aws_vpc_endpoint" "secretsmanager" {
  vpc_id              = aws_vpc.enclave.id
  service_name        = "${local.service_prefix}.${var.region}.secretsmanager"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.endpoints[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  policy              = data.aws_iam_policy_document.endpoint_this_account_principals_and_resources.json

  tags = {
    Name = "${local.prefix}-secretsmanager"
  }
}

# The control plane's image lives in this account's ECR (the registry API and
# the Docker registry each have their own endpoint); its layers come from S3,
# through the gateway endpoint below.
resource "aws_vpc_endpoint" "ecr_api" {
  vpc_id              = aws_vpc.enclave.id
  service_name        = "${local.service_prefix}.${var.region}.ecr.api"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.endpoints[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  policy              = data.aws_iam_policy_document.endpoint_this_account_principals.json

  tags = {
    Name = "${local.prefix}-ecr-api"
  }
}

resource "aws_vpc_endpoint" "ecr_dkr" {
  vpc_id              = aws_vpc.enclave.id
  service_name        = "${local.service_prefix}.${var.region}.ecr.dkr"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.endpoints[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  policy              = data.aws_iam_policy_document.endpoint_this_account_principals.json

  tags = {
    Name = "${local.prefix}-ecr-dkr"
  }
}

# ------------------------------------------------------------------ S3

locals {
  # The bucket ECR keeps image layers in; Fargate downloads layers from it
  # with URLs ECR signs, so requests to it carry no principal of this account.
  ecr_layer_bucket_objects = "arn:${local.partition}:s3:::prod-${var.region}-starport-layer-bucket/*"

  enclave_bucket_objects = [for arn in var.enclave_bucket_arns : "${arn}/*"]
}

data "aws_iam_policy_document" "s3_gateway_endpoint" {
  # The enclave's buckets and their objects, for this account's principals,
  # with the S3 actions the control plane's IAM policy grants
  # (terraform/policies/control-plane.json) and no other: no bucket
  # configuration, no ACL or policy change, no other bucket anywhere. Any
  # other bucket, in this account or another, is refused at the endpoint
  # whatever its bucket policy says.
  statement {
    sid    = "EnclaveBucketsOnly"
    effect = "Allow"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:PutObjectRetention",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
      "s3:ListBucket",
      "s3:ListBucketMultipartUploads",
    ]
    resources = concat(var.enclave_bucket_arns, local.enclave_bucket_objects)

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [local.account_id]
    }
  }

  # ECR's layer bucket, read only (Amazon ECR user guide, "Amazon ECR
  # interface VPC endpoints": minimum S3 endpoint policy for image pulls).
  statement {
    sid       = "EcrImageLayersReadOnly"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = [local.ecr_layer_bucket_objects]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.enclave.id
  service_name      = "${local.service_prefix}.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  policy            = data.aws_iam_policy_document.s3_gateway_endpoint.json

  # The control plane's route table only. The workspace route table is not
  # listed, and must never be: it would give every workspace a route to S3.
  route_table_ids = [aws_route_table.control_plane.id]

  tags = {
    Name = "${local.prefix}-s3"
  }
}
