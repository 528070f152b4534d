# Network ACLs: a second, stateless layer under the security groups, on the
# subnets whose traffic can be listed completely by subnet CIDR (workspaces,
# endpoints, database). Each ACL allows exactly the flows below and nothing
# else: the rule AWS puts last in every ACL (*, deny all) closes the rest.
# Every rule names one subnet of this VPC; none names 0.0.0.0/0.
#
# Being stateless, an ACL must also let the replies pass, on the client's
# ephemeral ports (1024-65535 covers Linux, Fargate and the NLB). Those reply
# rules are what statelessness costs: the workspace ACL lets a packet to a
# control-plane port >= 1024 pass, and the security groups are what refuse it.
#
# Rule numbers: 100 + zone index for the first flow, 200 + index for the
# second, and so on (at most four zones, so the blocks never collide).
#
# The control-plane subnets keep the VPC's default ACL (allow all), on
# purpose:
# - every flow between them and another tier already crosses one of the ACLs
#   here, which restrict it from the other side;
# - what remains is traffic an ACL cannot name without 0.0.0.0/0, which would
#   make it a no-op: S3 answers from public addresses that change over time (a
#   stale list would cut the control plane off S3), and the PrivateLink and
#   NLB traffic on the listener comes from addresses AWS chooses;
# - the route table (local + S3 only) and the security group (S3 prefix list,
#   listed groups) already confine it.

# ------------------------------------------------------------------ workspaces
#
#   in   tcp 8888         from control-plane subnets   session proxy -> Jupyter
#   in   tcp 1024-65535   from control-plane subnets   broker replies
#   in   tcp 1024-65535   from endpoint subnets        endpoint replies
#   out  tcp 9443         to control-plane subnets     broker
#   out  tcp 443          to endpoint subnets          SSM and other endpoints
#   out  tcp 1024-65535   to control-plane subnets     Jupyter replies

resource "aws_network_acl" "workspace" {
  vpc_id     = aws_vpc.enclave.id
  subnet_ids = aws_subnet.workspace[*].id

  tags = {
    Name = "${local.prefix}-workspace"
  }
}

resource "aws_network_acl_rule" "workspace_in_sessions_from_control_plane" {
  count = local.az_count

  network_acl_id = aws_network_acl.workspace.id
  egress         = false
  rule_number    = 100 + count.index
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = 8888
  to_port        = 8888
  cidr_block     = aws_subnet.control_plane[count.index].cidr_block
}

resource "aws_network_acl_rule" "workspace_in_replies_from_control_plane" {
  count = local.az_count

  network_acl_id = aws_network_acl.workspace.id
  egress         = false
  rule_number    = 200 + count.index
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = 1024
  to_port        = 65535
  cidr_block     = aws_subnet.control_plane[count.index].cidr_block
}

resource "aws_network_acl_rule" "workspace_in_replies_from_endpoints" {
  count = local.az_count

  network_acl_id = aws_network_acl.workspace.id
  egress         = false
  rule_number    = 300 + count.index
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = 1024
  to_port        = 65535
  cidr_block     = aws_subnet.endpoints[count.index].cidr_block
}

resource "aws_network_acl_rule" "workspace_out_broker_to_control_plane" {
  count = local.az_count

  network_acl_id = aws_network_acl.workspace.id
  egress         = true
  rule_number    = 100 + count.index
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = 9443
  to_port        = 9443
  cidr_block     = aws_subnet.control_plane[count.index].cidr_block
}

resource "aws_network_acl_rule" "workspace_out_https_to_endpoints" {
  count = local.az_count

  network_acl_id = aws_network_acl.workspace.id
  egress         = true
  rule_number    = 200 + count.index
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = 443
  to_port        = 443
  cidr_block     = aws_subnet.endpoints[count.index].cidr_block
}

resource "aws_network_acl_rule" "workspace_out_replies_to_control_plane" {
  count = local.az_count

  network_acl_id = aws_network_acl.workspace.id
  egress         = true
  rule_number    = 300 + count.index
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = 1024
  to_port        = 65535
  cidr_block     = aws_subnet.control_plane[count.index].cidr_block
}

# ------------------------------------------------------------------ endpoints
#
#   in   tcp 443          from workspace subnets       API calls
#   in   tcp 443          from control-plane subnets   API calls
#   out  tcp 1024-65535   to workspace subnets         replies
#   out  tcp 1024-65535   to control-plane subnets     replies
#
# The endpoints' own onward traffic to the AWS service does not leave through
# the subnet: PrivateLink carries it.

resource "aws_network_acl" "endpoints" {
  vpc_id     = aws_vpc.enclave.id
  subnet_ids = aws_subnet.endpoints[*].id

  tags = {
    Name = "${local.prefix}-endpoints"
  }
}

resource "aws_network_acl_rule" "endpoints_in_https_from_workspaces" {
  count = local.az_count

  network_acl_id = aws_network_acl.endpoints.id
  egress         = false
  rule_number    = 100 + count.index
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = 443
  to_port        = 443
  cidr_block     = aws_subnet.workspace[count.index].cidr_block
}

resource "aws_network_acl_rule" "endpoints_in_https_from_control_plane" {
  count = local.az_count

  network_acl_id = aws_network_acl.endpoints.id
  egress         = false
  rule_number    = 200 + count.index
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = 443
  to_port        = 443
  cidr_block     = aws_subnet.control_plane[count.index].cidr_block
}

resource "aws_network_acl_rule" "endpoints_out_replies_to_workspaces" {
  count = local.az_count

  network_acl_id = aws_network_acl.endpoints.id
  egress         = true
  rule_number    = 100 + count.index
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = 1024
  to_port        = 65535
  cidr_block     = aws_subnet.workspace[count.index].cidr_block
}

resource "aws_network_acl_rule" "endpoints_out_replies_to_control_plane" {
  count = local.az_count

  network_acl_id = aws_network_acl.endpoints.id
  egress         = true
  rule_number    = 200 + count.index
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = 1024
  to_port        = 65535
  cidr_block     = aws_subnet.control_plane[count.index].cidr_block
}

# ------------------------------------------------------------------ database
#
#   in   tcp 5432         from control-plane subnets   PostgreSQL
#   out  tcp 1024-65535   to control-plane subnets     replies
#
# No database-to-database rule: RDS replicates a Multi-AZ standby itself, not
# through the instances' client interfaces in these subnets (see README, "Not
# verified here").

resource "aws_network_acl" "database" {
  vpc_id     = aws_vpc.enclave.id
  subnet_ids = aws_subnet.database[*].id

  tags = {
    Name = "${local.prefix}-database"
  }
}

resource "aws_network_acl_rule" "database_in_postgres_from_control_plane" {
  count = local.az_count

  network_acl_id = aws_network_acl.database.id
  egress         = false
  rule_number    = 100 + count.index
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = 5432
  to_port        = 5432
  cidr_block     = aws_subnet.control_plane[count.index].cidr_block
}

resource "aws_network_acl_rule" "database_out_replies_to_control_plane" {
  count = local.az_count

  network_acl_id = aws_network_acl.database.id
  egress         = true
  rule_number    = 100 + count.index
  rule_action    = "allow"
  protocol       = "tcp"
  from_port      = 1024
  to_port        = 65535
  cidr_block     = aws_subnet.control_plane[count.index].cidr_block
}
