# The workspace AMI, built by EC2 Image Builder from Debian 12 in a builder VPC
# outside the enclave (ADR 0006, decision 7: the enclave VPC has no route to a
# package mirror, so the image carries everything and nothing is fetched at
# boot). The pipeline runs only when started (no schedule): an operator uploads
# the artifacts, raises image_version with their checksums, applies, starts the
# pipeline, then applies again so the launch template takes the new AMI (see
# README, "Building the image").
#
# Components run in this order, each a YAML document under components/:
#   packages   Debian packages (Java, Jupyter, the Python kernel's libraries)
#   runtime    the Enclave runtime, its Jupyter and AWS configuration, the CA
#   service    user enclave, the home volume's mount, enclave-workspace.service
#   hardening  no SSH, cloud-init confined, no package sources, time, sysctl
#   test       checks of the finished image (validate phase, see test.yaml)

locals {
  aws_config = join("\n", [
    "[default]",
    "region = ${var.region}",
    "s3 =",
    "    addressing_style = path",
    "",
  ])

  # Rendered here so that their size can be checked before Image Builder
  # refuses them: inline component data is limited to 16000 characters.
  # Files are passed base64-encoded: the documents stay valid YAML whatever
  # the files contain, and Image Builder's {{ }} expressions cannot be
  # triggered by them.
  runtime_component_data = templatefile("${path.module}/components/runtime.yaml.tftpl", {
    runtime_jar_s3_uri     = local.runtime_jar_s3_uri
    workspace_files_s3_uri = local.workspace_files_s3_uri
    artifact_bucket_owner  = var.account_id
    runtime_jar_sha256     = var.runtime_jar_sha256
    workspace_files_sha256 = var.workspace_files_sha256
    enclave_wrapper_b64    = filebase64("${path.module}/files/enclave")
    aws_config_b64         = base64encode(local.aws_config)
    broker_ca_pem_b64      = base64encode("${trimspace(var.broker_ca_pem)}\n")
  })

  service_component_data = templatefile("${path.module}/components/service.yaml.tftpl", {
    region             = var.region
    home_script_b64    = filebase64("${path.module}/files/enclave-home")
    home_unit_b64      = filebase64("${path.module}/files/enclave-home.service")
    metadata_unit_b64  = filebase64("${path.module}/files/enclave-metadata.service")
    workspace_unit_b64 = filebase64("${path.module}/files/enclave-workspace.service")
  })

  hardening_component_data = templatefile("${path.module}/components/hardening.yaml.tftpl", {
    cloud_init_cfg_b64 = filebase64("${path.module}/files/99-enclave.cfg")
    chrony_sources_b64 = filebase64("${path.module}/files/enclave-time.sources")
    sysctl_conf_b64    = filebase64("${path.module}/files/90-enclave-hardening.conf")
  })

  component_data_limit = 16000
}

# ---------------------------------------------------------------- components

# Versions are immutable in Image Builder: a change of a document is a new
# component version (image_version), and the recipe that names it is replaced.
resource "aws_imagebuilder_component" "packages" {
  name        = "${local.prefix}-workspace-packages"
  description = "Enclave ${var.deployment}: Debian packages of the workspace image"
  platform    = "Linux"
  version     = var.image_version
  data        = file("${path.module}/components/packages.yaml")

  tags = {
    Name = "${local.prefix}-workspace-packages"
  }
}

resource "aws_imagebuilder_component" "runtime" {
  name        = "${local.prefix}-workspace-runtime"
  description = "Enclave ${var.deployment}: workspace runtime, its configuration and the broker CA"
  platform    = "Linux"
  version     = var.image_version
  data        = local.runtime_component_data

  tags = {
    Name = "${local.prefix}-workspace-runtime"
  }

  lifecycle {
    # The CA bundle is the part that varies; a very long chain can push the
    # document over the limit.
    precondition {
      condition     = length(local.runtime_component_data) <= local.component_data_limit
      error_message = "The runtime component document exceeds Image Builder's 16000-character limit for inline data (is broker_ca_pem more than the CA chain?)."
    }
  }
}

resource "aws_imagebuilder_component" "service" {
  name        = "${local.prefix}-workspace-service"
  description = "Enclave ${var.deployment}: workspace user, home volume and enclave-workspace.service"
  platform    = "Linux"
  version     = var.image_version
  data        = local.service_component_data

  tags = {
    Name = "${local.prefix}-workspace-service"
  }

  lifecycle {
    precondition {
      condition     = length(local.service_component_data) <= local.component_data_limit
      error_message = "The service component document exceeds Image Builder's 16000-character limit for inline data."
    }
  }
}

resource "aws_imagebuilder_component" "hardening" {
  name        = "${local.prefix}-workspace-hardening"
  description = "Enclave ${var.deployment}: workspace image hardening"
  platform    = "Linux"
  version     = var.image_version
  data        = local.hardening_component_data

  tags = {
    Name = "${local.prefix}-workspace-hardening"
  }

  lifecycle {
    precondition {
      condition     = length(local.hardening_component_data) <= local.component_data_limit
      error_message = "The hardening component document exceeds Image Builder's 16000-character limit for inline data."
    }
  }
}

resource "aws_imagebuilder_component" "test" {
  name        = "${local.prefix}-workspace-test"
  description = "Enclave ${var.deployment}: checks of the finished workspace image"
  platform    = "Linux"
  version     = var.image_version
  data        = file("${path.module}/components/test.yaml")

  tags = {
    Name = "${local.prefix}-workspace-test"
  }
}

# ---------------------------------------------------------------- recipe

resource "aws_imagebuilder_image_recipe" "workspace" {
  name         = "${local.prefix}-workspace"
  description  = "Enclave ${var.deployment}: workspace image (Debian 12, Jupyter, the Enclave runtime)"
  version      = var.image_version
  parent_image = var.parent_image

  component {
    component_arn = aws_imagebuilder_component.packages.arn
  }

  component {
    component_arn = aws_imagebuilder_component.runtime.arn
  }

  component {
    component_arn = aws_imagebuilder_component.service.arn
  }

  component {
    component_arn = aws_imagebuilder_component.hardening.arn
  }

  component {
    component_arn = aws_imagebuilder_component.test.arn
  }

  # The build instance's root volume is already encrypted with the EBS key,
  # so no unencrypted snapshot of the image ever exists. Small: each
  # workspace's root volume is sized by the launch template and grown at boot.
  block_device_mapping {
    device_name = local.workspace_root_device_name

    ebs {
      encrypted             = true
      kms_key_id            = var.ebs_kms_key_arn
      delete_on_termination = true
      volume_size           = local.image_root_volume_gib
      volume_type           = "gp3"
    }
  }

  # Debian's AMIs carry no SSM agent; this user data installs it on the build
  # instance (it replaces Image Builder's own, see the file). The agent stays
  # in the image only for the operator console.
  user_data_base64 = base64encode(templatefile("${path.module}/files/build-user-data.sh.tftpl", {
    region = var.region
  }))

  systems_manager_agent {
    uninstall_after_build = !var.enable_ssm_session_manager
  }

  tags = {
    Name = "${local.prefix}-workspace"
  }
}

# ---------------------------------------------------------------- infrastructure

# Where the build instance runs: the builder subnet and group (a builder VPC
# with egress, never the enclave VPC), IMDSv2 only, no key pair, terminated if
# the build fails so that nothing half-built lingers.
resource "aws_imagebuilder_infrastructure_configuration" "workspace" {
  name                          = "${local.prefix}-workspace"
  description                   = "Enclave ${var.deployment}: build instance of the workspace image, in the builder VPC outside the enclave"
  instance_profile_name         = aws_iam_instance_profile.builder.name
  instance_types                = var.builder_instance_types
  subnet_id                     = var.builder_subnet_id
  security_group_ids            = [var.builder_security_group_id]
  terminate_instance_on_failure = true

  instance_metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  resource_tags = {
    Name                 = "${local.prefix}-workspace-builder"
    "enclave:deployment" = var.deployment
  }

  tags = {
    Name = "${local.prefix}-workspace"
  }

  lifecycle {
    # The builder has egress to the internet; inside the enclave VPC it would
    # either fail (no route out) or mean that VPC had acquired a way out.
    precondition {
      condition     = data.aws_subnet.builder.vpc_id != var.vpc_id
      error_message = "builder_subnet_id must be in a builder VPC outside the enclave VPC (vpc_id)."
    }

    precondition {
      condition     = data.aws_security_group.builder.vpc_id == data.aws_subnet.builder.vpc_id
      error_message = "builder_security_group_id must belong to the builder subnet's VPC."
    }
  }
}

# ---------------------------------------------------------------- distribution

# The AMI stays private to this account (no launch permissions), its snapshots
# encrypted with the enclave's EBS key, and tagged so that data.aws_ami_ids in
# main.tf finds it. Image Builder encrypts with its service-linked role, which
# the EBS key allows through the key policy's account statement.
resource "aws_imagebuilder_distribution_configuration" "workspace" {
  name        = "${local.prefix}-workspace"
  description = "Enclave ${var.deployment}: workspace AMI, private, encrypted with the EBS key"

  distribution {
    region = var.region

    ami_distribution_configuration {
      name        = "${local.workspace_image_name_prefix}-{{ imagebuilder:buildDate }}"
      description = "Enclave ${var.deployment}: workspace image ${var.image_version}"
      kms_key_id  = var.ebs_kms_key_arn

      ami_tags = {
        Name                         = "${local.prefix}-workspace"
        "enclave:deployment"         = var.deployment
        "enclave:image"              = "workspace"
        "enclave:image-version"      = var.image_version
        "enclave:runtime-jar-sha256" = var.runtime_jar_sha256
      }
    }
  }

  tags = {
    Name = "${local.prefix}-workspace"
  }
}

# ---------------------------------------------------------------- pipeline

# Started by hand only (no schedule block): a new image is a reviewed event,
# not a nightly one, and it reaches workspaces only through the next apply.
resource "aws_imagebuilder_image_pipeline" "workspace" {
  name                             = "${local.prefix}-workspace"
  description                      = "Enclave ${var.deployment}: workspace image, started by hand"
  image_recipe_arn                 = aws_imagebuilder_image_recipe.workspace.arn
  infrastructure_configuration_arn = aws_imagebuilder_infrastructure_configuration.workspace.arn
  distribution_configuration_arn   = aws_imagebuilder_distribution_configuration.workspace.arn
  status                           = "ENABLED"
  enhanced_image_metadata_enabled  = true

  # The checks run in the build's validate phase (components/test.yaml): the
  # image discards user data and keeps no SSM agent, so Image Builder could
  # not drive a test instance launched from it.
  image_tests_configuration {
    image_tests_enabled = false
  }

  tags = {
    Name = "${local.prefix}-workspace"
  }

  lifecycle {
    # A new recipe version replaces the recipe; the pipeline must go with it or
    # the old recipe cannot be deleted (provider documentation, >= 5.74).
    replace_triggered_by = [aws_imagebuilder_image_recipe.workspace]
  }
}
