terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # One provider serves the whole root module (the data module's floor).
      version = ">= 6.21, < 7.0"
    }
  }
}
