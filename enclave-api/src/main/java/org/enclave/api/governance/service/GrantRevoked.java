package org.enclave.api.governance.service;

import java.util.UUID;

/**
 * Fired when a steward revokes a grant; observe it {@code during = AFTER_SUCCESS} to act only once
 * the revocation is committed.
 */
public record GrantRevoked(UUID grantId, UUID teamId, UUID datasetId, String revokedBy) {}
