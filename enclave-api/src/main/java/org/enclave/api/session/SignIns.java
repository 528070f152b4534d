package org.enclave.api.session;

import io.quarkus.security.identity.SecurityIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Names one sign-in of a browser: the identity provider's session id ({@code sid} claim of the ID
 * token) when it has one, which survives token refreshes; otherwise a digest of the ID token.
 */
final class SignIns {
  private SignIns() {}

  static String keyOf(SecurityIdentity identity) {
    if (identity.getPrincipal() instanceof JsonWebToken jwt) {
      Object sid = jwt.getClaim("sid");
      String sidText = sid == null ? "" : sid.toString().replace("\"", "");
      if (!sidText.isBlank()) {
        return "sid:" + jwt.getIssuer() + ":" + sidText;
      }
      if (jwt.getRawToken() != null) {
        return "token:" + sha256(jwt.getRawToken());
      }
    }
    return "user:" + identity.getPrincipal().getName();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
