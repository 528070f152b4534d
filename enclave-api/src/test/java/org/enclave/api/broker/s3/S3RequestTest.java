package org.enclave.api.broker.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3RequestTest {

  private static S3Request of(String method, String rawPath, String rawQuery) {
    String[] t = S3Request.target(rawPath);
    return S3Request.of(method, t[0], t[1], AwsEncoding.parseQuery(rawQuery));
  }

  private static S3Error errorOf(String method, String rawPath, String rawQuery) {
    try {
      of(method, rawPath, rawQuery);
    } catch (S3Exception e) {
      return e.error();
    }
    throw new AssertionError("accepted " + method + " " + rawPath + "?" + rawQuery);
  }

  @Test
  void classifiesTheReadOperations() {
    assertThat(of("GET", "/", null).operation()).isEqualTo(S3Operation.LIST_BUCKETS);
    assertThat(of("GET", "/ds.v1", "list-type=2&prefix=a%2F&delimiter=%2F").operation())
        .isEqualTo(S3Operation.LIST_OBJECTS_V2);
    assertThat(of("GET", "/ds.v1/", "prefix=a").operation()).isEqualTo(S3Operation.LIST_OBJECTS_V1);
    assertThat(of("GET", "/ds.v1", "location").operation())
        .isEqualTo(S3Operation.GET_BUCKET_LOCATION);
    assertThat(of("HEAD", "/ds.v1", null).operation()).isEqualTo(S3Operation.HEAD_BUCKET);
    S3Request get = of("GET", "/ds.v1/train/a%20b.jsonl", "x-id=GetObject");
    assertThat(get.operation()).isEqualTo(S3Operation.GET_OBJECT);
    assertThat(get.bucket()).isEqualTo("ds.v1");
    assertThat(get.key()).isEqualTo("train/a b.jsonl");
    assertThat(of("HEAD", "/ds.v1/k", null).operation()).isEqualTo(S3Operation.HEAD_OBJECT);
  }

  @ParameterizedTest
  @CsvSource({
    "PUT, /ds.v1/k, , AccessDenied",
    "POST, /ds.v1/k, uploads, AccessDenied",
    "POST, /ds.v1, delete, AccessDenied",
    "DELETE, /ds.v1/k, , AccessDenied",
    "PUT, /ds.v1, , AccessDenied",
    "PUT, /ds.v1/k, acl, AccessDenied",
    "PATCH, /ds.v1/k, , MethodNotAllowed",
    "OPTIONS, /ds.v1/k, , MethodNotAllowed",
    "GET, /ds.v1, acl, NotImplemented",
    "GET, /ds.v1/k, acl, NotImplemented",
    "GET, /ds.v1/k, tagging, NotImplemented",
    "GET, /ds.v1, versions, NotImplemented",
    "GET, /ds.v1, uploads, NotImplemented",
    "GET, /ds.v1, policy, NotImplemented",
    "GET, /ds.v1/k, partNumber=1, NotImplemented",
    "GET, /ds.v1/k, versionId=3, NotImplemented",
    "GET, /ds.v1/k, torrent, NotImplemented",
    "GET, /ds.v1, list-type=3, InvalidArgument",
    "GET, /, acl, NotImplemented",
    "HEAD, /, , MethodNotAllowed",
    "GET, /a, , InvalidBucketName",
    "GET, /bad!bucket, , InvalidBucketName"
  })
  void refusesEverythingElse(String method, String path, String query, String code) {
    assertThat(errorOf(method, path, query).code()).isEqualTo(code);
  }

  @Test
  void refusesUndecodablePaths() {
    assertThatThrownBy(() -> S3Request.target("/b/%zz"))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_URI));
    assertThatThrownBy(() -> S3Request.target("/b/%C3%28"))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_URI));
  }

  @Test
  void refusesOverlongKeys() {
    String key = "k".repeat(1025);
    assertThat(errorOf("GET", "/ds.v1/" + key, null)).isEqualTo(S3Error.KEY_TOO_LONG);
    assertThat(of("GET", "/ds.v1/" + "k".repeat(1024), null).key()).hasSize(1024);
  }

  @Test
  void keepsTraversalSegmentsAsTheyAreForTheCatalogToRefuse() {
    S3Request r = of("GET", "/ds.v1/train/..%2F..%2Fetc/passwd", null);
    assertThat(r.key()).isEqualTo("train/../../etc/passwd");
    assertThat(r.resource()).isEqualTo("/ds.v1/train/../../etc/passwd");
  }

  @Test
  void decodesQueryParameters() {
    assertThat(AwsEncoding.parseQuery("a=1&b&c=x%2By+z"))
        .containsExactly(Map.entry("a", "1"), Map.entry("b", ""), Map.entry("c", "x+y+z"));
    assertThat(AwsEncoding.encode("a b+c/é~", false)).isEqualTo("a%20b%2Bc%2F%C3%A9~");
    assertThat(AwsEncoding.encode("a b/c", true)).isEqualTo("a%20b/c");
    assertThat(List.of()).isEmpty();
  }
}
