package org.enclave.api.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.enclave.audit.log.CheckpointAnchor;
import org.enclave.infra.aws.kms.EnvelopeKey;
import org.enclave.infra.aws.kms.KmsKeyService;
import org.enclave.infra.aws.s3.S3CheckpointAnchor;
import org.enclave.infra.aws.s3.S3ObjectStore;
import org.enclave.infra.keys.KeyService;
import org.enclave.infra.storage.ObjectKeys;
import org.enclave.infra.storage.ObjectStore;
import org.enclave.infra.storage.PrefixRoutedObjectStore;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the AWS adapters that configuration chooses (docs/aws.md). Clients are the SDK's
 * synchronous ones over the Apache HTTP client, with the SDK's own credential chain and endpoint
 * resolution, so {@code AWS_ENDPOINT_URL(_<SERVICE>)} and profiles apply unchanged.
 */
final class AwsAdapters {
  private AwsAdapters() {}

  static Region region(AwsSettings s) {
    return Region.of(s.required("enclave.aws.region"));
  }

  static S3Client s3(AwsSettings s) {
    return S3Client.builder()
        .region(region(s))
        .forcePathStyle(s.flag("enclave.aws.s3.path-style"))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  static KmsClient kms(AwsSettings s) {
    return KmsClient.builder()
        .region(region(s))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  /**
   * The S3 store: the datasets bucket, and when {@code enclave.aws.s3.restricted-bucket} is set,
   * that bucket for every key under {@code restricted/} (gold labels, scoring programs,
   * submissions), so that what must never reach a workspace sits behind a bucket policy and data
   * events of its own.
   */
  static ObjectStore objectStore(AwsSettings s) {
    S3Client s3 = s3(s);
    String prefix = s.optional("enclave.aws.s3.prefix").orElse("");
    String kmsKey = s.required("enclave.aws.s3.kms-key");
    ObjectStore datasets =
        new S3ObjectStore(s3, s.required("enclave.aws.s3.bucket"), prefix, kmsKey);
    Optional<String> restricted = s.optional("enclave.aws.s3.restricted-bucket");
    if (restricted.isEmpty()) {
      return datasets;
    }
    return new PrefixRoutedObjectStore(
        datasets,
        Map.of(
            ObjectKeys.RESTRICTED_PREFIX, new S3ObjectStore(s3, restricted.get(), prefix, kmsKey)));
  }

  static CheckpointAnchor anchor(AwsSettings s) {
    return new S3CheckpointAnchor(
        s3(s),
        s.required("enclave.aws.audit-anchor.bucket"),
        s.optional("enclave.aws.audit-anchor.prefix").orElse(""),
        s.required("enclave.aws.audit-anchor.kms-key"),
        s.duration("enclave.aws.audit-anchor.retention").orElse(null));
  }

  /** The KMS key service for the control plane's key names, each a signing or envelope key. */
  static KeyService keys(AwsSettings s, Collection<String> names) {
    Map<String, String> signing = new LinkedHashMap<>();
    Map<String, EnvelopeKey> envelope = new LinkedHashMap<>();
    for (String name : names) {
      Optional<String> key = s.optional("enclave.aws.kms.signing-keys." + name);
      if (key.isPresent()) {
        signing.put(name, key.get());
      } else {
        envelope.put(
            name,
            EnvelopeKey.inFile(
                s.required("enclave.aws.kms.envelope-keys." + name + ".key"),
                s.path("enclave.aws.kms.envelope-keys." + name + ".ciphertext-file")));
      }
    }
    return new KmsKeyService(kms(s), signing, envelope);
  }
}
