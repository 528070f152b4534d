# The sign-in channel of the control plane (ADR 0007): an HTTPS forward proxy
# in the edge VPC through which the control plane, and nothing else, reaches
# its OIDC issuer's back channel (discovery, keys, token exchange, sign-out).
#
#   control plane (enclave VPC) -> interface endpoint (control-plane subnets)
#     -> PrivateLink -> internal NLB (edge VPC) -> proxy tasks :3128
#     -> CONNECT <issuer host>:443 -> internet
#
# The proxy (Squid, files/squid.conf.tftpl) opens a tunnel only for CONNECT to
# port 443 of the exact host names in var.allowed_hosts, and only for
# connections from its NLB; it logs every request with the bytes each way.
# Its tasks run in the edge VPC's public subnets with public addresses, so no
# NAT gateway exists anywhere, and the enclave VPC keeps no route out.
#
# The security groups are the network module's (oidc_proxy.tf), next to every
# other group; this module attaches them.
#
# Files: main.tf (locals), privatelink.tf (NLB, endpoint service, interface
# endpoint, its name in the private zone), proxy.tf (ECS cluster, task,
# service), logs.tf (log group, its key), iam.tf (the execution role),
# files/squid.conf.tftpl, image/ (the proxy's image).

data "aws_partition" "current" {}

locals {
  prefix    = "enclave-${var.deployment}"
  partition = data.aws_partition.current.partition
  root_arn  = "arn:${local.partition}:iam::${var.account_id}:root"

  container_name = "oidc-proxy"
  proxy_host     = "oidc-proxy.${var.private_zone_name}"

  # <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]
  image_parts    = regex("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/([^:@]+)", var.image)
  ecr_repository = "arn:${local.partition}:ecr:${local.image_parts[1]}:${local.image_parts[0]}:repository/${local.image_parts[2]}"

  # What the proxy accepts. Every connection reaches it from its NLB, whose
  # addresses are in the edge VPC: anything else is refused by the proxy too.
  squid_conf = templatefile("${path.module}/files/squid.conf.tftpl", {
    port        = var.proxy_port
    source_cidr = var.edge_cidr
    hosts       = join(" ", var.allowed_hosts)
    run_dir     = "/tmp"
  })
}
