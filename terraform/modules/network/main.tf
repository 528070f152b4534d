# The network of one Enclave deployment (issue 13, ADR 0006): two VPCs.
#
# The enclave VPC holds the workspaces, the control plane's tasks, the database
# and the VPC endpoints. It has no internet gateway, NAT gateway, egress-only
# gateway, peering, transit gateway or VPN, and no route table in it has any
# route but the implicit local one (the control plane's table also carries the
# S3 gateway endpoint's prefix-list route, added by AWS for the association).
# It has no IPv6 CIDR, so no ::/0 route can exist either. Reaching AWS APIs
# goes through interface endpoints with policies and one S3 gateway endpoint;
# DNS goes through a fail-closed DNS Firewall allow-list.
#
# The edge VPC holds the internet-facing ALB and the interface endpoint it
# forwards to (created by the control-plane module, which owns the NLB and the
# endpoint service), and the OIDC egress proxy (ADR 0007, the oidc-egress
# module). PrivateLink lets only the consumer open connections: through the
# console's service nothing in the enclave VPC can reach the edge VPC; through
# the proxy's, only the control plane's group can, and only the proxy.
#
# Files: main.tf (VPCs, subnets, route tables), security_groups.tf,
# network_acls.tf, endpoints.tf, dns.tf, flow_logs.tf, edge.tf, oidc_proxy.tf.
#
# Subnets, route table associations and the per-subnet rules use count over
# var.azs (a list), so the policy tests find one named resource per guard with
# its property on it; no map comprehensions (the tests' HCL parser reads none).

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  prefix     = "enclave-${var.deployment}"
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id

  # amazonaws.com (amazonaws.com.cn in China) and com.amazonaws: the DNS names
  # and the endpoint service names of AWS in this partition.
  dns_suffix     = data.aws_partition.current.dns_suffix
  service_prefix = data.aws_partition.current.reverse_dns_prefix

  az_count = length(var.azs)

  # Subnet layout: var.cidr cut into 16 equal slots (a /16 gives /20s), four
  # per tier, slot = 4 * tier + zone index. Adding a zone later takes the next
  # free slot of each tier and renumbers nothing.
  #   slots  0-3   workspaces
  #   slots  4-7   control plane (Fargate tasks and the private NLB)
  #   slots  8-11  interface endpoints
  #   slots 12-15  database
  # Endpoints have their own tier so that the network ACLs can tell "443 to an
  # endpoint" from "443 to the control plane".
  workspace_cidrs     = [for i in range(local.az_count) : cidrsubnet(var.cidr, 4, i)]
  control_plane_cidrs = [for i in range(local.az_count) : cidrsubnet(var.cidr, 4, 4 + i)]
  endpoint_cidrs      = [for i in range(local.az_count) : cidrsubnet(var.cidr, 4, 8 + i)]
  database_cidrs      = [for i in range(local.az_count) : cidrsubnet(var.cidr, 4, 12 + i)]

  # The edge VPC: two public subnets, in the first two zones.
  edge_az_count = 2
  edge_cidrs    = [for i in range(local.edge_az_count) : cidrsubnet(var.edge_cidr, 4, i)]

  # Two networks overlap exactly when they agree on the bits of the shorter
  # prefix. (format() rather than nested template quotes: simpler to parse.)
  cidr_prefix_length = tonumber(split("/", var.cidr)[1])
  edge_prefix_length = tonumber(split("/", var.edge_cidr)[1])
  shorter_prefix     = min(local.cidr_prefix_length, local.edge_prefix_length)
  cidrs_overlap = (
    cidrhost(format("%s/%d", split("/", var.cidr)[0], local.shorter_prefix), 0) ==
    cidrhost(format("%s/%d", split("/", var.edge_cidr)[0], local.shorter_prefix), 0)
  )

  # The private hosted zone of the enclave (broker.enclave.internal lives in
  # it). Fixed, not a variable: the broker URL the workspace image and the
  # control plane's settings use names it.
  private_zone_name = "enclave.internal"
}

# ------------------------------------------------------------------ enclave VPC

resource "aws_vpc" "enclave" {
  cidr_block = var.cidr

  # Both are needed for the interface endpoints' private DNS names and for the
  # private hosted zone: without them the SDKs would resolve the public service
  # names, which lead nowhere from here.
  enable_dns_support   = true
  enable_dns_hostnames = true

  # IPv4 only: without an IPv6 CIDR there is no ::/0 to route and no
  # egress-only gateway to attach.
  assign_generated_ipv6_cidr_block = false

  tags = {
    Name = "${local.prefix}-enclave"
  }

  lifecycle {
    precondition {
      condition     = alltrue([for az in var.azs : can(regex(format("^%s[a-z]$", var.region), az))])
      error_message = "Every zone in azs must belong to region (eu-west-2a for eu-west-2)."
    }

    precondition {
      condition     = !local.cidrs_overlap
      error_message = "cidr and edge_cidr must not overlap."
    }
  }
}

# The VPC's default security group is taken over and emptied: a resource
# launched without naming a group (an endpoint, an instance, a task) gets a
# group that lets nothing in or out, instead of AWS's default "all traffic
# from the group, everything out".
resource "aws_default_security_group" "enclave" {
  vpc_id = aws_vpc.enclave.id

  tags = {
    Name = "${local.prefix}-enclave-default-deny"
  }
}

# The main route table: no subnet of the module uses it (each has its own
# table), but a subnet created outside Terraform would. route = [] makes
# Terraform remove any route added to it by hand on the next apply (omitting
# the argument would leave such routes alone).
resource "aws_default_route_table" "enclave" {
  default_route_table_id = aws_vpc.enclave.default_route_table_id
  route                  = []

  tags = {
    Name = "${local.prefix}-enclave-main"
  }
}

# ------------------------------------------------------------------ subnets

# Workspace instances: one subnet per zone (enclave.aws.ec2.subnets).
resource "aws_subnet" "workspace" {
  count = local.az_count

  vpc_id                          = aws_vpc.enclave.id
  cidr_block                      = local.workspace_cidrs[count.index]
  availability_zone               = var.azs[count.index]
  map_public_ip_on_launch         = false
  assign_ipv6_address_on_creation = false

  tags = {
    Name = "${local.prefix}-workspace-${var.azs[count.index]}"
    Tier = "workspace"
  }
}

# The control plane's Fargate tasks and the private NLB that publishes their
# HTTP port as an endpoint service.
resource "aws_subnet" "control_plane" {
  count = local.az_count

  vpc_id                          = aws_vpc.enclave.id
  cidr_block                      = local.control_plane_cidrs[count.index]
  availability_zone               = var.azs[count.index]
  map_public_ip_on_launch         = false
  assign_ipv6_address_on_creation = false

  tags = {
    Name = "${local.prefix}-control-plane-${var.azs[count.index]}"
    Tier = "control-plane"
  }
}

# The interface endpoints' network interfaces, one per zone, in the same zones
# as the workspaces and the control plane.
resource "aws_subnet" "endpoints" {
  count = local.az_count

  vpc_id                          = aws_vpc.enclave.id
  cidr_block                      = local.endpoint_cidrs[count.index]
  availability_zone               = var.azs[count.index]
  map_public_ip_on_launch         = false
  assign_ipv6_address_on_creation = false

  tags = {
    Name = "${local.prefix}-endpoints-${var.azs[count.index]}"
    Tier = "endpoints"
  }
}

# RDS PostgreSQL (the control-plane module's DB subnet group).
resource "aws_subnet" "database" {
  count = local.az_count

  vpc_id                          = aws_vpc.enclave.id
  cidr_block                      = local.database_cidrs[count.index]
  availability_zone               = var.azs[count.index]
  map_public_ip_on_launch         = false
  assign_ipv6_address_on_creation = false

  tags = {
    Name = "${local.prefix}-database-${var.azs[count.index]}"
    Tier = "database"
  }
}

# ------------------------------------------------------------------ route tables
#
# One table per tier, each with route = [] so that Terraform owns the whole
# table and removes any route added outside it. The provider leaves out of
# `route` the local route and the routes AWS adds for a gateway endpoint's
# association, so the control plane's table keeps its S3 route and still
# shows no route here.

# The workspaces' table: the local route and nothing else. In particular it is
# not associated with the S3 gateway endpoint (endpoints.tf): workspaces read
# data only through the broker.
resource "aws_route_table" "workspace" {
  vpc_id = aws_vpc.enclave.id
  route  = []

  tags = {
    Name = "${local.prefix}-workspace"
  }
}

resource "aws_route_table_association" "workspace" {
  count = local.az_count

  subnet_id      = aws_subnet.workspace[count.index].id
  route_table_id = aws_route_table.workspace.id
}

# The control plane's table: the local route plus the S3 gateway endpoint's
# prefix-list route (aws_vpc_endpoint.s3 lists this table, and only this one).
resource "aws_route_table" "control_plane" {
  vpc_id = aws_vpc.enclave.id
  route  = []

  tags = {
    Name = "${local.prefix}-control-plane"
  }
}

resource "aws_route_table_association" "control_plane" {
  count = local.az_count

  subnet_id      = aws_subnet.control_plane[count.index].id
  route_table_id = aws_route_table.control_plane.id
}

# The endpoints' table: endpoint interfaces only answer, they need nothing but
# the local route.
resource "aws_route_table" "endpoints" {
  vpc_id = aws_vpc.enclave.id
  route  = []

  tags = {
    Name = "${local.prefix}-endpoints"
  }
}

resource "aws_route_table_association" "endpoints" {
  count = local.az_count

  subnet_id      = aws_subnet.endpoints[count.index].id
  route_table_id = aws_route_table.endpoints.id
}

# The database's table: the local route only.
resource "aws_route_table" "database" {
  vpc_id = aws_vpc.enclave.id
  route  = []

  tags = {
    Name = "${local.prefix}-database"
  }
}

resource "aws_route_table_association" "database" {
  count = local.az_count

  subnet_id      = aws_subnet.database[count.index].id
  route_table_id = aws_route_table.database.id
}
