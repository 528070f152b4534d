# A CLPsych shared task's enclave in eu-west-2: two zones, the Cognito user pool
# for the teams, organizers and stewards, and the workspace image built from
# the artifacts an operator uploaded (terraform/README.md, steps 1-3). Copy
# this directory, replace every value marked CHANGE, then:
#   terraform init && terraform apply

terraform {
  required_version = ">= 1.11"

  # Keep the state where only administrators can read it: it holds the
  # deployment's structure (no secret values: the module writes generated
  # secrets write-only and leaves the broker's key to the operator).
  backend "s3" {
    bucket       = "CHANGE-terraform-state"
    key          = "enclave/clpsych-2027.tfstate"
    region       = "eu-west-2"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = "eu-west-2"

  # Every resource Terraform makes names its deployment.
  default_tags {
    tags = {
      "enclave:deployment" = "clpsych-2027"
    }
  }
}

module "enclave" {
  source = "../.."

  deployment = "clpsych-2027"
  region     = "eu-west-2"
  azs        = ["eu-west-2a", "eu-west-2b"]

  control_plane_image = "111122223333.dkr.ecr.eu-west-2.amazonaws.com/enclave@sha256:CHANGE"
  console_hostname    = "enclave.clpsych.example.org"
  certificate_arn     = "arn:aws:acm:eu-west-2:111122223333:certificate/CHANGE"

  # The proxy through which the control plane reaches Cognito (ADR 0007),
  # built from modules/oidc-egress/image.
  oidc_proxy_image = "111122223333.dkr.ecr.eu-west-2.amazonaws.com/enclave-oidc-proxy@sha256:CHANGE"

  # The CA that signed the broker's certificate (step 1), and the
  # broker-credentials seed made by KMS (step 3).
  broker_ca_pem                      = file("${path.module}/broker-ca.pem")
  broker_credentials_seed_ciphertext = file("${path.module}/broker-credentials.seed")

  # The image build runs in a builder VPC with egress (never the enclave's).
  builder_subnet_id         = "subnet-CHANGE"
  builder_security_group_id = "sg-CHANGE"
  runtime_artifact_s3_uri   = "s3://CHANGE-enclave-artifacts/runtime/0.1.0/"
  runtime_jar_sha256        = "CHANGE"
  workspace_files_sha256    = "CHANGE"

  # Break-glass administrators of the buckets.
  admin_role_arns = ["arn:aws:iam::111122223333:role/CHANGE-enclave-admin"]

  # GPU workspaces for the teams that fine-tune models.
  instance_type_large = "g5.xlarge"
}

output "alb_dns_name" {
  value = module.enclave.alb_dns_name
}

output "control_plane_settings" {
  value = module.enclave.control_plane_settings
}
