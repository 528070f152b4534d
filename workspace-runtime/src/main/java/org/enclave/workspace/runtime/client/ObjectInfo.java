package org.enclave.workspace.runtime.client;

import java.time.Instant;

/**
 * A file of a dataset version.
 *
 * @param key the file's path in the version, e.g. {@code train/posts.jsonl}
 * @param size its size in bytes
 * @param lastModified when it was uploaded, or {@code null} if not known
 * @param etag the entity tag without quotes (the broker's is the SHA-256 hex), or {@code null}
 */
public record ObjectInfo(String key, long size, Instant lastModified, String etag) {}
