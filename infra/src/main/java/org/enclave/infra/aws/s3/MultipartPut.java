package org.enclave.infra.aws.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One multipart upload with a SHA-256 checksum per part, aborted on any failure (including the
 * content passing its limit), so that no incomplete upload is left to be billed or completed.
 */
final class MultipartPut {
  private final S3Client s3;
  private final String bucket;
  private final String s3Key;
  private final String kmsKeyId;
  private final Upload upload;

  MultipartPut(S3Client s3, String bucket, String s3Key, String kmsKeyId, Upload upload) {
    this.s3 = s3;
    this.bucket = bucket;
    this.s3Key = s3Key;
    this.kmsKeyId = kmsKeyId;
    this.upload = upload;
  }

  /**
   * Uploads the buffered first part and the rest of the content, then completes the upload.
   *
   * @param firstPart bytes already in the upload's buffer
   * @return the object's size
   */
  long run(int firstPart) throws IOException {
    String uploadId;
    try {
      uploadId =
          s3.createMultipartUpload(
                  b ->
                      b.bucket(bucket)
                          .key(s3Key)
                          .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                          .ssekmsKeyId(kmsKeyId)
                          .bucketKeyEnabled(true)
                          .checksumAlgorithm(ChecksumAlgorithm.SHA256))
              .uploadId();
    } catch (SdkException e) {
      throw S3ObjectStore.failure("CreateMultipartUpload", s3Key, e);
    }
    boolean completed = false;
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long size = 0;
      for (int n = firstPart; n > 0; n = upload.fill()) {
        parts.add(uploadPart(uploadId, parts.size() + 1, n));
        size += n;
      }
      s3.completeMultipartUpload(
          b -> b.bucket(bucket).key(s3Key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
      completed = true;
      return size;
    } catch (SdkException e) {
      throw S3ObjectStore.failure("multipart upload", s3Key, e);
    } finally {
      if (!completed) {
        abort(uploadId);
      }
    }
  }

  private CompletedPart uploadPart(String uploadId, int partNumber, int n) {
    String checksum = upload.partBase64(n);
    UploadPartResponse response =
        s3.uploadPart(
            b ->
                b.bucket(bucket)
                    .key(s3Key)
                    .uploadId(uploadId)
                    .partNumber(partNumber)
                    .contentLength((long) n)
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                    .checksumSHA256(checksum),
            RequestBody.fromInputStream(new ByteArrayInputStream(upload.buffer(), 0, n), n));
    return CompletedPart.builder()
        .partNumber(partNumber)
        .eTag(response.eTag())
        .checksumSHA256(checksum)
        .build();
  }

  private void abort(String uploadId) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(s3Key).uploadId(uploadId));
    } catch (SdkException e) {
      // The upload stays pending; a bucket lifecycle rule for incomplete uploads must remove it.
    }
  }
}
