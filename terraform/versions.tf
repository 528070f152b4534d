terraform {
  # The control-plane module writes a generated secret write-only (1.11).
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # The data module's Ed25519 signing key needs 6.21; every module shares
      # this range, so one provider configuration serves the whole deployment.
      version = ">= 6.21, < 7.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.7, < 4.0"
    }
  }
}
