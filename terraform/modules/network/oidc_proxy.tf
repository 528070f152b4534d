# The security groups of the sign-in channel (ADR 0007): the control plane
# reaches its OIDC issuer through a CONNECT-443 proxy that runs in the edge
# VPC, published into the enclave VPC by PrivateLink. The oidc-egress module
# builds the proxy, its NLB, the endpoint service and the interface endpoint;
# the groups and their rules are here, with every other group, so that the
# egress tests read all of them in one module.
#
#   oidc-proxy-endpoint      (enclave VPC) in 3128 from control-plane; no egress
#   control-plane                          out 3128 to oidc-proxy-endpoint
#   edge-oidc-proxy-nlb      (edge VPC)    no ingress (PrivateLink traffic only);
#                                          out 3128 to edge-oidc-proxy
#   edge-oidc-proxy          (edge VPC)    in 3128 from edge-oidc-proxy-nlb;
#                                          out 443 to any address
#
# The last rule is the deployment's only egress to the internet. What it may
# reach is narrowed by the proxy itself (CONNECT to port 443 of the issuer's
# host names, nothing else: files/squid.conf.tftpl of the oidc-egress module),
# and only the control plane's group can reach the proxy: the workspace group's
# egress names the control plane and the endpoints groups alone.

locals {
  # Squid's customary port: the proxy's listener, its NLB's and the endpoint's.
  # The rules below write it as a literal, which the policy tests read.
  oidc_proxy_port = 3128
}

resource "aws_security_group" "oidc_proxy_endpoint" {
  name        = "${local.prefix}-oidc-proxy-endpoint"
  description = "Interface endpoint to the OIDC egress proxy: 3128 from the control plane only; no egress."
  vpc_id      = aws_vpc.enclave.id

  revoke_rules_on_delete = true

  tags = {
    Name = "${local.prefix}-oidc-proxy-endpoint"
  }
}

resource "aws_vpc_security_group_ingress_rule" "oidc_proxy_endpoint_from_control_plane" {
  security_group_id            = aws_security_group.oidc_proxy_endpoint.id
  description                  = "The control plane's OIDC back channel (discovery, keys, token exchange)"
  ip_protocol                  = "tcp"
  from_port                    = 3128
  to_port                      = 3128
  referenced_security_group_id = aws_security_group.control_plane.id

  tags = {
    Name = "${local.prefix}-oidc-proxy-endpoint-from-control-plane"
  }
}

resource "aws_vpc_security_group_egress_rule" "control_plane_oidc_to_proxy_endpoint" {
  security_group_id            = aws_security_group.control_plane.id
  description                  = "The OIDC issuer, through the egress proxy's interface endpoint"
  ip_protocol                  = "tcp"
  from_port                    = 3128
  to_port                      = 3128
  referenced_security_group_id = aws_security_group.oidc_proxy_endpoint.id

  tags = {
    Name = "${local.prefix}-control-plane-oidc-to-proxy-endpoint"
  }
}

# The proxy's internal NLB in the edge VPC. Like the control plane's NLB it has
# no ingress rule: PrivateLink traffic is exempt from inbound rules (the
# oidc-egress module turns their enforcement off for it), so nothing in the
# edge VPC itself can connect to the proxy through the NLB.
resource "aws_security_group" "edge_oidc_proxy_nlb" {
  name        = "${local.prefix}-edge-oidc-proxy-nlb"
  description = "Internal NLB of the OIDC egress proxy: PrivateLink traffic only, out to the proxy tasks on 3128."
  vpc_id      = aws_vpc.edge.id

  revoke_rules_on_delete = true

  tags = {
    Name = "${local.prefix}-edge-oidc-proxy-nlb"
  }
}

resource "aws_vpc_security_group_egress_rule" "edge_oidc_proxy_nlb_to_proxy" {
  security_group_id            = aws_security_group.edge_oidc_proxy_nlb.id
  description                  = "Forwarded connections and health checks to the proxy tasks"
  ip_protocol                  = "tcp"
  from_port                    = 3128
  to_port                      = 3128
  referenced_security_group_id = aws_security_group.edge_oidc_proxy.id

  tags = {
    Name = "${local.prefix}-edge-oidc-proxy-nlb-to-proxy"
  }
}

resource "aws_security_group" "edge_oidc_proxy" {
  name        = "${local.prefix}-edge-oidc-proxy"
  description = "OIDC egress proxy tasks: 3128 from their NLB in; HTTPS (443) out, which the proxy narrows to the issuer's hosts."
  vpc_id      = aws_vpc.edge.id

  revoke_rules_on_delete = true

  tags = {
    Name = "${local.prefix}-edge-oidc-proxy"
  }
}

resource "aws_vpc_security_group_ingress_rule" "edge_oidc_proxy_from_nlb" {
  security_group_id            = aws_security_group.edge_oidc_proxy.id
  description                  = "Proxy connections and health checks from the proxy's NLB"
  ip_protocol                  = "tcp"
  from_port                    = 3128
  to_port                      = 3128
  referenced_security_group_id = aws_security_group.edge_oidc_proxy_nlb.id

  tags = {
    Name = "${local.prefix}-edge-oidc-proxy-from-nlb"
  }
}

# The issuer's addresses are not known in advance (Cognito's and most IdPs'
# are behind CDNs), so the group cannot name them: it allows HTTPS to any
# address, and the proxy decides by host name which tunnels it opens.
resource "aws_vpc_security_group_egress_rule" "edge_oidc_proxy_https_to_issuer" {
  security_group_id = aws_security_group.edge_oidc_proxy.id
  description       = "HTTPS to the OIDC issuer's hosts (the proxy's allow-list picks them)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = {
    Name = "${local.prefix}-edge-oidc-proxy-https-to-issuer"
  }
}
