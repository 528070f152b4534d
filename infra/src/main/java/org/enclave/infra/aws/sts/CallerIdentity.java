package org.enclave.infra.aws.sts;

/** Who the control plane is in AWS ({@code GetCallerIdentity}). */
public record CallerIdentity(String account, String arn, String userId) {}
