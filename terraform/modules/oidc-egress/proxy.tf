# The proxy's tasks: two, in two zones, in the edge VPC's public subnets with
# public addresses (ADR 0007, decision 1). That is how they reach the issuer
# without a NAT gateway; the network module's edge-oidc-proxy group lets them
# in only from their NLB and out only to port 443.

resource "aws_ecs_cluster" "edge" {
  name = "${local.prefix}-edge"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = {
    Name = "${local.prefix}-edge"
  }
}

resource "aws_ecs_task_definition" "proxy" {
  family                   = "${local.prefix}-oidc-proxy"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  # No task_role_arn: the proxy calls no AWS API.

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  # The root file system is read-only; the configuration and the access log's
  # FIFO are written here.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([
    {
      name      = local.container_name
      image     = var.image
      essential = true

      # Squid's own user (the image's USER), nothing writable but /tmp.
      user                   = "proxy"
      readonlyRootFilesystem = true

      linuxParameters = {
        initProcessEnabled = true
        capabilities = {
          drop = ["ALL"]
        }
      }

      portMappings = [
        { name = "proxy", containerPort = var.proxy_port, protocol = "tcp" },
      ]

      environment = [
        { name = "SQUID_CONF", value = local.squid_conf },
        { name = "SQUID_RUN_DIR", value = "/tmp" },
      ]

      mountPoints = [
        { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
      ]

      stopTimeout = 10

      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.proxy.name
          "awslogs-region"        = var.region
          "awslogs-stream-prefix" = local.container_name
        }
      }
    }
  ])

  tags = {
    Name = "${local.prefix}-oidc-proxy"
  }
}

resource "aws_ecs_service" "proxy" {
  name             = local.container_name
  cluster          = aws_ecs_cluster.edge.id
  task_definition  = aws_ecs_task_definition.proxy.arn
  desired_count    = var.desired_count
  launch_type      = "FARGATE"
  platform_version = "LATEST"

  # The edge VPC's public subnets, the proxy's group, a public address: the
  # one task of the deployment that reaches the internet, and only through
  # the proxy's allow-list.
  network_configuration {
    subnets          = var.edge_public_subnet_ids
    security_groups  = [var.proxy_security_group_id]
    assign_public_ip = true
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.proxy.arn
    container_name   = local.container_name
    container_port   = var.proxy_port
  }

  # Rolling: a new task is healthy before an old one stops, so sign-in keeps
  # working through a deployment.
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  health_check_grace_period_seconds = 30

  # No ECS Exec: a shell in the proxy would be a way around its allow-list.
  enable_execute_command = false

  propagate_tags          = "SERVICE"
  enable_ecs_managed_tags = true

  tags = {
    Name = "${local.prefix}-oidc-proxy"
  }

  depends_on = [
    aws_iam_role_policy.execution,
    aws_lb_listener.proxy,
  ]
}
