package org.enclave.api.workspace.service;

import java.util.UUID;

/**
 * Fired (synchronously) when a workspace's run ends or is about to: a stop, a termination, a failed
 * start, or clean-up after its sandbox went away. Whatever serves the run (its session) ends it.
 *
 * @param workspaceId the workspace
 * @param reason why, for the record
 */
public record WorkspaceRunEnded(UUID workspaceId, String reason) {}
