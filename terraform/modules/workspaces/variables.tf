variable "deployment" {
  description = "Name of the deployment (enclave.aws.deployment): part of every name here (enclave-<deployment>-workspace...) and the value of the enclave:deployment tag."
  type        = string

  validation {
    # The same rule as the data module, so one value fits every module.
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,28}$", var.deployment))
    error_message = "deployment must be 1-29 of [a-z0-9-], starting with a letter or digit."
  }
}

variable "region" {
  description = "AWS region of the deployment: where the image is built and distributed, and the region written into the workspace's AWS configuration."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must look like eu-west-2."
  }
}

variable "account_id" {
  description = "AWS account id of the deployment: owner of the runtime artifact bucket (S3Download's expectedBucketOwner) and of the images."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be 12 digits."
  }
}

variable "vpc_id" {
  description = "Id of the enclave VPC (the network module's vpc_id). The workspace security group must belong to it and the image builder's subnet must not."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "ebs_kms_key_arn" {
  description = "ARN of the data module's EBS key (ebs_kms_key_arn, enclave.aws.ec2.ebs-kms-key): encrypts the workspaces' root volumes, the image builder's volumes and the distributed AMI's snapshots."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]+$", var.ebs_kms_key_arn))
    error_message = "ebs_kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias."
  }
}

variable "workspace_security_group_id" {
  description = "Id of the network module's workspace security group (enclave.aws.ec2.security-groups): ingress 8888 from the control plane only, egress to the broker and the VPC endpoints only."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]{8,17}$", var.workspace_security_group_id))
    error_message = "workspace_security_group_id must be a security group id (sg-...)."
  }
}

variable "ami_id" {
  description = "Workspace AMI to launch. Leave null to use the newest AMI this module's image pipeline distributed (tagged enclave:image=workspace for this deployment); until the pipeline has run once, the launch template then has no image and every start fails as workspace-misconfigured. Set it to pin an image (roll back, or test one before the fleet)."
  type        = string
  default     = null

  validation {
    condition     = var.ami_id == null || can(regex("^ami-[0-9a-f]{8,17}$", var.ami_id))
    error_message = "ami_id must be null or an AMI id (ami-...)."
  }
}

variable "broker_ca_pem" {
  description = "PEM of the CA that signs the broker's network listener certificate (enclave.broker.network.certificate). Baked into the image as /etc/enclave/broker-ca.pem: the only certificates the workspace runtime, boto3 and the AWS CLI trust for the broker (AWS_CA_BUNDLE). A public certificate, not a secret."
  type        = string

  validation {
    condition     = can(regex("^\\s*(-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----\\s*)+$", var.broker_ca_pem))
    error_message = "broker_ca_pem must be one or more PEM certificates (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----) and nothing else (no private key)."
  }
}

variable "instance_type_default" {
  description = "Instance type of the launch template (the control plane sets the type of every launch from enclave.aws.ec2.instance-types.*; this one applies only to a launch that does not)."
  type        = string
  default     = "m7i.large"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type_default))
    error_message = "instance_type_default must be an EC2 instance type such as m7i.large."
  }
}

variable "root_volume_gib" {
  description = "Size of a workspace's root volume (gp3, encrypted with the EBS key) in GiB. At least the image's root snapshot (16 GiB); the file system grows to fill it at first boot. The home volume (/dev/sdf) is sized by the control plane (enclave.aws.ec2.home-volume-gib)."
  type        = number
  default     = 40

  validation {
    condition     = var.root_volume_gib >= 16 && var.root_volume_gib <= 1024 && floor(var.root_volume_gib) == var.root_volume_gib
    error_message = "root_volume_gib must be a whole number of GiB between 16 (the image's root snapshot) and 1024."
  }
}

variable "builder_subnet_id" {
  description = "Subnet where EC2 Image Builder runs the build instance. It must be in a builder VPC OUTSIDE the enclave VPC, with egress to the internet (a NAT gateway) for Debian's package mirrors and the AWS endpoints the build uses (S3 for the artifacts, SSM, Image Builder, CloudWatch Logs). The enclave VPC has no way out by design (ADR 0006), so nothing could be installed there."
  type        = string

  validation {
    condition     = can(regex("^subnet-[0-9a-f]{8,17}$", var.builder_subnet_id))
    error_message = "builder_subnet_id must be a subnet id (subnet-...)."
  }
}

variable "builder_security_group_id" {
  description = "Security group of the build instance, in the builder VPC: no ingress at all (Image Builder drives the instance through SSM, which the instance reaches outbound), egress 443 (and 80 if the mirrors are reached over plain HTTP; apt checks signatures either way)."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]{8,17}$", var.builder_security_group_id))
    error_message = "builder_security_group_id must be a security group id (sg-...)."
  }
}

variable "builder_instance_types" {
  description = "Instance types Image Builder may use for the build (amd64, Nitro: the image is built for the workspaces' m7i/g5 families)."
  type        = list(string)
  default     = ["m7i.large"]

  validation {
    condition     = length(var.builder_instance_types) > 0 && alltrue([for t in var.builder_instance_types : can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", t))])
    error_message = "builder_instance_types must be a non-empty list of EC2 instance types."
  }
}

variable "parent_image" {
  description = "Parent image of the workspace image: Debian 12 (bookworm) amd64. An AMI id, an Image Builder image ARN, or ssm: followed by a parameter name; the default is the public parameter Debian publishes for its latest bookworm AMI, resolved at each build."
  type        = string
  default     = "ssm:/aws/service/debian/release/12/latest/amd64"

  validation {
    condition     = can(regex("^(ami-[0-9a-f]{8,17}|ssm:/?[A-Za-z0-9_./-]+|ssm:arn:aws[a-z-]*:ssm:.+|arn:aws[a-z-]*:imagebuilder:.+)$", var.parent_image))
    error_message = "parent_image must be an AMI id, ssm:<parameter name or ARN>, or an Image Builder image ARN."
  }
}

variable "runtime_artifact_s3_uri" {
  description = "S3 prefix (s3://<bucket>/<prefix>/, ending in /) where the operator uploads the two build artifacts: enclave-runtime.jar (./mvnw -pl workspace-runtime -am package) and enclave-workspace-files.tar.gz (see README). The bucket must be in this account and outside the enclave's data buckets; the builder may read those two objects only."
  type        = string

  validation {
    # A conservative character set: the URI is written into the component
    # document and a shell command, so no quotes, spaces or wildcards.
    condition     = can(regex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/([A-Za-z0-9_.-]+/)*$", var.runtime_artifact_s3_uri))
    error_message = "runtime_artifact_s3_uri must be s3://<bucket>/ or s3://<bucket>/<prefix>/ (ending in /; prefix segments of [A-Za-z0-9_.-])."
  }
}

variable "runtime_jar_sha256" {
  description = "Hex SHA-256 of the uploaded enclave-runtime.jar (sha256sum). The build refuses any other file, so whoever can write the artifact bucket cannot change what the image runs without a Terraform change."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.runtime_jar_sha256))
    error_message = "runtime_jar_sha256 must be 64 lowercase hex digits."
  }
}

variable "workspace_files_sha256" {
  description = "Hex SHA-256 of the uploaded enclave-workspace-files.tar.gz (Jupyter configuration, Python hook, kernel spec). The build refuses any other file."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.workspace_files_sha256))
    error_message = "workspace_files_sha256 must be 64 lowercase hex digits."
  }
}

variable "image_version" {
  description = "Semantic version (x.y.z) of the image recipe and its components. Image Builder versions are immutable: raise it whenever the artifacts, their checksums, the CA or the parent image change, or the apply fails on an existing version."
  type        = string
  default     = "1.0.0"

  validation {
    condition     = can(regex("^[0-9]{1,9}\\.[0-9]{1,9}\\.[0-9]{1,9}$", var.image_version))
    error_message = "image_version must be a semantic version such as 1.0.0."
  }
}

variable "enable_ssm_session_manager" {
  description = "Operator console: keep the SSM agent in the image and let the workspace role open Session Manager sessions (ssm:UpdateInstanceInformation and the four ssmmessages channel actions, nothing else; not AmazonSSMManagedInstanceCore). Off by default: an operator session is root on a researcher's workspace, and the role's credentials are readable by notebook code through the instance metadata service. Needs the network module's ssm and ssmmessages endpoints."
  type        = bool
  default     = false
}
