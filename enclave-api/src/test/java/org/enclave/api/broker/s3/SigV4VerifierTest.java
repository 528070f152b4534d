package org.enclave.api.broker.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4 verification against the examples of the S3 documentation and against requests signed by
 * the AWS SDK for Java v2's own signer.
 */
class SigV4VerifierTest {
  private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final Instant DOC_TIME = Instant.parse("2013-05-24T00:00:00Z");
  private static final SigV4Verifier.Secrets SECRETS =
      id -> id.equals(KEY) ? Optional.of(SECRET) : Optional.empty();

  private static SigV4Verifier at(Instant now) {
    return new SigV4Verifier("us-east-1", Clock.fixed(now, ZoneOffset.UTC));
  }

  // The "GET Object" example of the S3 SigV4 documentation (header auth, with a Range header).
  private static SignedRequest docGetObject(String signature) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("Host", List.of("examplebucket.s3.amazonaws.com"));
    h.put("Range", List.of("bytes=0-9"));
    h.put("x-amz-content-sha256", List.of(SigV4Verifier.EMPTY_SHA256));
    h.put("x-amz-date", List.of("20130524T000000Z"));
    h.put(
        "Authorization",
        List.of(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature="
                + signature));
    return new SignedRequest("GET", "/test.txt", null, h);
  }

  @Test
  void acceptsTheDocumentedGetObjectExample() {
    var ok =
        at(DOC_TIME)
            .verify(
                docGetObject("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
                SECRETS);
    assertThat(ok.accessKeyId()).isEqualTo(KEY);
    assertThat(ok.presigned()).isFalse();
  }

  @Test
  void acceptsTheDocumentedPresignedUrl() {
    String query =
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
    SignedRequest r =
        new SignedRequest(
            "GET", "/test.txt", query, Map.of("Host", List.of("examplebucket.s3.amazonaws.com")));
    assertThat(at(DOC_TIME.plusSeconds(3600)).verify(r, SECRETS).presigned()).isTrue();
    assertThatThrownBy(() -> at(DOC_TIME.plusSeconds(86401)).verify(r, SECRETS))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.error()).isEqualTo(S3Error.ACCESS_DENIED);
              assertThat(e.getMessage()).isEqualTo("Request has expired");
            });
  }

  @Test
  void rejectsATamperedSignature() {
    assertError(
        () ->
            at(DOC_TIME)
                .verify(
                    docGetObject(
                        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb40"),
                    SECRETS),
        S3Error.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void rejectsTheRightSignatureUnderAnotherSecret() {
    assertError(
        () ->
            at(DOC_TIME)
                .verify(
                    docGetObject(
                        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
                    id -> Optional.of("another-secret")),
        S3Error.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void rejectsAnUnknownAccessKey() {
    assertError(
        () ->
            at(DOC_TIME)
                .verify(
                    docGetObject(
                        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
                    id -> Optional.empty()),
        S3Error.INVALID_ACCESS_KEY_ID);
  }

  @Test
  void rejectsARequestMoreThanFifteenMinutesOff() {
    String sig = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
    at(DOC_TIME.plus(Duration.ofMinutes(15))).verify(docGetObject(sig), SECRETS);
    assertError(
        () -> at(DOC_TIME.plus(Duration.ofMinutes(16))).verify(docGetObject(sig), SECRETS),
        S3Error.REQUEST_TIME_TOO_SKEWED);
    assertError(
        () -> at(DOC_TIME.minus(Duration.ofMinutes(16))).verify(docGetObject(sig), SECRETS),
        S3Error.REQUEST_TIME_TOO_SKEWED);
  }

  @Test
  void rejectsAnotherRegionOrService() {
    var wrongRegion = new SigV4Verifier("eu-west-1", Clock.fixed(DOC_TIME, ZoneOffset.UTC));
    assertError(
        () ->
            wrongRegion.verify(
                docGetObject("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
                SECRETS),
        S3Error.AUTHORIZATION_HEADER_MALFORMED);
  }

  @Test
  void rejectsUnsignedRequestsAndOtherSchemes() {
    SignedRequest unsigned =
        new SignedRequest("GET", "/b/k", null, Map.of("Host", List.of("127.0.0.1:9000")));
    assertError(() -> at(DOC_TIME).verify(unsigned, SECRETS), S3Error.ACCESS_DENIED);
    SignedRequest v2 =
        new SignedRequest(
            "GET",
            "/b/k",
            null,
            Map.of("Host", List.of("h"), "Authorization", List.of("AWS AKID:c2lnbmF0dXJl")));
    assertError(() -> at(DOC_TIME).verify(v2, SECRETS), S3Error.INVALID_REQUEST);
  }

  @Test
  void rejectsMalformedAuthorizationHeaders() {
    for (String bad :
        List.of(
            "AWS4-HMAC-SHA256 ",
            "AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request",
            "AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3,SignedHeaders=host,Signature=00",
            "AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=x-amz-date;host,Signature=00",
            "AWS4-HMAC-SHA256 Foo=bar")) {
      Map<String, List<String>> h = new LinkedHashMap<>();
      h.put("Host", List.of("h"));
      h.put("x-amz-date", List.of("20130524T000000Z"));
      h.put("x-amz-content-sha256", List.of(SigV4Verifier.EMPTY_SHA256));
      h.put("Authorization", List.of(bad));
      assertThatThrownBy(
              () -> at(DOC_TIME).verify(new SignedRequest("GET", "/b/k", null, h), SECRETS))
          .as(bad)
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.error().status()).isBetween(400, 403));
    }
  }

  @Test
  void rejectsBadDates() {
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("Host", List.of("examplebucket.s3.amazonaws.com"));
    h.put("x-amz-content-sha256", List.of(SigV4Verifier.EMPTY_SHA256));
    h.put("x-amz-date", List.of("2013-05-24T00:00:00Z"));
    h.put(
        "Authorization",
        List.of(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=00"));
    assertError(
        () -> at(DOC_TIME).verify(new SignedRequest("GET", "/t", null, h), SECRETS),
        S3Error.ACCESS_DENIED);
    h.put("x-amz-date", List.of("20130525T000000Z"));
    assertError(
        () -> at(DOC_TIME).verify(new SignedRequest("GET", "/t", null, h), SECRETS),
        S3Error.AUTHORIZATION_HEADER_MALFORMED);
  }

  @Test
  void rejectsPresignedUrlsValidForMoreThanAWeek() {
    String query =
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=604801&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=00";
    SignedRequest r = new SignedRequest("GET", "/test.txt", query, Map.of("Host", List.of("h")));
    assertError(
        () -> at(DOC_TIME).verify(r, SECRETS), S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
  }

  @Test
  void rejectsUnsignedAmzHeaders() {
    SignedRequest signed = sdkSigned("GET", "/bucket/key", Map.of(), Optional.empty());
    Map<String, List<String>> h = new LinkedHashMap<>(signed.headers());
    h.put("x-amz-meta-sneaky", List.of("1"));
    assertError(
        () -> at(DOC_TIME).verify(new SignedRequest("GET", "/bucket/key", null, h), SECRETS),
        S3Error.ACCESS_DENIED);
  }

  @Test
  void acceptsWhatTheSdkSignerSigns() {
    for (String path :
        List.of(
            "/bucket/key",
            "/bucket/train/posts.jsonl",
            "/bucket/a%20b/%C3%A9t%C3%A9%2Bplus%3Dequals%40at%2Ccomma%28p%29.txt",
            "/bucket/tilde~dash-under_score.dot",
            "/")) {
      for (Map<String, String> query :
          List.of(
              Map.<String, String>of(),
              Map.of("list-type", "2", "prefix", "a b/", "delimiter", "/"),
              Map.of("continuation-token", "a+b/c==", "max-keys", "2"))) {
        SignedRequest header = sdkSigned("GET", path, query, Optional.empty());
        assertThat(at(DOC_TIME).verify(header, SECRETS).presigned()).as(path).isFalse();
        SignedRequest presigned = sdkSigned("GET", path, query, Optional.of(Duration.ofHours(1)));
        assertThat(at(DOC_TIME).verify(presigned, SECRETS).presigned()).as(path).isTrue();
      }
    }
  }

  @Test
  void rejectsSdkSignedRequestsWithAChangedPathQueryOrHeader() {
    SignedRequest good = sdkSigned("GET", "/bucket/key", Map.of("prefix", "a"), Optional.empty());
    assertError(
        () ->
            at(DOC_TIME)
                .verify(
                    new SignedRequest("GET", "/bucket/key2", good.rawQuery(), good.headers()),
                    SECRETS),
        S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(
        () ->
            at(DOC_TIME)
                .verify(
                    new SignedRequest("GET", "/bucket/key", "prefix=b", good.headers()), SECRETS),
        S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(
        () ->
            at(DOC_TIME)
                .verify(
                    new SignedRequest("HEAD", "/bucket/key", good.rawQuery(), good.headers()),
                    SECRETS),
        S3Error.SIGNATURE_DOES_NOT_MATCH);
    Map<String, List<String>> h = new LinkedHashMap<>(good.headers());
    h.put("host", List.of("127.0.0.1:9001"));
    assertError(
        () ->
            at(DOC_TIME)
                .verify(new SignedRequest("GET", "/bucket/key", good.rawQuery(), h), SECRETS),
        S3Error.SIGNATURE_DOES_NOT_MATCH);
  }

  /** Signs a request with the SDK's SigV4 signer, as the S3 client configures it. */
  static SignedRequest sdkSigned(
      String method, String encodedPath, Map<String, String> query, Optional<Duration> presign) {
    SdkHttpRequest.Builder b =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(method))
            .uri(URI.create("http://127.0.0.1:9000" + encodedPath));
    query.forEach(b::putRawQueryParameter);
    if (presign.isEmpty()) {
      b.putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    }
    SdkHttpRequest unsigned = b.build();
    var signed =
        AwsV4HttpSigner.create()
            .sign(
                r -> {
                  r.identity(AwsCredentialsIdentity.create(KEY, SECRET))
                      .request(unsigned)
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                      .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                      .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                      .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                      .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                      .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(DOC_TIME, ZoneOffset.UTC));
                  presign.ifPresent(
                      d ->
                          r.putProperty(
                                  AwsV4FamilyHttpSigner.AUTH_LOCATION,
                                  AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                              .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, d));
                })
            .request();
    Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
    headers.put("Host", List.of("127.0.0.1:9000"));
    String rawQuery = signed.encodedQueryParameters().orElse(null);
    return new SignedRequest(method, signed.encodedPath(), rawQuery, headers);
  }

  private static void assertError(Runnable r, S3Error expected) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(expected));
  }
}
