output "proxy_host" {
  description = "quarkus.oidc.proxy.host (and the web tenant's): oidc-proxy.<zone>, the interface endpoint to the proxy."
  value       = aws_route53_record.proxy.fqdn
}

output "proxy_port" {
  description = "quarkus.oidc.proxy.port (and the web tenant's)."
  value       = var.proxy_port
}

output "allowed_hosts" {
  description = "The host names the proxy opens tunnels to; nothing else is reachable through it."
  value       = var.allowed_hosts
}

output "access_log_group" {
  description = "CloudWatch log group of the proxy's access log: one line per request, with the bytes each way."
  value       = aws_cloudwatch_log_group.proxy.name
}

output "endpoint_service_name" {
  description = "The proxy's VPC endpoint service (com.amazonaws.vpce.<region>.vpce-svc-...)."
  value       = aws_vpc_endpoint_service.proxy.service_name
}
