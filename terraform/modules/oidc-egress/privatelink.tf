# The proxy, published into the enclave VPC (ADR 0007, decision 2): the edge
# VPC is the provider of this endpoint service and the enclave VPC its
# consumer, the other way round from the console's. PrivateLink carries
# connections only from the consumer to the service: the proxy cannot open a
# connection into the enclave VPC, and the control plane reaches nothing in the
# edge VPC but the proxy's listener.

# ------------------------------------------------------------------ internal NLB (edge VPC)

resource "aws_lb" "proxy" {
  internal           = true
  load_balancer_type = "network"
  subnets            = var.edge_public_subnet_ids
  security_groups    = [var.nlb_security_group_id]

  # The NLB's group has no ingress rule: connections come only through the
  # endpoint service (PrivateLink traffic is then exempt from inbound rules).
  enforce_security_group_inbound_rules_on_private_link_traffic = "off"

  enable_cross_zone_load_balancing = true
  enable_deletion_protection       = true

  tags = {
    Name = "${local.prefix}-oidc-proxy-nlb"
  }
}

resource "aws_lb_target_group" "proxy" {
  vpc_id      = var.edge_vpc_id
  target_type = "ip"
  protocol    = "TCP"
  port        = var.proxy_port

  # Token exchanges take seconds: a stopping task has drained long before.
  deregistration_delay = 30

  health_check {
    protocol            = "TCP"
    port                = "traffic-port"
    interval            = 10
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }

  tags = {
    Name = "${local.prefix}-oidc-proxy-nlb"
  }
}

resource "aws_lb_listener" "proxy" {
  load_balancer_arn = aws_lb.proxy.arn
  protocol          = "TCP"
  port              = var.proxy_port

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.proxy.arn
  }

  tags = {
    Name = "${local.prefix}-oidc-proxy-nlb"
  }
}

# ------------------------------------------------------------------ PrivateLink

resource "aws_vpc_endpoint_service" "proxy" {
  network_load_balancer_arns = [aws_lb.proxy.arn]
  supported_ip_address_types = ["ipv4"]

  # Only this account may connect (the enclave endpoint below).
  acceptance_required = false
  allowed_principals  = [local.root_arn]

  tags = {
    Name = "${local.prefix}-oidc-proxy"
  }
}

# In the control plane's subnets (whose ACL is the VPC's default), with the
# network module's oidc-proxy-endpoint group: 3128 from the control plane's
# group only. The workspaces' group has no rule towards it.
resource "aws_vpc_endpoint" "proxy" {
  vpc_id              = var.vpc_id
  service_name        = aws_vpc_endpoint_service.proxy.service_name
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.control_plane_subnet_ids
  security_group_ids  = [var.endpoint_security_group_id]
  private_dns_enabled = false

  tags = {
    Name = "${local.prefix}-oidc-proxy"
  }
}

# oidc-proxy.<zone>, the name the control plane is given: an alias (answered
# inside Route 53, no CNAME for the DNS firewall to follow) to the endpoint's
# regional name, in the private zone whose names the firewall allows.
resource "aws_route53_record" "proxy" {
  zone_id = var.private_zone_id
  name    = local.proxy_host
  type    = "A"

  alias {
    name                   = aws_vpc_endpoint.proxy.dns_entry[0].dns_name
    zone_id                = aws_vpc_endpoint.proxy.dns_entry[0].hosted_zone_id
    evaluate_target_health = false
  }
}
