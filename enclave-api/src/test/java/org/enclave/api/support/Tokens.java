package org.enclave.api.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Access tokens as the identity provider would issue them, signed with the test OIDC key. */
public final class Tokens {
  public static final String ISSUER = "https://server.example.com";
  public static final String AUDIENCE = "enclave-api";

  private Tokens() {}

  /** A valid token for {@code username} with the given realm roles. */
  public static String of(String username, String... roles) {
    return build(username, List.of(roles), UnaryOperator.identity());
  }

  /** A token for {@code username} whose claims {@code customize} changes before signing. */
  public static String build(
      String username, List<String> roles, UnaryOperator<JwtClaimsBuilder> customize) {
    JwtClaimsBuilder claims =
        Jwt.issuer(ISSUER)
            .audience(AUDIENCE)
            .subject("sub-" + username)
            .preferredUserName(username)
            .claim("name", username.substring(0, 1).toUpperCase() + username.substring(1))
            .claim("realm_access", Map.of("roles", roles))
            .issuedAt(System.currentTimeMillis() / 1000)
            .expiresIn(300);
    return customize.apply(claims).jws().keyId("1").sign("privateKey.jwk");
  }

  public static String bearer(String token) {
    return "Bearer " + token;
  }

  public static List<String> roles(String... roles) {
    return Arrays.asList(roles);
  }
}
