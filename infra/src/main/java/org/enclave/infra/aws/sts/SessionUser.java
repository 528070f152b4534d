package org.enclave.infra.aws.sts;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The signed-in user a session acts for: the OIDC subject and, if the user acts within one, the
 * team. The team becomes the session tag {@code enclave:team}, so it must be a valid tag value
 * (1–256 letters, digits, spaces or {@code _.:/=+-@}); the subject may be anything non-empty (see
 * {@link SessionIdentity}).
 */
public record SessionUser(String subject, Optional<String> team) {
  private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+@-]{1,256}");

  public SessionUser {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(team, "team");
    if (subject.isEmpty()) {
      throw new IllegalArgumentException("a session needs the user's subject");
    }
    team.ifPresent(
        t -> {
          if (!TAG_VALUE.matcher(t).matches()) {
            throw new IllegalArgumentException(
                "team "
                    + t
                    + " cannot be a session tag value (1-256 letters, digits, spaces or"
                    + " _.:/=+-@)");
          }
        });
  }

  /** A user acting outside any team. */
  public static SessionUser of(String subject) {
    return new SessionUser(subject, Optional.empty());
  }

  /** A user acting within {@code team}. */
  public static SessionUser of(String subject, String team) {
    return new SessionUser(subject, Optional.of(team));
  }
}
