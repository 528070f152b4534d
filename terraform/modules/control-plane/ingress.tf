# The one way in (ADR 0006, decision 2):
#
#   internet -> ALB (edge VPC, HTTPS 443, WAF) -> interface endpoint (edge VPC)
#     -> PrivateLink -> internal NLB (enclave VPC) -> task:8080
#
# PrivateLink carries connections only from the consumer (the edge) to the
# service (the enclave): nothing in the enclave VPC can open a connection to
# the edge VPC or the internet through it. The endpoint service accepts only
# this account.

# ------------------------------------------------------------------ internal NLB (enclave VPC)

# The NLB's own group has no ingress rule at all and PrivateLink traffic is
# exempt from inbound rules, so the only connections the NLB accepts are those
# that come through the endpoint service: nothing inside the enclave VPC (a
# workspace, say) can reach the console through it. Egress only to the task.
resource "aws_security_group" "nlb" {
  name        = "${local.prefix}-nlb"
  description = "Internal NLB of the control plane: PrivateLink traffic only, out to the task on 8080."
  vpc_id      = var.vpc_id

  tags = {
    Name = "${local.prefix}-nlb"
  }
}

resource "aws_vpc_security_group_egress_rule" "nlb_to_control_plane" {
  security_group_id            = aws_security_group.nlb.id
  description                  = "Forwarded connections and health checks to the control plane's task."
  ip_protocol                  = "tcp"
  from_port                    = local.http_port
  to_port                      = local.http_port
  referenced_security_group_id = var.control_plane_security_group_id

  tags = {
    Name = "${local.prefix}-nlb-to-control-plane"
  }
}

# Names of load balancers and target groups are at most 32 characters, too few
# for enclave-<deployment>-...: AWS generates them, the Name tag says what they are.
resource "aws_lb" "control_plane" {
  internal           = true
  load_balancer_type = "network"
  subnets            = var.control_plane_subnet_ids
  security_groups    = [aws_security_group.nlb.id]

  enforce_security_group_inbound_rules_on_private_link_traffic = "off"

  # One task in one AZ, endpoint interfaces in every AZ: every NLB node must be
  # able to reach it.
  enable_cross_zone_load_balancing = true
  enable_deletion_protection       = true

  tags = {
    Name = "${local.prefix}-control-plane-nlb"
  }
}

resource "aws_lb_target_group" "control_plane" {
  vpc_id      = var.vpc_id
  target_type = "ip"
  protocol    = "TCP"
  port        = local.http_port

  # Connections to a stopping task drain for 30 s, then the new task takes over.
  deregistration_delay = 30

  health_check {
    protocol            = "HTTP"
    port                = "traffic-port"
    path                = "/q/health/ready"
    matcher             = "200"
    interval            = 10
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = {
    Name = "${local.prefix}-control-plane-nlb"
  }
}

resource "aws_lb_listener" "control_plane" {
  load_balancer_arn = aws_lb.control_plane.arn
  protocol          = "TCP"
  port              = local.http_port

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.control_plane.arn
  }

  tags = {
    Name = "${local.prefix}-control-plane-nlb"
  }
}

# ------------------------------------------------------------------ PrivateLink

resource "aws_vpc_endpoint_service" "control_plane" {
  network_load_balancer_arns = [aws_lb.control_plane.arn]
  supported_ip_address_types = ["ipv4"]

  # Only this account may connect (the edge endpoint below), so nothing needs
  # accepting by hand.
  acceptance_required = false
  allowed_principals  = [local.root_arn]

  tags = {
    Name = "${local.prefix}-control-plane"
  }
}

resource "aws_vpc_endpoint" "edge" {
  vpc_id            = var.edge_vpc_id
  service_name      = aws_vpc_endpoint_service.control_plane.service_name
  vpc_endpoint_type = "Interface"
  subnet_ids        = var.edge_public_subnet_ids
  # The network module's <prefix>-edge-endpoint group: 8080 from the ALB's
  # group only, the ALB group's only egress.
  security_group_ids  = [var.edge_endpoint_security_group_id]
  private_dns_enabled = false

  tags = {
    Name = "${local.prefix}-control-plane"
  }
}

# The ALB targets the endpoint's interface addresses: one interface per edge
# subnet. (The count is the subnets', known at plan; the ids are known only
# once the endpoint exists, which is when these are read.)
data "aws_network_interface" "edge_endpoint" {
  count = length(var.edge_public_subnet_ids)

  id = sort(tolist(aws_vpc_endpoint.edge.network_interface_ids))[count.index]
}

# ------------------------------------------------------------------ internet-facing ALB (edge VPC)

resource "aws_lb" "edge" {
  internal           = false
  load_balancer_type = "application"
  subnets            = var.edge_public_subnet_ids
  security_groups    = [var.edge_alb_security_group_id]

  # Requests with header names that are not valid HTTP are dropped, not
  # forwarded; requests that could desynchronise a proxy chain are refused.
  drop_invalid_header_fields = true
  desync_mitigation_mode     = "strictest"

  # If the WAF cannot judge a request, the request is refused, not let through.
  enable_waf_fail_open = false

  enable_deletion_protection = true
  enable_http2               = true
  idle_timeout               = var.alb_idle_timeout

  dynamic "access_logs" {
    for_each = var.alb_access_logs_bucket == null ? [] : [var.alb_access_logs_bucket]
    content {
      bucket  = access_logs.value
      prefix  = "alb/${local.prefix}"
      enabled = true
    }
  }

  tags = {
    Name = "${local.prefix}-edge-alb"
  }
}

resource "aws_lb_target_group" "edge" {
  vpc_id      = var.edge_vpc_id
  target_type = "ip"
  protocol    = "HTTP"
  port        = local.http_port

  deregistration_delay = 30

  health_check {
    protocol            = "HTTP"
    port                = "traffic-port"
    path                = "/q/health/ready"
    matcher             = "200"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = {
    Name = "${local.prefix}-edge-alb"
  }
}

resource "aws_lb_target_group_attachment" "edge_endpoint" {
  count = length(var.edge_public_subnet_ids)

  target_group_arn = aws_lb_target_group.edge.arn
  target_id        = data.aws_network_interface.edge_endpoint[count.index].private_ip
  port             = local.http_port
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.edge.arn
  protocol          = "HTTPS"
  port              = 443
  certificate_arn   = var.certificate_arn
  # TLS 1.3 and 1.2 with forward-secret AEAD ciphers only.
  ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.edge.arn
  }

  tags = {
    Name = "${local.prefix}-https"
  }
}

# HTTP only answers with a redirect to HTTPS; nothing is served over it.
resource "aws_lb_listener" "http_redirect" {
  count = var.http_redirect ? 1 : 0

  load_balancer_arn = aws_lb.edge.arn
  protocol          = "HTTP"
  port              = 80

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }

  tags = {
    Name = "${local.prefix}-http-redirect"
  }
}

# ------------------------------------------------------------------ WAF

resource "aws_wafv2_web_acl" "edge" {
  name        = "${local.prefix}-edge"
  description = "In front of the ${local.prefix} console and API."
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  # First and cheapest: one address sending too much is blocked for a while.
  rule {
    name     = "rate-limit-per-ip"
    priority = 0

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit                 = var.waf_rate_limit
        aggregate_key_type    = "IP"
        evaluation_window_sec = 300
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.prefix}-rate-limit-per-ip"
      sampled_requests_enabled   = true
    }
  }

  # Addresses AWS threat intelligence knows as bots, scanners, attackers.
  rule {
    name     = "aws-ip-reputation"
    priority = 10

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesAmazonIpReputationList"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.prefix}-aws-ip-reputation"
      sampled_requests_enabled   = true
    }
  }

  # OWASP-style common rules. Its body size rule blocks bodies over 8 KiB,
  # which every dataset upload and notebook save exceeds: that one rule only
  # counts (the control plane caps bodies itself, enclave.limits.*).
  rule {
    name     = "aws-common"
    priority = 20

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"

        rule_action_override {
          name = "SizeRestrictions_BODY"

          action_to_use {
            count {}
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.prefix}-aws-common"
      sampled_requests_enabled   = true
    }
  }

  # Request patterns of known exploits (Log4Shell among them, relevant to a
  # Java control plane).
  rule {
    name     = "aws-known-bad-inputs"
    priority = 30

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.prefix}-aws-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${local.prefix}-edge"
    sampled_requests_enabled   = true
  }

  tags = {
    Name = "${local.prefix}-edge"
  }
}

resource "aws_wafv2_web_acl_association" "edge" {
  resource_arn = aws_lb.edge.arn
  web_acl_arn  = aws_wafv2_web_acl.edge.arn
}

# Every request with its client address, minus what would let a reader of the
# logs act as the user: the bearer token and the session cookie.
resource "aws_wafv2_web_acl_logging_configuration" "edge" {
  resource_arn            = aws_wafv2_web_acl.edge.arn
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]

  redacted_fields {
    single_header {
      name = "authorization"
    }
  }

  redacted_fields {
    single_header {
      name = "cookie"
    }
  }
}
