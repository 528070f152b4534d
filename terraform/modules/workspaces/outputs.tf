output "launch_template_id" {
  description = "Id of the workspace launch template (the control plane's policy names it: launch_template_id in control-plane.json)."
  value       = aws_launch_template.workspace.id
}

output "launch_template_name" {
  description = "Name of the workspace launch template (enclave.aws.ec2.launch-template); the control plane launches its $Default version."
  value       = aws_launch_template.workspace.name
}

output "launch_template_default_version" {
  description = "Default version of the launch template, the one the control plane launches."
  value       = aws_launch_template.workspace.default_version
}

output "workspace_ami_id" {
  description = "AMI the launch template launches: ami_id if pinned, else the newest image the pipeline distributed; null before the first build."
  value       = local.workspace_ami_id
}

output "workspace_role_name" {
  description = "Name of the workspace role (workspace_role_name in control-plane.json: the only role the control plane may pass)."
  value       = aws_iam_role.workspace.name
}

output "workspace_role_arn" {
  description = "ARN of the workspace role."
  value       = aws_iam_role.workspace.arn
}

output "instance_profile_name" {
  description = "Name of the workspace instance profile (enclave.aws.ec2.instance-profile)."
  value       = aws_iam_instance_profile.workspace.name
}

output "image_recipe_arn" {
  description = "ARN of the workspace image recipe."
  value       = aws_imagebuilder_image_recipe.workspace.arn
}

output "image_pipeline_arn" {
  description = "ARN of the workspace image pipeline; start a build with aws imagebuilder start-image-pipeline-execution --image-pipeline-arn <this>."
  value       = aws_imagebuilder_image_pipeline.workspace.arn
}

output "builder_role_arn" {
  description = "ARN of the image builder's role: the principal that must be able to read the two runtime artifacts (add it to the artifact bucket's policy if that bucket restricts principals)."
  value       = aws_iam_role.builder.arn
}

output "runtime_artifact_object_uris" {
  description = "The two S3 objects the build reads: upload enclave-runtime.jar and enclave-workspace-files.tar.gz exactly here."
  value       = [local.runtime_jar_s3_uri, local.workspace_files_s3_uri]
}
