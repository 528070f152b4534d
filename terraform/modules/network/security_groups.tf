# Security groups of the enclave VPC, and one rule resource per rule.
#
# The groups are created without inline rules (the provider then also removes
# the "all traffic out" rule AWS adds to every new group), and every rule is
# its own aws_vpc_security_group_ingress_rule / _egress_rule, so that a rule
# can be read, tested and changed alone and the groups can name each other
# without a dependency cycle. No rule here names 0.0.0.0/0 or ::/0: every peer
# is another group of this VPC, a subnet of this VPC or the S3 prefix list.
#
#   control-plane  in   8080 from the control-plane subnets (the NLB)
#                  in   9443 from workspace
#                  out  8888 to workspace, 5432 to database, 443 to endpoints,
#                       443 to the S3 prefix list
#   workspace      in   8888 from control-plane
#                  out  9443 to control-plane, 443 to endpoints
#   endpoints      in   443 from control-plane and workspace; no egress
#   database       in   5432 from control-plane; no egress
#
# Security groups are stateful: the replies of an allowed connection need no
# rule, so "no egress" means the group can answer but never open a connection.

resource "aws_security_group" "control_plane" {
  name        = "${local.prefix}-control-plane"
  description = "Enclave control plane tasks: broker (9443) and HTTP (8080, from the NLB) in; sessions, database, endpoints and S3 out."
  vpc_id      = aws_vpc.enclave.id

  # Rules that name this group live in other resources; deleting the group
  # first revokes them instead of failing on the dependency.
  revoke_rules_on_delete = true

  tags = {
    Name = "${local.prefix}-control-plane"
  }
}

resource "aws_security_group" "workspace" {
  name        = "${local.prefix}-workspace"
  description = "Enclave workspace instances: Jupyter (8888) from the control plane in; broker (9443) and VPC endpoints (443) out, nothing else."
  vpc_id      = aws_vpc.enclave.id

  revoke_rules_on_delete = true

  tags = {
    Name = "${local.prefix}-workspace"
  }
}

resource "aws_security_group" "endpoints" {
  name        = "${local.prefix}-endpoints"
  description = "Enclave interface VPC endpoints: HTTPS from the control plane and the workspaces; no egress."
  vpc_id      = aws_vpc.enclave.id

  revoke_rules_on_delete = true

  tags = {
    Name = "${local.prefix}-endpoints"
  }
}

resource "aws_security_group" "database" {
  name        = "${local.prefix}-database"
  description = "Enclave PostgreSQL: 5432 from the control plane only; no egress."
  vpc_id      = aws_vpc.enclave.id

  revoke_rules_on_delete = true

  tags = {
    Name = "${local.prefix}-database"
  }
}

# ------------------------------------------------------------------ control-plane

# The control plane's HTTP port from the private NLB. Traffic that arrives
# through PrivateLink reaches the target with the NLB's own private address as
# its source (client IP preservation does not apply to endpoint traffic), and
# health checks come from the same addresses; the NLB lives in the
# control-plane subnets, in every zone (cross-zone targets included). The
# rule names those subnets rather than an NLB security group because the NLB
# belongs to the control-plane module, which may or may not give it one.
resource "aws_vpc_security_group_ingress_rule" "control_plane_http_from_nlb" {
  count = local.az_count

  security_group_id = aws_security_group.control_plane.id
  description       = "Control plane HTTP from the private NLB (PrivateLink traffic and health checks) in ${var.azs[count.index]}"
  ip_protocol       = "tcp"
  from_port         = 8080
  to_port           = 8080
  cidr_ipv4         = aws_subnet.control_plane[count.index].cidr_block

  tags = {
    Name = "${local.prefix}-control-plane-http-from-nlb-${var.azs[count.index]}"
  }
}

# The broker's network listener, reached by the workspaces directly (not
# through a load balancer) so that it sees each instance's own address, which
# the instance's credentials are bound to (ADR 0005, ADR 0006 decision 5).
resource "aws_vpc_security_group_ingress_rule" "control_plane_broker_from_workspaces" {
  security_group_id            = aws_security_group.control_plane.id
  description                  = "Broker network listener (TLS) from workspace instances"
  ip_protocol                  = "tcp"
  from_port                    = 9443
  to_port                      = 9443
  referenced_security_group_id = aws_security_group.workspace.id

  tags = {
    Name = "${local.prefix}-control-plane-broker-from-workspaces"
  }
}

# The session proxy reaches Jupyter on each workspace's private address.
resource "aws_vpc_security_group_egress_rule" "control_plane_sessions_to_workspaces" {
  security_group_id            = aws_security_group.control_plane.id
  description                  = "Session proxy to Jupyter on workspace instances"
  ip_protocol                  = "tcp"
  from_port                    = 8888
  to_port                      = 8888
  referenced_security_group_id = aws_security_group.workspace.id

  tags = {
    Name = "${local.prefix}-control-plane-sessions-to-workspaces"
  }
}

resource "aws_vpc_security_group_egress_rule" "control_plane_postgres_to_database" {
  security_group_id            = aws_security_group.control_plane.id
  description                  = "PostgreSQL (RDS)"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.database.id

  tags = {
    Name = "${local.prefix}-control-plane-postgres-to-database"
  }
}

# EC2, KMS, STS, Secrets Manager, Logs, ECR (image pull) through the interface
# endpoints.
resource "aws_vpc_security_group_egress_rule" "control_plane_https_to_endpoints" {
  security_group_id            = aws_security_group.control_plane.id
  description                  = "AWS APIs through the interface endpoints"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.endpoints.id

  tags = {
    Name = "${local.prefix}-control-plane-https-to-endpoints"
  }
}

# S3 (the enclave's buckets, ECR's image layers) through the gateway endpoint.
# S3 answers on public addresses, which the gateway endpoint's prefix list
# names: the rule is exactly "S3 in this region", and the route to it exists
# only in the control plane's route table.
resource "aws_vpc_security_group_egress_rule" "control_plane_https_to_s3" {
  security_group_id = aws_security_group.control_plane.id
  description       = "S3 through the gateway endpoint (its prefix list)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = aws_vpc_endpoint.s3.prefix_list_id

  tags = {
    Name = "${local.prefix}-control-plane-https-to-s3"
  }
}

# ------------------------------------------------------------------ workspace

# The only way in: the control plane's session proxy.
resource "aws_vpc_security_group_ingress_rule" "workspace_sessions_from_control_plane" {
  security_group_id            = aws_security_group.workspace.id
  description                  = "Jupyter from the control plane session proxy"
  ip_protocol                  = "tcp"
  from_port                    = 8888
  to_port                      = 8888
  referenced_security_group_id = aws_security_group.control_plane.id

  tags = {
    Name = "${local.prefix}-workspace-sessions-from-control-plane"
  }
}

# The broker: every dataset byte a workspace reads comes this way, after the
# grant check and the audit append.
resource "aws_vpc_security_group_egress_rule" "workspace_broker_to_control_plane" {
  security_group_id            = aws_security_group.workspace.id
  description                  = "Broker network listener on the control plane"
  ip_protocol                  = "tcp"
  from_port                    = 9443
  to_port                      = 9443
  referenced_security_group_id = aws_security_group.control_plane.id

  tags = {
    Name = "${local.prefix}-workspace-broker-to-control-plane"
  }
}

# SSM (operator console) and the other interface endpoints. Their policies
# admit only this account's principals, and the workspace role has no data
# permission, so the endpoints carry nothing out.
resource "aws_vpc_security_group_egress_rule" "workspace_https_to_endpoints" {
  security_group_id            = aws_security_group.workspace.id
  description                  = "Interface VPC endpoints (SSM)"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.endpoints.id

  tags = {
    Name = "${local.prefix}-workspace-https-to-endpoints"
  }
}

# ------------------------------------------------------------------ endpoints

resource "aws_vpc_security_group_ingress_rule" "endpoints_https_from_control_plane" {
  security_group_id            = aws_security_group.endpoints.id
  description                  = "HTTPS from the control plane"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.control_plane.id

  tags = {
    Name = "${local.prefix}-endpoints-https-from-control-plane"
  }
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_https_from_workspaces" {
  security_group_id            = aws_security_group.endpoints.id
  description                  = "HTTPS from workspace instances"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.workspace.id

  tags = {
    Name = "${local.prefix}-endpoints-https-from-workspaces"
  }
}

# ------------------------------------------------------------------ database

resource "aws_vpc_security_group_ingress_rule" "database_postgres_from_control_plane" {
  security_group_id            = aws_security_group.database.id
  description                  = "PostgreSQL from the control plane"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.control_plane.id

  tags = {
    Name = "${local.prefix}-database-postgres-from-control-plane"
  }
}
