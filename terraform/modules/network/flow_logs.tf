# VPC flow logs of both VPCs, every flow (accepted and rejected), to the
# Object Lock audit-logs bucket under vpc-flow-logs/. S3 delivery needs no IAM
# role: delivery.logs.amazonaws.com writes for this account, as the data
# module's bucket and key policies allow. Retention is the bucket's Object
# Lock retention; nothing here can shorten it.

locals {
  # Version 2 fields plus those that say where a flow went and why: the VPC,
  # subnet and instance, the addresses before NAT or load balancing
  # (pkt-srcaddr, pkt-dstaddr: the real peer behind the NLB), the direction,
  # the path out (traffic-path: through an internet gateway, a gateway
  # endpoint, ...) and the AWS service at either end. A flow that leaves the
  # enclave VPC any other way than to an endpoint shows in traffic-path.
  flow_log_fields = [
    "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport",
    "dstport", "protocol", "packets", "bytes", "start", "end", "action",
    "log-status", "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type",
    "pkt-srcaddr", "pkt-dstaddr", "region", "az-id", "flow-direction",
    "traffic-path", "pkt-src-aws-service", "pkt-dst-aws-service",
  ]

  # "${version} ${account-id} ...": built with formatlist so that no
  # template escape ($${...}) is needed in the source.
  flow_log_format = join(" ", formatlist("%s{%s}", "$", local.flow_log_fields))

  flow_log_destination = "${var.audit_logs_bucket_arn}/vpc-flow-logs/"
}

resource "aws_flow_log" "enclave" {
  vpc_id                   = aws_vpc.enclave.id
  traffic_type             = "ALL"
  log_destination_type     = "s3"
  log_destination          = local.flow_log_destination
  log_format               = local.flow_log_format
  max_aggregation_interval = 60

  destination_options {
    file_format        = var.flow_log_file_format
    per_hour_partition = true

    # Hive-style keys would write AWSLogs/aws-account-id=<account>/..., which
    # the audit-logs bucket policy (AWSLogs/<account>/...) does not allow.
    hive_compatible_partitions = false
  }

  tags = {
    Name = "${local.prefix}-enclave"
  }
}

resource "aws_flow_log" "edge" {
  vpc_id                   = aws_vpc.edge.id
  traffic_type             = "ALL"
  log_destination_type     = "s3"
  log_destination          = local.flow_log_destination
  log_format               = local.flow_log_format
  max_aggregation_interval = 60

  destination_options {
    file_format                = var.flow_log_file_format
    per_hour_partition         = true
    hive_compatible_partitions = false
  }

  tags = {
    Name = "${local.prefix}-edge"
  }
}
