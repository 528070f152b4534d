package org.enclave.infra.aws.s3;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.enclave.audit.log.CheckpointAnchor;
import org.enclave.infra.storage.ObjectKeys;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link CheckpointAnchor} in an S3 bucket with Object Lock (ADR 0005, decision 6): one object per
 * checkpoint at {@code <prefix>checkpoints/<tree size, 20 digits>}, written only if absent ({@code
 * If-None-Match: *}) and, with a retention, locked in compliance mode until then, so that within
 * retention no one, not even the account root, can overwrite or delete it.
 *
 * <p>Re-appending the same note at the same tree size succeeds (a retried write). A different note
 * at a tree size already anchored is refused: either the log was rewritten or two writers disagree.
 */
public final class S3CheckpointAnchor implements CheckpointAnchor {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final String kmsKeyId;
  private final Duration retention;
  private final Clock clock;

  /**
   * @param s3 a built client; the anchor never closes it
   * @param bucket a bucket with Object Lock enabled when {@code retention} is set
   * @param prefix prepended to {@code checkpoints/} ({@code ""} for none)
   * @param kmsKeyId the SSE-KMS key every checkpoint is written with
   * @param retention how long each checkpoint stays locked in compliance mode, or {@code null} to
   *     write no retention (the bucket's default retention, if any, then applies)
   */
  public S3CheckpointAnchor(
      S3Client s3, String bucket, String prefix, String kmsKeyId, Duration retention) {
    this(s3, bucket, prefix, kmsKeyId, retention, Clock.systemUTC());
  }

  S3CheckpointAnchor(
      S3Client s3, String bucket, String prefix, String kmsKeyId, Duration retention, Clock clock) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("bucket is required");
    }
    if (kmsKeyId == null || kmsKeyId.isBlank()) {
      throw new IllegalArgumentException("kmsKeyId is required");
    }
    if (retention != null && (retention.isNegative() || retention.isZero())) {
      throw new IllegalArgumentException("retention must be positive");
    }
    this.bucket = bucket;
    this.prefix = ObjectKeys.requireValidPrefix(Objects.requireNonNull(prefix, "prefix"));
    this.kmsKeyId = kmsKeyId;
    this.retention = retention;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  static final String CONDITIONAL_CONFLICT = "ConditionalRequestConflict";
  static final int CONFLICT_ATTEMPTS = 4;
  private static final Duration CONFLICT_BACKOFF = Duration.ofMillis(50);

  /** The object key of the checkpoint at {@code treeSize}. */
  public String key(long treeSize) {
    if (treeSize < 0) {
      throw new IllegalArgumentException("treeSize must not be negative");
    }
    return prefix + "checkpoints/" + String.format("%020d", treeSize);
  }

  @Override
  public void append(long treeSize, String signedNote) throws Exception {
    Objects.requireNonNull(signedNote, "signedNote");
    String key = key(treeSize);
    byte[] note = signedNote.getBytes(StandardCharsets.UTF_8);
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .ifNoneMatch("*")
            .contentType("text/plain")
            .contentLength((long) note.length)
            .checksumAlgorithm(ChecksumAlgorithm.SHA256)
            .checksumSHA256(Base64.getEncoder().encodeToString(Upload.sha256().digest(note)))
            .serverSideEncryption(ServerSideEncryption.AWS_KMS)
            .ssekmsKeyId(kmsKeyId)
            .bucketKeyEnabled(true);
    if (retention != null) {
      put.objectLockMode(ObjectLockMode.COMPLIANCE)
          .objectLockRetainUntilDate(clock.instant().plus(retention));
    }
    try {
      putResolvingConflicts(put.build(), note);
    } catch (S3Exception e) {
      if (e.statusCode() != 412) {
        throw e;
      }
      byte[] existing = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
      if (!Arrays.equals(existing, note)) {
        throw new IllegalStateException(
            "the anchor already holds a different checkpoint at tree size "
                + treeSize
                + " (s3://"
                + bucket
                + "/"
                + key
                + "): the log was rewritten or two writers disagree",
            e);
      }
    }
  }

  /**
   * Puts, again after a {@code 409 ConditionalRequestConflict}: S3's answer when another
   * conditional write of the same key was under way, which it asks callers to retry. The retry
   * either writes the checkpoint or meets the one the other writer stored ({@code 412}).
   */
  private void putResolvingConflicts(PutObjectRequest request, byte[] note)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        s3.putObject(request, RequestBody.fromBytes(note));
        return;
      } catch (S3Exception e) {
        boolean conflict =
            e.statusCode() == 409
                && e.awsErrorDetails() != null
                && CONDITIONAL_CONFLICT.equals(e.awsErrorDetails().errorCode());
        if (!conflict || attempt >= CONFLICT_ATTEMPTS) {
          throw e;
        }
        Thread.sleep(CONFLICT_BACKOFF.toMillis() * attempt);
      }
    }
  }
}
