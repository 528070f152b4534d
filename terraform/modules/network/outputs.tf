output "vpc_id" {
  description = "Id of the enclave VPC (no way out): the control-plane and workspaces modules' vpc_id."
  value       = aws_vpc.enclave.id
}

output "vpc_cidr" {
  description = "IPv4 CIDR of the enclave VPC."
  value       = aws_vpc.enclave.cidr_block
}

output "workspace_subnet_ids" {
  description = "Private subnets of the workspace instances, one per zone, in the order of var.azs (enclave.aws.ec2.subnets, comma-separated)."
  value       = aws_subnet.workspace[*].id
}

output "workspace_subnet_cidrs" {
  description = "CIDRs of the workspace subnets, in the order of var.azs."
  value       = aws_subnet.workspace[*].cidr_block
}

output "control_plane_subnet_ids" {
  description = "Private subnets of the control plane's Fargate tasks and of its private NLB, one per zone; the only subnets with a route to S3 (the gateway endpoint)."
  value       = aws_subnet.control_plane[*].id
}

output "control_plane_subnet_cidrs" {
  description = "CIDRs of the control-plane subnets, in the order of var.azs."
  value       = aws_subnet.control_plane[*].cidr_block
}

output "endpoint_subnet_ids" {
  description = "Private subnets of the interface endpoints' network interfaces, one per zone. Put nothing else in them: their network ACL admits only HTTPS from the workspace and control-plane subnets."
  value       = aws_subnet.endpoints[*].id
}

output "database_subnet_ids" {
  description = "Private subnets of RDS (the control-plane module's DB subnet group), one per zone."
  value       = aws_subnet.database[*].id
}

output "edge_vpc_id" {
  description = "Id of the edge VPC (internet gateway, ALB, the interface endpoint to the control plane's endpoint service)."
  value       = aws_vpc.edge.id
}

output "edge_public_subnet_ids" {
  description = "Public subnets of the edge VPC, in the first two zones of var.azs: the ALB's subnets and the edge interface endpoint's."
  value       = aws_subnet.edge_public[*].id
}

output "workspace_security_group_id" {
  description = "Security group of the workspace instances (enclave.aws.ec2.security-groups): in 8888 from the control plane; out 9443 to the control plane and 443 to the endpoints."
  value       = aws_security_group.workspace.id
}

output "control_plane_security_group_id" {
  description = "Security group of the control plane's tasks: in 8080 from the NLB's subnets and 9443 from workspaces; out 8888, 5432, 443 to the endpoints and to S3."
  value       = aws_security_group.control_plane.id
}

output "endpoints_security_group_id" {
  description = "Security group of the interface endpoints: in 443 from the control plane and the workspaces."
  value       = aws_security_group.endpoints.id
}

output "database_security_group_id" {
  description = "Security group of RDS: in 5432 from the control plane."
  value       = aws_security_group.database.id
}

output "edge_alb_security_group_id" {
  description = "Security group of the internet-facing ALB: in 443 (and 80 when alb_http_redirect) from anywhere; out 8080 to edge_endpoint_security_group_id."
  value       = aws_security_group.edge_alb.id
}

output "edge_endpoint_security_group_id" {
  description = "Security group for the edge interface endpoint to the control plane's endpoint service (the control-plane module attaches it): in 8080 from the ALB only."
  value       = aws_security_group.edge_endpoint.id
}

output "oidc_proxy_endpoint_security_group_id" {
  description = "Security group for the interface endpoint to the OIDC egress proxy (the oidc-egress module attaches it): in 3128 from the control plane only."
  value       = aws_security_group.oidc_proxy_endpoint.id
}

output "edge_oidc_proxy_nlb_security_group_id" {
  description = "Security group of the OIDC egress proxy's internal NLB in the edge VPC: no ingress (PrivateLink only); out 3128 to edge_oidc_proxy_security_group_id."
  value       = aws_security_group.edge_oidc_proxy_nlb.id
}

output "edge_oidc_proxy_security_group_id" {
  description = "Security group of the OIDC egress proxy's tasks in the edge VPC: in 3128 from their NLB; out 443."
  value       = aws_security_group.edge_oidc_proxy.id
}

output "oidc_proxy_port" {
  description = "The port of the OIDC egress proxy, which the security groups open (quarkus.oidc.proxy.port)."
  value       = local.oidc_proxy_port
}

output "s3_gateway_endpoint_id" {
  description = "Id (vpce-...) of the S3 gateway endpoint: the data module's s3_gateway_endpoint_id (the data buckets refuse the control plane outside it)."
  value       = aws_vpc_endpoint.s3.id
}

output "s3_prefix_list_id" {
  description = "Managed prefix list of S3 in the region, the destination of the control plane's S3 egress rule."
  value       = aws_vpc_endpoint.s3.prefix_list_id
}

output "interface_endpoint_ids" {
  description = "Ids of the interface endpoints, by service."
  value = {
    ssm            = aws_vpc_endpoint.ssm.id
    ssmmessages    = aws_vpc_endpoint.ssmmessages.id
    ec2messages    = aws_vpc_endpoint.ec2messages.id
    logs           = aws_vpc_endpoint.logs.id
    kms            = aws_vpc_endpoint.kms.id
    sts            = aws_vpc_endpoint.sts.id
    ec2            = aws_vpc_endpoint.ec2.id
    secretsmanager = aws_vpc_endpoint.secretsmanager.id
    ecr_api        = aws_vpc_endpoint.ecr_api.id
    ecr_dkr        = aws_vpc_endpoint.ecr_dkr.id
  }
}

output "private_zone_id" {
  description = "Id of the private hosted zone enclave.internal on the enclave VPC, where the control-plane module puts broker.enclave.internal."
  value       = aws_route53_zone.enclave.zone_id
}

output "private_zone_name" {
  description = "Name of the private hosted zone (enclave.internal); the broker URL is https://broker.<this>:9443 (enclave.broker.network.url)."
  value       = aws_route53_zone.enclave.name
}

output "dns_allowed_domains" {
  description = "The names the DNS Firewall lets the enclave VPC resolve; every other name gets NXDOMAIN."
  value       = local.dns_allowed_domains
}

output "dns_firewall_rule_group_id" {
  description = "Id of the DNS Firewall rule group associated with the enclave VPC."
  value       = aws_route53_resolver_firewall_rule_group.enclave.id
}

output "route_table_ids" {
  description = "Route table of each tier of the enclave VPC. Only control_plane carries a route beyond local (the S3 gateway endpoint's)."
  value = {
    workspace     = aws_route_table.workspace.id
    control_plane = aws_route_table.control_plane.id
    endpoints     = aws_route_table.endpoints.id
    database      = aws_route_table.database.id
  }
}
