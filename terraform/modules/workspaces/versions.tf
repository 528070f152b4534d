terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # The same range as the data module, whose EBS key this module uses: one
      # provider for the whole deployment.
      version = ">= 6.21, < 7.0"
    }
  }
}
