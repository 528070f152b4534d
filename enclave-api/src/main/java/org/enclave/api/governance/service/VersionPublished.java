package org.enclave.api.governance.service;

import java.util.UUID;

/**
 * Fired when a steward publishes a dataset version; observe it {@code during = AFTER_SUCCESS} to
 * act only once the version is committed (its files can no longer change).
 */
public record VersionPublished(UUID datasetId, UUID versionId) {}
