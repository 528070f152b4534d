terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # The contract's range is ">= 5.80, < 7.0", but the signing key's
      # ECC_NIST_EDWARDS25519 key spec is accepted only by the provider releases
      # built on the AWS SDK for Go of 2025-11-07 (hashicorp/terraform-provider-aws
      # #45007, #45025: 6.21.0); older ones refuse the value at plan time. The
      # floor is raised here, inside the contract's range, so the failure is a
      # clear version conflict at init instead of a validation error at plan.
      version = ">= 6.21, < 7.0"
    }
  }
}
