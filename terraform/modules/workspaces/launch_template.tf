# The launch template of every workspace (enclave.aws.ec2.launch-template =
# enclave-<deployment>-workspace, version $Default). Ec2Requests sets the
# network interface, metadata options, volumes, profile and tags again in
# every RunInstances; the values here are the same, so the template is safe on
# its own too (a launch from the console, a future caller).

resource "aws_launch_template" "workspace" {
  name        = local.launch_template_name
  description = "Enclave ${var.deployment}: workspace instances (launched by the control plane only)"

  # The pinned AMI, else the newest one the pipeline distributed; null before
  # the first build (RunInstances then fails as workspace-misconfigured).
  image_id      = local.workspace_ami_id
  instance_type = var.instance_type_default

  # Every change (a new AMI above all) becomes the default version, which the
  # control plane launches ($Default): no separate promotion step to forget.
  update_default_version = true

  # No key_name: there is no SSH server in the image and no key to leak.
  # No user_data: the control plane gives each launch its own one-time boot
  # token (docs/aws.md, "How a workspace on EC2 reaches the control plane").

  iam_instance_profile {
    name = aws_iam_instance_profile.workspace.name
  }

  # IMDSv2 only (a session token needs a PUT, which a server-side request
  # forgery cannot send), hop limit 1 (a container or a forwarded packet on the
  # instance cannot reach it), no instance tags in the metadata (the owner's
  # subject and team are not the researcher's code's business).
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    http_protocol_ipv6          = "disabled"
    instance_metadata_tags      = "disabled"
  }

  # The root volume: encrypted with the enclave's EBS key (not the account's
  # default key, so the key policy decides who can read a snapshot), gone with
  # the instance. The name must be the AMI's root device, as in Ec2Requests.
  # The home volume (/dev/sdf) is added by the control plane per launch.
  block_device_mappings {
    device_name = local.workspace_root_device_name

    ebs {
      encrypted             = true
      kms_key_id            = var.ebs_kms_key_arn
      delete_on_termination = true
      volume_size           = var.root_volume_gib
      volume_type           = "gp3"
    }
  }

  # One interface in the workspace group, with no public address. No subnet:
  # the control plane picks one of the workspace subnets per launch.
  network_interfaces {
    device_index                = 0
    associate_public_ip_address = false
    delete_on_termination       = true
    security_groups             = [var.workspace_security_group_id]
  }

  # Stopping from inside (a researcher cannot: no root) must not terminate:
  # the home volume would go with it.
  instance_initiated_shutdown_behavior = "stop"

  # Tags of what a launch from the template creates. The control plane adds
  # enclave:managed, enclave:workspace, enclave:team, enclave:owner and its own
  # Name (docs/aws.md, Tags); enclave:managed is deliberately not set here, so
  # an instance launched by hand is never taken for a managed workspace.
  tag_specifications {
    resource_type = "instance"

    tags = {
      Name                 = "${local.prefix}-workspace"
      "enclave:deployment" = var.deployment
    }
  }

  tag_specifications {
    resource_type = "volume"

    tags = {
      Name                 = "${local.prefix}-workspace"
      "enclave:deployment" = var.deployment
    }
  }

  tag_specifications {
    resource_type = "network-interface"

    tags = {
      Name                 = "${local.prefix}-workspace"
      "enclave:deployment" = var.deployment
    }
  }

  tags = {
    Name = local.launch_template_name
  }

  lifecycle {
    # The workspace group must be the enclave VPC's: the control plane's policy
    # only lets it launch into that VPC, and the group is what confines the
    # instance to the broker and the endpoints.
    precondition {
      condition     = data.aws_security_group.workspace.vpc_id == var.vpc_id
      error_message = "workspace_security_group_id must belong to the enclave VPC (vpc_id)."
    }
  }
}
