package org.enclave.infra.storage;

import java.time.Instant;

/**
 * What the store knows of a stored object.
 *
 * @param key the object's key
 * @param size length in bytes
 * @param sha256 lowercase hex SHA-256 of the content ({@code null} from {@code stat} when the store
 *     does not keep it)
 * @param lastModified when the object was written
 */
public record StoredObject(String key, long size, String sha256, Instant lastModified) {}
