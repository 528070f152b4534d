package org.enclave.workspace.runtime.client.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class SigV4SignerTest {
  // The examples of the S3 documentation ("Signature Calculations for the Authorization Header").
  private static final SigV4Signer.Credentials S3_DOC =
      new SigV4Signer.Credentials(
          "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);
  private static final Instant S3_DOC_TIME = Instant.parse("2013-05-24T00:00:00Z");

  // The AWS SigV4 test suite (aws-sig-v4-test-suite).
  private static final SigV4Signer.Credentials SUITE =
      new SigV4Signer.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
  private static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");

  private static String signature(Map<String, String> headers) {
    String auth = headers.get("Authorization");
    return auth.substring(auth.indexOf("Signature=") + "Signature=".length());
  }

  @Test
  void matchesTheS3DocumentationGetObjectWithRange() {
    Map<String, String> h =
        new SigV4Signer(S3_DOC, "us-east-1", "s3")
            .sign(
                "GET",
                URI.create("https://examplebucket.s3.amazonaws.com/test.txt"),
                Map.of("Range", "bytes=0-9"),
                SigV4Signer.EMPTY_PAYLOAD_SHA256,
                S3_DOC_TIME);
    assertThat(h.get("Authorization"))
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    assertThat(h).containsEntry("x-amz-date", "20130524T000000Z");
  }

  @Test
  void matchesTheS3DocumentationListObjects() {
    Map<String, String> h =
        new SigV4Signer(S3_DOC, "us-east-1", "s3")
            .sign(
                "GET",
                URI.create("https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J"),
                Map.of(),
                SigV4Signer.EMPTY_PAYLOAD_SHA256,
                S3_DOC_TIME);
    assertThat(signature(h))
        .isEqualTo("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  }

  @Test
  void matchesTheS3DocumentationSubresourceWithoutValue() {
    Map<String, String> h =
        new SigV4Signer(S3_DOC, "us-east-1", "s3")
            .sign(
                "GET",
                URI.create("https://examplebucket.s3.amazonaws.com/?lifecycle"),
                Map.of(),
                SigV4Signer.EMPTY_PAYLOAD_SHA256,
                S3_DOC_TIME);
    assertThat(signature(h))
        .isEqualTo("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
  }

  @Test
  void matchesTheTestSuiteQueryOrderKeyCase() {
    Map<String, String> h =
        new SigV4Signer(SUITE, "us-east-1", "service")
            .sign(
                "GET",
                URI.create("https://example.amazonaws.com/?Param2=value2&Param1=value1"),
                Map.of(),
                SigV4Signer.EMPTY_PAYLOAD_SHA256,
                SUITE_TIME);
    assertThat(h.get("Authorization"))
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                + "SignedHeaders=host;x-amz-date,"
                + "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    assertThat(h).doesNotContainKey("x-amz-content-sha256");
  }

  @Test
  void canonicalizesPathsSegmentBySegmentWithoutNormalizing() {
    assertThat(SigV4Signer.canonicalPath("")).isEqualTo("/");
    assertThat(SigV4Signer.canonicalPath("/b/a%20b/./../c")).isEqualTo("/b/a%20b/./../c");
    assertThat(SigV4Signer.canonicalPath("/b/%7Ex%2a")).isEqualTo("/b/~x%2A");
    assertThat(SigV4Signer.canonicalPath("/b//k")).isEqualTo("/b//k");
  }

  @Test
  void canonicalizesQueriesSortedAndReencoded() {
    assertThat(SigV4Signer.canonicalQuery("b=2&a=1&a=0&c")).isEqualTo("a=0&a=1&b=2&c=");
    assertThat(SigV4Signer.canonicalQuery("prefix=a+b%2Fc")).isEqualTo("prefix=a%2Bb%2Fc");
  }

  @Test
  void refusesUndecodableEscapes() {
    assertThatThrownBy(() -> SigV4Signer.canonicalPath("/b/%zz"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SigV4Signer.canonicalQuery("a=%C3"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signsTheSessionTokenWhenThereIsOne() {
    Map<String, String> h =
        new SigV4Signer(new SigV4Signer.Credentials("AK", "SK", "TOKEN"), "eu-west-1", "s3")
            .sign(
                "GET",
                URI.create("http://127.0.0.1:9000/b"),
                Map.of(),
                SigV4Signer.UNSIGNED_PAYLOAD,
                SUITE_TIME);
    assertThat(h).containsEntry("x-amz-security-token", "TOKEN");
    assertThat(h.get("Authorization"))
        .contains("/eu-west-1/s3/aws4_request")
        .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,");
  }

  @Test
  void hostHeaderHasThePortOnlyWhenNotTheDefault() {
    assertThat(SigV4Signer.hostHeader(URI.create("http://127.0.0.1:9000/")))
        .isEqualTo("127.0.0.1:9000");
    assertThat(SigV4Signer.hostHeader(URI.create("http://h:80/"))).isEqualTo("h");
    assertThat(SigV4Signer.hostHeader(URI.create("https://h/"))).isEqualTo("h");
  }

  /** Keys and parameters of every awkward kind, signed by us and by the AWS SDK for Java. */
  @Test
  void agreesWithTheAwsSdkSigner() {
    Random random = new Random(42);
    String[] pieces = {
      "train",
      "posts.jsonl",
      "a b",
      "ü",
      "日本",
      "x+y",
      "a=b",
      "~tilde",
      "*",
      "(1)",
      "'q'",
      "%",
      "..",
      ".",
      "",
      "&",
      "#",
      "?",
      "emoji\uD83D\uDE00",
      "semi;colon",
      "comma,",
      "@at",
      "$"
    };
    S3ReadClient client =
        new S3ReadClient(
            URI.create("http://127.0.0.1:9000"),
            new SigV4Signer(SUITE, "us-east-1", "s3"),
            null,
            Clock.fixed(SUITE_TIME, ZoneOffset.UTC));
    SigV4Signer ours = new SigV4Signer(SUITE, "us-east-1", "s3");
    for (int i = 0; i < 300; i++) {
      String key = pieces[random.nextInt(pieces.length)];
      for (int n = random.nextInt(4); n > 0; n--) {
        key += "/" + pieces[random.nextInt(pieces.length)];
      }
      if (key.isEmpty()) {
        key = "k";
      }
      Map<String, String> query = new LinkedHashMap<>();
      if (random.nextBoolean()) {
        query.put("list-type", "2");
        query.put("prefix", pieces[random.nextInt(pieces.length)] + "/");
        query.put("delimiter", "/");
        if (random.nextBoolean()) {
          query.put("continuation-token", "tok+/=" + pieces[random.nextInt(pieces.length)]);
        }
      }
      Map<String, String> headers =
          random.nextBoolean() ? Map.of("Range", "bytes=" + i + "-" + (i * 7 + 3)) : Map.of();
      URI uri = client.uri("clpsych-synthetic.v1", query.isEmpty() ? key : null, query);

      Map<String, String> mine =
          ours.sign("GET", uri, headers, SigV4Signer.UNSIGNED_PAYLOAD, SUITE_TIME);
      // The SDK separates the parts with ", ", we with ","; both are valid.
      assertThat(mine.get("Authorization"))
          .as("request %s %s", uri, headers)
          .isEqualTo(sdkAuthorization(uri, headers).replace(", ", ","));
    }
  }

  private static String sdkAuthorization(URI uri, Map<String, String> headers) {
    SdkHttpRequest.Builder b =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath()));
    if (uri.getRawQuery() != null) {
      for (String part : uri.getRawQuery().split("&")) {
        int eq = part.indexOf('=');
        b.putRawQueryParameter(
            UriEncoding.decode(part.substring(0, eq)), UriEncoding.decode(part.substring(eq + 1)));
      }
    }
    headers.forEach(b::putHeader);
    b.putHeader("x-amz-content-sha256", SigV4Signer.UNSIGNED_PAYLOAD);
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(
                            AwsCredentialsIdentity.create(
                                SUITE.accessKeyId(), SUITE.secretAccessKey()))
                        .request(b.build())
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(
                            HttpSigner.SIGNING_CLOCK, Clock.fixed(SUITE_TIME, ZoneOffset.UTC)))
            .request();
    List<String> auth = new ArrayList<>(signed.headers().get("Authorization"));
    return auth.get(0);
  }
}
