package org.enclave.infra.aws.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.enclave.infra.storage.ObjectKeys;
import org.enclave.infra.storage.ObjectStore;
import org.enclave.infra.storage.StoredObject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link ObjectStore} in an S3 bucket, every object encrypted with one SSE-KMS key (bucket key
 * enabled) and carrying its SHA-256 twice: as S3's own checksum, which S3 verifies on receipt, and
 * as user metadata {@value #SHA256_METADATA} (lowercase hex) for {@link #stat}.
 *
 * <p>An object smaller than one part is buffered (at most one part in memory) and sent in one
 * PutObject with its full SHA-256 checksum. A larger one goes up as a multipart upload with a
 * SHA-256 checksum per part, aborted on any failure or once it passes the limit, so nothing is left
 * behind. S3 keeps only a checksum of the part checksums for a multipart object and its metadata is
 * fixed when the upload starts, before the digest is known; so the store copies the completed
 * object onto itself with the metadata added. CopyObject is limited to 5 GiB: a larger object keeps
 * no {@value #SHA256_METADATA} metadata and its {@code stat} reports {@code sha256 == null}. Until
 * that copy lands the object is readable without the metadata, and in a versioned bucket the copy
 * is a second version; if the copy fails the object is deleted and the upload fails.
 */
public final class S3ObjectStore implements ObjectStore {
  /** Default size of each multipart part, and of the largest object sent in one PutObject. */
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  /** S3's smallest allowed part (except the last). */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  /** User metadata key holding the object's lowercase hex SHA-256. */
  public static final String SHA256_METADATA = "sha256";

  private static final long MAX_COPY_BYTES = 5L * 1024 * 1024 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final String kmsKeyId;
  private final int partSize;
  private final int listPageSize;

  /** A store with {@link #DEFAULT_PART_SIZE}. */
  public S3ObjectStore(S3Client s3, String bucket, String prefix, String kmsKeyId) {
    this(s3, bucket, prefix, kmsKeyId, DEFAULT_PART_SIZE);
  }

  /**
   * @param s3 a built client; the store never closes it
   * @param bucket the bucket holding the objects
   * @param prefix prepended to every key ({@code ""} for none, typically ending in {@code /})
   * @param kmsKeyId the SSE-KMS key (id, alias or ARN) every object is written with
   * @param partSize bytes per multipart part, at least {@link #MIN_PART_SIZE}
   */
  public S3ObjectStore(S3Client s3, String bucket, String prefix, String kmsKeyId, int partSize) {
    this(s3, bucket, prefix, kmsKeyId, partSize, 1000);
  }

  S3ObjectStore(
      S3Client s3, String bucket, String prefix, String kmsKeyId, int partSize, int listPageSize) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = requireText(bucket, "bucket");
    this.prefix = ObjectKeys.requireValidPrefix(Objects.requireNonNull(prefix, "prefix"));
    this.kmsKeyId = requireText(kmsKeyId, "kmsKeyId");
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("partSize must be at least " + MIN_PART_SIZE);
    }
    this.partSize = partSize;
    this.listPageSize = listPageSize;
  }

  @Override
  public StoredObject put(String key, InputStream content, long maxBytes) throws IOException {
    String s3Key = s3Key(key);
    Upload upload = new Upload(new PushbackInputStream(content, 1), maxBytes, partSize);
    int n = upload.fill();
    if (n < partSize || upload.atEnd()) {
      return putSmall(key, s3Key, upload, n);
    }
    long size = new MultipartPut(s3, bucket, s3Key, kmsKeyId, upload).run(n);
    String hex = upload.hex();
    try {
      addDigest(s3Key, size, hex);
    } catch (SdkException e) {
      deleteQuietly(s3Key, e);
      throw failure("CopyObject", key, e);
    } catch (RuntimeException e) {
      deleteQuietly(s3Key, e);
      throw e;
    }
    StoredObject stat =
        stat(key).orElseThrow(() -> new IOException("object vanished after upload: " + key));
    return new StoredObject(key, size, hex, stat.lastModified());
  }

  private void deleteQuietly(String s3Key, Exception cause) {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(s3Key));
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private StoredObject putSmall(String key, String s3Key, Upload upload, int n) throws IOException {
    String hex = upload.hex();
    try {
      s3.putObject(
          b ->
              b.bucket(bucket)
                  .key(s3Key)
                  .contentLength((long) n)
                  .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                  .ssekmsKeyId(kmsKeyId)
                  .bucketKeyEnabled(true)
                  .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                  .checksumSHA256(upload.base64())
                  .metadata(Map.of(SHA256_METADATA, hex)),
          RequestBody.fromInputStream(new ByteArrayInputStream(upload.buffer(), 0, n), n));
    } catch (SdkException e) {
      throw failure("PutObject", key, e);
    }
    StoredObject stat =
        stat(key).orElseThrow(() -> new IOException("object vanished after upload: " + key));
    return new StoredObject(key, n, hex, stat.lastModified());
  }

  /** Copies a completed multipart object onto itself to record its SHA-256 in metadata. */
  private void addDigest(String s3Key, long size, String hex) {
    if (size > MAX_COPY_BYTES) {
      return;
    }
    s3.copyObject(
        b ->
            b.sourceBucket(bucket)
                .sourceKey(s3Key)
                .destinationBucket(bucket)
                .destinationKey(s3Key)
                .metadataDirective(MetadataDirective.REPLACE)
                .metadata(Map.of(SHA256_METADATA, hex))
                .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId(kmsKeyId)
                .bucketKeyEnabled(true));
  }

  @Override
  public Optional<InputStream> open(String key) throws IOException {
    String s3Key = s3Key(key);
    try {
      return Optional.of(
          s3.getObject(GetObjectRequest.builder().bucket(bucket).key(s3Key).build()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("GetObject", key, e);
    } catch (SdkException e) {
      throw failure("GetObject", key, e);
    }
  }

  /**
   * A Range GET streamed from S3, never copied locally. Past the end of the object (S3 answers 416)
   * the stream is empty, as {@code LocalFileObjectStore} does.
   */
  @Override
  public Optional<InputStream> open(String key, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative");
    }
    String s3Key = s3Key(key);
    if (length == 0) {
      return stat(key).map(o -> InputStream.nullInputStream());
    }
    long last = offset + length - 1;
    String range = last < offset ? "bytes=" + offset + "-" : "bytes=" + offset + "-" + last;
    try {
      return Optional.of(
          s3.getObject(GetObjectRequest.builder().bucket(bucket).key(s3Key).range(range).build()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      if (e.statusCode() == 416) {
        return Optional.of(InputStream.nullInputStream());
      }
      throw failure("GetObject", key, e);
    } catch (SdkException e) {
      throw failure("GetObject", key, e);
    }
  }

  @Override
  public Optional<StoredObject> stat(String key) throws IOException {
    String s3Key = s3Key(key);
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(s3Key));
      return Optional.of(
          new StoredObject(
              key,
              head.contentLength(),
              head.metadata().get(SHA256_METADATA),
              head.lastModified()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("HeadObject", key, e);
    } catch (SdkException e) {
      throw failure("HeadObject", key, e);
    }
  }

  /**
   * One ListObjectsV2 call per page of results. Keys under the store's prefix that are not valid
   * object keys (such as a console's {@code dir/} folder markers) are skipped. Listing carries no
   * user metadata, so {@link StoredObject#sha256()} is always {@code null} here.
   */
  @Override
  public List<StoredObject> list(String keyPrefix) throws IOException {
    ObjectKeys.requireValidPrefix(keyPrefix);
    ListObjectsV2Request request =
        ListObjectsV2Request.builder()
            .bucket(bucket)
            .prefix(prefix + keyPrefix)
            .maxKeys(listPageSize)
            .build();
    List<StoredObject> found = new ArrayList<>();
    try {
      for (S3Object o : s3.listObjectsV2Paginator(request).contents()) {
        String key = o.key().substring(prefix.length());
        if (isValidKey(key)) {
          found.add(new StoredObject(key, o.size(), null, o.lastModified()));
        }
      }
    } catch (SdkException e) {
      throw failure("ListObjectsV2", keyPrefix, e);
    }
    found.sort(Comparator.comparing(StoredObject::key));
    return found;
  }

  /** Deleting a missing object succeeds, as S3's DeleteObject does. */
  @Override
  public void delete(String key) throws IOException {
    String s3Key = s3Key(key);
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(s3Key));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw failure("DeleteObject", key, e);
      }
    } catch (SdkException e) {
      throw failure("DeleteObject", key, e);
    }
  }

  private String s3Key(String key) {
    return prefix + ObjectKeys.requireValid(key);
  }

  private static boolean isValidKey(String key) {
    try {
      ObjectKeys.requireValid(key);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static IOException failure(String operation, String key, SdkException e) {
    return new IOException("S3 " + operation + " failed for " + key, e);
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
