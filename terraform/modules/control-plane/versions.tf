terraform {
  # 1.11: write-only arguments (secret_string_wo), so that the generated session
  # encryption secret is written to Secrets Manager without ever being stored in
  # the plan or the state.
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Same floor as the data module, whose keys this module uses.
      version = ">= 6.21, < 7.0"
    }
    random = {
      source = "hashicorp/random"
      # 3.7: the ephemeral random_password.
      version = ">= 3.7, < 4.0"
    }
  }
}
