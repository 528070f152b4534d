package org.enclave.infra.aws.sts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * How an OIDC subject appears in AWS: as the session's {@code SourceIdentity}, its {@code
 * RoleSessionName} and its {@code enclave:subject} tag, so that CloudTrail and IAM conditions name
 * the person. One value serves all three, so it fits the narrowest of their rules: 2–64 of {@code
 * A-Z a-z 0-9 _ + = . @ -} (STS also allows {@code ,} in the first two but tags do not).
 *
 * <p>A subject that fits (Keycloak's UUIDs, most e-mail addresses) is used as it is. Any other
 * subject — too short, too long, other characters — is replaced by {@code sha256.} and the first 48
 * hex digits (192 bits) of the SHA-256 of its UTF-8 bytes: deterministic, so the same user is the
 * same identity in every session. A subject that fits but begins with {@code sha256.} is hashed
 * too, so that no subject can pass for another's hash.
 */
public final class SessionIdentity {
  static final String HASHED = "sha256.";
  private static final Pattern FITS = Pattern.compile("[A-Za-z0-9_+=.@-]{2,64}");

  private SessionIdentity() {}

  /** The identity of {@code subject} in AWS. */
  public static String of(String subject) {
    if (FITS.matcher(subject).matches() && !subject.startsWith(HASHED)) {
      return subject;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
      return HASHED + HexFormat.of().formatHex(digest, 0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
