terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Same range as the data module: one provider serves the whole root
      # module, and the data module needs 6.21 for its signing key.
      version = ">= 6.21, < 7.0"
    }
  }
}
