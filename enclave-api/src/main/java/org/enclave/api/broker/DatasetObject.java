package org.enclave.api.broker;

import java.time.Instant;
import org.enclave.api.broker.s3.ObjectListing;

/**
 * A file of a dataset version as the broker serves it.
 *
 * @param key the file's path in its version, which is the S3 key
 * @param objectKey where the bytes are in the object store
 * @param sha256 lowercase hex SHA-256 of the content, recorded at upload
 * @param lastModified when the file was uploaded
 */
public record DatasetObject(
    String key, String objectKey, long size, String sha256, String mediaType, Instant lastModified)
    implements ObjectListing.Listed {

  /**
   * The S3 ETag: the quoted SHA-256 hex. It is 64 characters, so no client mistakes it for the MD5
   * that S3 uses for single-part uploads and tries to check the bytes against it.
   */
  public String etag() {
    return "\"" + sha256 + "\"";
  }
}
