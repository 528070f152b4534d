# Workspaces of one Enclave deployment (issue 13, terraform-contract.md):
#
#   launch_template.tf  the launch template the control plane launches every
#                       workspace from (enclave.aws.ec2.launch-template)
#   iam.tf              the workspace role and instance profile (no data
#                       permission, everything that matters denied), and the
#                       image builder's role and instance profile
#   image_builder.tf    the EC2 Image Builder pipeline of the workspace AMI,
#                       built in a builder VPC outside the enclave (ADR 0006,
#                       decision 7), with the components under components/ and
#                       the files they install under files/
#
# Nothing here trusts the launch template alone: the control plane sets every
# security-relevant field again in RunInstances (docs/aws.md), and its IAM
# policy denies launches that would weaken them. The template carries the same
# settings so that a launch by hand from it is just as safe.

data "aws_partition" "current" {}

# Read to check where the given ids belong (preconditions below): a workspace
# group from another VPC, or a builder subnet inside the enclave VPC, is a
# wiring mistake that must fail the plan, not surface at the first launch.
data "aws_security_group" "workspace" {
  id = var.workspace_security_group_id
}

data "aws_subnet" "builder" {
  id = var.builder_subnet_id
}

data "aws_security_group" "builder" {
  id = var.builder_security_group_id
}

# The newest AMI this module's pipeline distributed, used when ami_id is not
# pinned. aws_ami_ids (not aws_ami) because it returns an empty list instead of
# failing before the first build; owners = self and the deployment's tags keep
# images of other accounts and other deployments out.
data "aws_ami_ids" "workspace" {
  owners = ["self"]

  filter {
    name   = "tag:enclave:image"
    values = ["workspace"]
  }

  filter {
    name   = "tag:enclave:deployment"
    values = [var.deployment]
  }

  filter {
    name   = "name"
    values = ["${local.prefix}-workspace-*"]
  }

  filter {
    name   = "state"
    values = ["available"]
  }
}

locals {
  partition = data.aws_partition.current.partition
  prefix    = "enclave-${var.deployment}"

  # Named once: the launch template name is enclave.aws.ec2.launch-template.
  launch_template_name = "${local.prefix}-workspace"
  workspace_role_name  = "${local.prefix}-workspace"
  builder_role_name    = "${local.prefix}-workspace-builder"

  # null until the pipeline has run once and no ami_id is pinned.
  workspace_ami_id = var.ami_id != null ? var.ami_id : try(data.aws_ami_ids.workspace.ids[0], null)

  # The two objects the operator uploads under runtime_artifact_s3_uri.
  artifact_bucket             = regex("^s3://([^/]+)/", var.runtime_artifact_s3_uri)[0]
  artifact_prefix             = regex("^s3://[^/]+/(.*)$", var.runtime_artifact_s3_uri)[0]
  runtime_jar_key             = "${local.artifact_prefix}enclave-runtime.jar"
  workspace_files_key         = "${local.artifact_prefix}enclave-workspace-files.tar.gz"
  runtime_jar_s3_uri          = "s3://${local.artifact_bucket}/${local.runtime_jar_key}"
  workspace_files_s3_uri      = "s3://${local.artifact_bucket}/${local.workspace_files_key}"
  runtime_jar_object_arn      = "arn:${local.partition}:s3:::${local.artifact_bucket}/${local.runtime_jar_key}"
  workspace_files_object_arn  = "arn:${local.partition}:s3:::${local.artifact_bucket}/${local.workspace_files_key}"
  artifact_object_arns        = [local.runtime_jar_object_arn, local.workspace_files_object_arn]
  image_root_volume_gib       = 16
  workspace_root_device_name  = "/dev/xvda"
  workspace_image_name_prefix = "${local.prefix}-workspace"
}
