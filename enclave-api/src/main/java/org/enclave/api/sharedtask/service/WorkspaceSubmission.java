package org.enclave.api.sharedtask.service;

import java.nio.file.Path;
import org.enclave.api.broker.WorkspaceIdentity;

/**
 * A submission as it arrived on a workspace's broker endpoint: who sent it (from the workspace's
 * credentials), for which task, the file's name and format as the client named them, and the body,
 * already written to a local file whose SHA-256 matched the signed payload hash.
 */
public record WorkspaceSubmission(
    WorkspaceIdentity workspace,
    String task,
    String format,
    String fileName,
    Path file,
    long size,
    String sha256) {}
