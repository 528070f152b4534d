# The edge VPC: the only VPC with an internet gateway. It holds the
# internet-facing ALB (with its WAF) and the interface endpoint the ALB
# forwards to, both created by the control-plane module in these subnets, and
# the OIDC egress proxy of the oidc-egress module (groups in oidc_proxy.tf).
# Nothing here routes to the enclave VPC: the endpoint reaches the enclave's
# endpoint service through PrivateLink, which lets this side open connections
# and never the other.

resource "aws_vpc" "edge" {
  cidr_block           = var.edge_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  # IPv4 only, like the enclave VPC.
  assign_generated_ipv6_cidr_block = false

  tags = {
    Name = "${local.prefix}-edge"
  }
}

# As in the enclave VPC: the default group is emptied, so anything launched
# here without a group gets no traffic.
resource "aws_default_security_group" "edge" {
  vpc_id = aws_vpc.edge.id

  tags = {
    Name = "${local.prefix}-edge-default-deny"
  }
}

# The main route table keeps only the local route; the public subnets use
# their own table below.
resource "aws_default_route_table" "edge" {
  default_route_table_id = aws_vpc.edge.default_route_table_id
  route                  = []

  tags = {
    Name = "${local.prefix}-edge-main"
  }
}

resource "aws_internet_gateway" "edge" {
  vpc_id = aws_vpc.edge.id

  tags = {
    Name = "${local.prefix}-edge"
  }
}

# Public subnets in the first two zones (an ALB needs two). Public because the
# ALB's nodes need internet-routable addresses, which the ALB assigns itself;
# nothing gets one by default (map_public_ip_on_launch = false). The only tasks
# here are the OIDC egress proxy's, which ask for a public address to reach the
# issuer without a NAT gateway; no instance runs here.
resource "aws_subnet" "edge_public" {
  count = local.edge_az_count

  vpc_id                          = aws_vpc.edge.id
  cidr_block                      = local.edge_cidrs[count.index]
  availability_zone               = var.azs[count.index]
  map_public_ip_on_launch         = false
  assign_ipv6_address_on_creation = false

  tags = {
    Name = "${local.prefix}-edge-public-${var.azs[count.index]}"
    Tier = "edge-public"
  }
}

# The one default route of the deployment, in the edge VPC only.
resource "aws_route_table" "edge_public" {
  vpc_id = aws_vpc.edge.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.edge.id
  }

  tags = {
    Name = "${local.prefix}-edge-public"
  }
}

resource "aws_route_table_association" "edge_public" {
  count = local.edge_az_count

  subnet_id      = aws_subnet.edge_public[count.index].id
  route_table_id = aws_route_table.edge_public.id
}

# ------------------------------------------------------------------ security groups
#
#   edge-alb       in   443 from anywhere (and 80, for the redirect listener)
#                  out  8080 to edge-endpoint
#   edge-endpoint  in   8080 from edge-alb; no egress

resource "aws_security_group" "edge_alb" {
  name        = "${local.prefix}-edge-alb"
  description = "Internet-facing ALB of the enclave: HTTPS (and the HTTP redirect) in; the control plane endpoint (8080) out, nothing else."
  vpc_id      = aws_vpc.edge.id

  revoke_rules_on_delete = true

  tags = {
    Name = "${local.prefix}-edge-alb"
  }
}

# The edge interface endpoint's group (the control-plane module creates the
# endpoint and attaches it): the ALB's targets are the endpoint's addresses.
resource "aws_security_group" "edge_endpoint" {
  name        = "${local.prefix}-edge-endpoint"
  description = "Interface endpoint to the enclave control plane service: 8080 from the edge ALB only; no egress."
  vpc_id      = aws_vpc.edge.id

  revoke_rules_on_delete = true

  tags = {
    Name = "${local.prefix}-edge-endpoint"
  }
}

# Researchers reach the console from anywhere; the WAF web ACL on the ALB and
# OIDC sign-in guard it.
resource "aws_vpc_security_group_ingress_rule" "edge_alb_https_from_internet" {
  security_group_id = aws_security_group.edge_alb.id
  description       = "HTTPS from the internet"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = {
    Name = "${local.prefix}-edge-alb-https-from-internet"
  }
}

# Port 80 serves only the listener that redirects to HTTPS.
resource "aws_vpc_security_group_ingress_rule" "edge_alb_http_redirect_from_internet" {
  count = var.alb_http_redirect ? 1 : 0

  security_group_id = aws_security_group.edge_alb.id
  description       = "HTTP from the internet, redirected to HTTPS by the listener"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"

  tags = {
    Name = "${local.prefix}-edge-alb-http-redirect-from-internet"
  }
}

# The ALB's one way onward (requests and health checks): the endpoint.
resource "aws_vpc_security_group_egress_rule" "edge_alb_to_endpoint" {
  security_group_id            = aws_security_group.edge_alb.id
  description                  = "Control plane HTTP through the edge interface endpoint"
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  referenced_security_group_id = aws_security_group.edge_endpoint.id

  tags = {
    Name = "${local.prefix}-edge-alb-to-endpoint"
  }
}

resource "aws_vpc_security_group_ingress_rule" "edge_endpoint_from_alb" {
  security_group_id            = aws_security_group.edge_endpoint.id
  description                  = "Control plane HTTP from the edge ALB"
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  referenced_security_group_id = aws_security_group.edge_alb.id

  tags = {
    Name = "${local.prefix}-edge-endpoint-from-alb"
  }
}
