output "trail_arn" {
  description = "ARN of the CloudTrail trail."
  value       = aws_cloudtrail.this.arn
}

output "trail_name" {
  description = "Name of the trail (must equal the data module's trail_name)."
  value       = aws_cloudtrail.this.name
}

output "cloudwatch_log_group_name" {
  description = "Name of the CloudWatch Logs group the trail also delivers to, or null when cloudwatch_logs_enabled is false."
  value       = var.cloudwatch_logs_enabled ? aws_cloudwatch_log_group.trail[0].name : null
}
