package org.enclave.api.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.enclave.api.support.Api.as;
import static org.enclave.api.support.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.enclave.api.support.Api;
import org.enclave.api.support.AuditTrail;
import org.enclave.api.support.Tokens;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forged, stale and misdirected credentials never reach a protected endpoint: each is refused with
 * 401, a bearer challenge and a problem document, and the refusal is audited.
 */
@QuarkusTest
class TokenAttackTest {
  private static final String ME = "/api/v1/me";
  private static final String TEAMS = "/api/v1/teams";
  private static final String ORGANIZER = "olga";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** Every attack, by name; {@link #authorization} builds its Authorization header. */
  static Stream<String> attacks() {
    return Stream.of(
        "expired",
        "notYetValid",
        "issuedInTheFuture",
        "wrongIssuer",
        "wrongAudience",
        "algNone",
        "algNoneWithoutKeyId",
        "badSignature",
        "tamperedClaims",
        "unknownKeyId",
        "rogueKeyClaimingTheKnownKeyId",
        "rogueKeyWithoutKeyId",
        "hs256KeyedWithThePublicKeyPem",
        "hs256KeyedWithThePublicJwk",
        "hs256WithAGuessedSecret",
        "hs256WithTheDemoClientSecret",
        "garbage",
        "emptyBearer",
        "missingBearerScheme",
        "basicCredentials",
        "noToken");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void attackIsRejectedOnReadEndpoint(String attack) {
    Response r = request(attack).get(ME);
    assertUnauthenticated(r);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void attackIsRejectedOnWriteEndpointAndCreatesNothing(String attack) {
    String name = Api.unique("attack");
    Response r =
        request(attack)
            .body(Api.team(name, "lena", List.of()))
            .contentType(ContentType.JSON)
            .post(TEAMS);
    assertUnauthenticated(r);
    List<String> names =
        as(ORGANIZER, "organizer").get(TEAMS).then().statusCode(200).extract().path("name");
    assertThat(names).doesNotContain(name);
  }

  @Test
  void everyRejectedTokenIsAuditedAsAnAnonymousDenial() {
    long before = AuditTrail.head();
    Map<String, String> endpointByAttack = new HashMap<>();
    attacks()
        .forEach(
            attack -> {
              String path = TEAMS + "/" + UUID.randomUUID();
              assertUnauthenticated(request(attack).get(path));
              endpointByAttack.put(attack, "GET " + path);
            });
    Map<String, String> reasonByEndpoint = new HashMap<>();
    for (Map<String, Object> e :
        AuditTrail.after(
            before, Map.of("outcome", "DENY", "actor", "anonymous", "action", "http.request"))) {
      assertThat(e.get("resourceType")).isEqualTo("endpoint");
      reasonByEndpoint.put((String) e.get("resourceId"), (String) e.get("reason"));
    }
    endpointByAttack.forEach(
        (attack, endpoint) ->
            assertThat(reasonByEndpoint.get(endpoint))
                .as("audit reason for %s", attack)
                .isEqualTo(attack.equals("noToken") ? "no credentials" : "invalid token"));
  }

  @Test
  void validTokenIsAccepted() {
    as(ORGANIZER, "organizer")
        .get(ME)
        .then()
        .statusCode(200)
        .body("username", equalTo(ORGANIZER))
        .body("roles", equalTo(List.of("organizer")));
    String name = Api.unique("control");
    as(ORGANIZER, "organizer")
        .body(Api.team(name, "lena", List.of()))
        .post(TEAMS)
        .then()
        .statusCode(201)
        .body("name", equalTo(name))
        .body("createdBy", equalTo(ORGANIZER));
  }

  @Test
  void attackTokensCarryTheClaimsTheyClaimToCarry() {
    long now = Instant.now().getEpochSecond();
    assertThat(claims(token("expired")).get("exp").asLong()).isLessThan(now - 3000);
    assertThat(claims(token("notYetValid")).get("nbf").asLong()).isGreaterThan(now + 3000);
    assertThat(claims(token("wrongIssuer")).get("iss").asText()).isNotEqualTo(Tokens.ISSUER);
    assertThat(claims(token("wrongAudience")).get("aud").asText()).isNotEqualTo(Tokens.AUDIENCE);
    assertThat(header(token("algNone")).get("alg").asText()).isEqualTo("none");
    assertThat(header(token("unknownKeyId")).get("kid").asText()).isEqualTo("rogue");
    assertThat(header(token("hs256WithAGuessedSecret")).get("alg").asText()).isEqualTo("HS256");
    String valid = Tokens.of(ORGANIZER, "organizer");
    String flipped = flipSignatureCharacter(valid);
    assertThat(flipped.substring(0, flipped.lastIndexOf('.')))
        .isEqualTo(valid.substring(0, valid.lastIndexOf('.')));
    assertThat(flipped).isNotEqualTo(valid);
  }

  private static void assertUnauthenticated(Response r) {
    assertProblem(r, 401, "unauthenticated").header("WWW-Authenticate", startsWith("Bearer"));
  }

  private static RequestSpecification request(String attack) {
    RequestSpecification spec = given();
    String authorization = authorization(attack);
    return authorization == null ? spec : spec.header("Authorization", authorization);
  }

  private static String authorization(String attack) {
    return switch (attack) {
      case "noToken" -> null;
      case "garbage" -> "Bearer not-a-jwt";
      case "emptyBearer" -> "Bearer ";
      case "missingBearerScheme" -> Tokens.of(ORGANIZER, "organizer");
      case "basicCredentials" ->
          "Basic "
              + Base64.getEncoder().encodeToString("olga:olga".getBytes(StandardCharsets.UTF_8));
      default -> Tokens.bearer(token(attack));
    };
  }

  /** A token for the organizer, made wrong in the way {@code attack} names. */
  static String token(String attack) {
    long now = Instant.now().getEpochSecond();
    List<String> roles = List.of("organizer");
    String valid = Tokens.of(ORGANIZER, "organizer");
    String payload = valid.split("\\.")[1];
    return switch (attack) {
      case "expired" ->
          Tokens.build(ORGANIZER, roles, c -> c.issuedAt(now - 7200).expiresAt(now - 3600));
      case "notYetValid" ->
          Tokens.build(ORGANIZER, roles, c -> c.claim("nbf", now + 3600).expiresAt(now + 7200));
      case "issuedInTheFuture" ->
          Tokens.build(ORGANIZER, roles, c -> c.issuedAt(now + 3600).expiresAt(now + 7200));
      case "wrongIssuer" ->
          Tokens.build(ORGANIZER, roles, c -> c.issuer("https://evil.example.com"));
      case "wrongAudience" -> Tokens.build(ORGANIZER, roles, c -> c.audience("another-api"));
      case "algNone" ->
          segment("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"1\"}") + "." + payload + ".";
      case "algNoneWithoutKeyId" -> segment("{\"alg\":\"none\"}") + "." + payload + ".";
      case "badSignature" -> flipSignatureCharacter(valid);
      case "tamperedClaims" -> {
        // The organizer's claims under a researcher's signature.
        String[] researcher = Tokens.of(ORGANIZER, "researcher").split("\\.");
        yield researcher[0] + "." + payload + "." + researcher[2];
      }
      case "unknownKeyId" -> signedWithRogueKey("rogue");
      case "rogueKeyClaimingTheKnownKeyId" -> signedWithRogueKey("1");
      case "rogueKeyWithoutKeyId" -> signedWithRogueKey(null);
      case "hs256KeyedWithThePublicKeyPem" -> hs256(payload, publicKeyPem());
      case "hs256KeyedWithThePublicJwk" -> hs256(payload, resource("publicKey.jwk"));
      case "hs256WithAGuessedSecret" -> hs256(payload, "secret".getBytes(StandardCharsets.UTF_8));
      case "hs256WithTheDemoClientSecret" ->
          hs256(payload, "enclave-web-local-secret".getBytes(StandardCharsets.UTF_8));
      default -> throw new IllegalArgumentException("no token for attack " + attack);
    };
  }

  private static String flipSignatureCharacter(String token) {
    int dot = token.lastIndexOf('.');
    // A character in the middle: the last one may only carry padding bits.
    int at = dot + 1 + (token.length() - dot - 1) / 2;
    char replacement = token.charAt(at) == 'A' ? 'B' : 'A';
    return token.substring(0, at) + replacement + token.substring(at + 1);
  }

  private static String signedWithRogueKey(String keyId) {
    KeyPair rogue = rsaKeyPair();
    var claims =
        io.smallrye.jwt.build.Jwt.issuer(Tokens.ISSUER)
            .audience(Tokens.AUDIENCE)
            .subject("sub-" + ORGANIZER)
            .preferredUserName(ORGANIZER)
            .claim("realm_access", Map.of("roles", List.of("organizer", "admin")))
            .issuedAt(Instant.now().getEpochSecond())
            .expiresIn(300)
            .jws();
    return keyId == null
        ? claims.sign(rogue.getPrivate())
        : claims.keyId(keyId).sign(rogue.getPrivate());
  }

  private static String hs256(String payload, byte[] key) {
    String signingInput =
        segment("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"1\"}") + "." + payload;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return signingInput
          + "."
          + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] publicKeyPem() {
    try {
      PublicKey key =
          (PublicKey)
              JsonWebKey.Factory.newJwk(
                      new String(resource("publicKey.jwk"), StandardCharsets.UTF_8))
                  .getKey();
      String pem =
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(key.getEncoded())
              + "\n-----END PUBLIC KEY-----\n";
      return pem.getBytes(StandardCharsets.US_ASCII);
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the test class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String segment(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode claims(String token) {
    return decode(token.split("\\.")[1]);
  }

  private static JsonNode header(String token) {
    return decode(token.split("\\.")[0]);
  }

  private static JsonNode decode(String segment) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(segment));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
