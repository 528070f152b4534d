# DNS of the enclave VPC: a private hosted zone, and a DNS Firewall that fails
# closed (ADR 0006 decision 4).
#
# A VPC with no route out still has one path out: its resolver, which forwards
# queries for any name to that name's authoritative servers, so data encoded
# in query names reaches whoever runs them. The Route 53 Resolver DNS Firewall
# answers NXDOMAIN to every name outside the allow-list before the resolver
# forwards anything, and is configured not to let queries through when it
# cannot evaluate them. Query logs record every query and the firewall's
# decision, in the audit-logs bucket.
#
# The Amazon-provided resolver (VPC base + 2, 169.254.169.253) is not subject
# to security groups or network ACLs; the firewall is its guard.

locals {
  # EC2's private host names (ip-10-40-0-5.eu-west-2.compute.internal):
  # answered by the VPC's resolver itself, never forwarded; allowed so that an
  # instance can resolve its own name (sudo, Java's InetAddress.getLocalHost).
  compute_domain = var.region == "us-east-1" ? "ec2.internal" : "${var.region}.compute.internal"

  # What the enclave may resolve:
  # - the region's AWS service names: the interface endpoints' private DNS
  #   names (ssm., kms., api.ecr., <account>.dkr.ecr., ...) and S3's
  #   (s3.<region>, <bucket>.s3.<region>, the ECR layer bucket). The answers
  #   for the endpoints' names are the endpoint interfaces; S3's are reached
  #   through the gateway endpoint; all others lead nowhere (no route). AWS
  #   runs these names' servers, so queries under them reach no third party.
  #   No global name (sts.amazonaws.com, s3.amazonaws.com): the endpoints do
  #   not serve them, and NXDOMAIN fails faster than a connection with no
  #   route;
  # - the enclave's private zone (broker.enclave.internal);
  # - EC2's private host names;
  # - var.dns_allowed_domains.
  # (A literal list of its own, so that a test reads it without evaluating
  # functions.)
  dns_builtin_domains = [
    "${var.region}.${local.dns_suffix}",
    "*.${var.region}.${local.dns_suffix}",
    local.private_zone_name,
    "*.${local.private_zone_name}",
    local.compute_domain,
    "*.${local.compute_domain}",
  ]

  dns_allowed_domains = distinct(concat(local.dns_builtin_domains, var.dns_allowed_domains))
}

# ------------------------------------------------------------------ private zone

# enclave.internal, visible only inside the enclave VPC. The control-plane
# module adds broker.enclave.internal (an A record for the task, or an alias
# to a service discovery name). A Cloud Map namespace must not be named
# enclave.internal too: it would be a second zone of the same name on the VPC.
resource "aws_route53_zone" "enclave" {
  name    = local.private_zone_name
  comment = "Enclave ${var.deployment}: private names inside the enclave VPC (broker.${local.private_zone_name})."

  vpc {
    vpc_id = aws_vpc.enclave.id
  }

  tags = {
    Name = "${local.prefix}-${local.private_zone_name}"
  }
}

# ------------------------------------------------------------------ DNS Firewall

resource "aws_route53_resolver_firewall_domain_list" "allowed" {
  name    = "${local.prefix}-allowed"
  domains = local.dns_allowed_domains

  tags = {
    Name = "${local.prefix}-allowed"
  }
}

# "*" matches every name: the list of the catch-all block rule.
resource "aws_route53_resolver_firewall_domain_list" "everything" {
  name    = "${local.prefix}-everything"
  domains = ["*"]

  tags = {
    Name = "${local.prefix}-everything"
  }
}

resource "aws_route53_resolver_firewall_rule_group" "enclave" {
  name = "${local.prefix}-enclave"

  tags = {
    Name = "${local.prefix}-enclave"
  }
}

# Rules run in priority order and the first match decides: allowed names at
# 100, everything else blocked at 200.
resource "aws_route53_resolver_firewall_rule" "allow_listed" {
  name                    = "${local.prefix}-allow-listed"
  firewall_rule_group_id  = aws_route53_resolver_firewall_rule_group.enclave.id
  firewall_domain_list_id = aws_route53_resolver_firewall_domain_list.allowed.id
  priority                = 100
  action                  = "ALLOW"

  # Every name of a CNAME or DNAME chain must be on the list too (AWS's
  # default, spelled out): an allowed name cannot redirect the resolver to a
  # name outside the list.
  firewall_domain_redirection_action = "INSPECT_REDIRECTION_DOMAIN"
}

resource "aws_route53_resolver_firewall_rule" "block_everything_else" {
  name                    = "${local.prefix}-block-everything-else"
  firewall_rule_group_id  = aws_route53_resolver_firewall_rule_group.enclave.id
  firewall_domain_list_id = aws_route53_resolver_firewall_domain_list.everything.id
  priority                = 200
  action                  = "BLOCK"
  block_response          = "NXDOMAIN"
}

# Priority 101: association priorities run from 100 to 9900 (lower and higher
# values are kept for rule groups AWS Firewall Manager associates); 101 leaves
# room for an account-wide group to run first.
resource "aws_route53_resolver_firewall_rule_group_association" "enclave" {
  name                   = "${local.prefix}-enclave"
  firewall_rule_group_id = aws_route53_resolver_firewall_rule_group.enclave.id
  vpc_id                 = aws_vpc.enclave.id
  priority               = 101

  # Refuses changes to and removal of the association (a console click cannot
  # turn the firewall off); see var.dns_firewall_mutation_protection.
  mutation_protection = var.dns_firewall_mutation_protection ? "ENABLED" : "DISABLED"

  # The rules must exist before the VPC is associated, or queries made in
  # between would meet an empty group.
  depends_on = [
    aws_route53_resolver_firewall_rule.allow_listed,
    aws_route53_resolver_firewall_rule.block_everything_else,
  ]

  tags = {
    Name = "${local.prefix}-enclave"
  }
}

# Fail closed: when the firewall cannot evaluate a query, the query is
# blocked, not let through.
resource "aws_route53_resolver_firewall_config" "enclave" {
  resource_id        = aws_vpc.enclave.id
  firewall_fail_open = "DISABLED"
}

# ------------------------------------------------------------------ query logs

# Every query from the enclave VPC, with the firewall's action, to the
# audit-logs bucket (AWSLogs/<account>/vpcdnsquerylogs/... under the prefix,
# written by delivery.logs.amazonaws.com, which the data module's bucket and
# key policies allow).
resource "aws_route53_resolver_query_log_config" "enclave" {
  name            = "${local.prefix}-enclave"
  destination_arn = "${var.audit_logs_bucket_arn}/resolver-query-logs/"

  tags = {
    Name = "${local.prefix}-enclave"
  }
}

resource "aws_route53_resolver_query_log_config_association" "enclave" {
  resolver_query_log_config_id = aws_route53_resolver_query_log_config.enclave.id
  resource_id                  = aws_vpc.enclave.id
}
