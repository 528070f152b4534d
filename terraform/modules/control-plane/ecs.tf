# The control plane on Fargate (ADR 0006, decision 6): no host to patch, a
# security group and an IAM role per task, the image pulled through the ECR
# endpoints. One task: the broker's state lives in its memory (desired_count).

resource "aws_ecs_cluster" "control_plane" {
  name = local.prefix

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = {
    Name = local.prefix
  }
}

resource "aws_ecs_task_definition" "control_plane" {
  family                   = "${local.prefix}-control-plane"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  task_role_arn            = aws_iam_role.task.arn
  execution_role_arn       = aws_iam_role.execution.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  ephemeral_storage {
    size_in_gib = var.ephemeral_storage_gib
  }

  # The root file system is read-only; these task-storage volumes are the only
  # writable places (Fargate has no tmpfs). Their content goes with the task.
  volume {
    name = "tmp"
  }

  # The broker's certificate and key and the envelope seed, as files.
  volume {
    name = "run"
  }

  # enclave.state-dir: scratch of the program; nothing here outlives the task.
  volume {
    name = "state"
  }

  container_definitions = jsonencode([
    {
      name      = local.container_name
      image     = var.image
      essential = true

      # Never root, and nothing in the image can be changed at run time.
      user                   = var.container_user
      readonlyRootFilesystem = true

      linuxParameters = {
        # tini-like init: signals reach the JVM, zombies are reaped.
        initProcessEnabled = true
        capabilities = {
          drop = ["ALL"]
        }
      }

      portMappings = [
        { name = "http", containerPort = local.http_port, protocol = "tcp" },
        { name = "broker", containerPort = local.broker_port, protocol = "tcp" },
      ]

      environment = concat(local.environment, [
        # Not a setting: the entrypoint writes it to
        # enclave.aws.kms.envelope-keys.broker-credentials.ciphertext-file.
        { name = "ENCLAVE_BOOT_BROKER_CREDENTIALS_SEED", value = trimspace(var.broker_credentials_seed_ciphertext) },
      ])

      secrets = local.task_secrets

      mountPoints = [
        { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
        { sourceVolume = "run", containerPath = "/run/enclave", readOnly = false },
        { sourceVolume = "state", containerPath = "/var/lib/enclave", readOnly = false },
      ]

      ulimits = [
        { name = "nofile", softLimit = 65536, hardLimit = 65536 },
      ]

      # The control plane drains requests and closes workspace endpoints on
      # SIGTERM; give it time before SIGKILL.
      stopTimeout = 60

      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.control_plane.name
          "awslogs-region"        = var.region
          "awslogs-stream-prefix" = local.container_name
          # The audit log is in the database and the anchor, not here: a
          # full buffer drops log lines rather than stalling the broker.
          "mode"            = "non-blocking"
          "max-buffer-size" = "25m"
        }
      }
    }
  ])

  tags = {
    Name = "${local.prefix}-control-plane"
  }
}

# ------------------------------------------------------------------ broker.<zone>
#
# Workspaces connect to the task's own address (the broker must see the
# instance's source address), so the name must follow the task. ECS service
# discovery does that: it registers the task's address in Cloud Map when the
# task runs and removes it when it stops. A Cloud Map private DNS namespace is
# a Route 53 private zone of its own, and a VPC cannot have two private zones
# of the same name: the namespace is svc.<zone> (a subdomain, which Route 53
# allows next to <zone>: the most specific zone answers), and broker.<zone> in
# the network module's zone is a CNAME to broker.svc.<zone>. The DNS firewall's
# allow-list has *.<zone>, which covers both names; the TLS certificate names
# broker.<zone>, the name the workspaces connect to.

resource "aws_service_discovery_private_dns_namespace" "control_plane" {
  name        = "svc.${var.private_zone_name}"
  description = "Addresses of ${local.prefix}'s control plane task, kept by ECS service discovery."
  vpc         = var.vpc_id

  tags = {
    Name = "${local.prefix}-svc"
  }
}

resource "aws_service_discovery_service" "broker" {
  name = "broker"

  dns_config {
    namespace_id   = aws_service_discovery_private_dns_namespace.control_plane.id
    routing_policy = "MULTIVALUE"

    # Short: after a restart, workspaces find the new task within seconds.
    dns_records {
      type = "A"
      ttl  = 10
    }
  }

  tags = {
    Name = "${local.prefix}-broker"
  }
}

resource "aws_route53_record" "broker" {
  zone_id = var.private_zone_id
  name    = local.broker_host
  type    = "CNAME"
  ttl     = 60
  records = ["broker.${aws_service_discovery_private_dns_namespace.control_plane.name}"]
}

# ------------------------------------------------------------------ the service

resource "aws_ecs_service" "control_plane" {
  name             = local.container_name
  cluster          = aws_ecs_cluster.control_plane.id
  task_definition  = aws_ecs_task_definition.control_plane.arn
  desired_count    = var.desired_count
  launch_type      = "FARGATE"
  platform_version = "LATEST"

  # In the control-plane subnets with the control-plane group; no public
  # address (there is no internet gateway to use one anyway).
  network_configuration {
    subnets          = var.control_plane_subnet_ids
    security_groups  = [var.control_plane_security_group_id]
    assign_public_ip = false
  }

  # The console and API, published through the NLB and PrivateLink.
  load_balancer {
    target_group_arn = aws_lb_target_group.control_plane.arn
    container_name   = local.container_name
    container_port   = local.http_port
  }

  # broker.svc.<zone> -> the task's address.
  service_registries {
    registry_arn = aws_service_discovery_service.broker.arn
  }

  # Stop the old task before starting the new one: two control planes at once
  # would run two reconcilers and two brokers over one database.
  deployment_minimum_healthy_percent = 0
  deployment_maximum_percent         = 100

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # Startup runs the schema migration and waits for the identity provider.
  health_check_grace_period_seconds = 300

  # No ECS Exec: a shell in the task would be a way around the broker.
  enable_execute_command = false

  propagate_tags          = "SERVICE"
  enable_ecs_managed_tags = true

  tags = {
    Name = "${local.prefix}-control-plane"
  }

  # The task role's policy exists before the task, or the first start fails
  # its readiness checks; the NLB's listener before the target registers.
  depends_on = [
    aws_iam_role_policy.task,
    aws_iam_role_policy.execution,
    aws_lb_listener.control_plane,
  ]
}
