package org.enclave.audit;

/** Result of an audited action. */
public enum AuditOutcome {
  /** The action was authorized and carried out. */
  ALLOW,
  /** The action was refused by an authorization or policy decision. */
  DENY,
  /** The action was authorized but failed. */
  ERROR
}
