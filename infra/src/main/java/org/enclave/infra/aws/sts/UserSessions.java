package org.enclave.infra.aws.sts;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * AWS sessions on behalf of signed-in users. Where the control plane calls AWS for a user, it
 * assumes one configured role with {@code AssumeRole}, carrying the user's identity so that
 * CloudTrail names the person and IAM conditions can test them:
 *
 * <ul>
 *   <li>{@code SourceIdentity} and {@code RoleSessionName}: the user's {@link SessionIdentity},
 *       which is the OIDC subject where STS's rules allow, a deterministic hash otherwise;
 *   <li>session tags {@code enclave:subject} (the same value) and {@code enclave:team} (when the
 *       user acts within a team), both transitive, so that they survive role chaining;
 *   <li>{@code DurationSeconds}: the configured session length, 900–43200 seconds. The role's
 *       maximum session duration must allow it, and STS caps it at one hour when the control plane
 *       itself holds role credentials (an instance profile), because that is role chaining.
 * </ul>
 *
 * <p>{@link #credentialsFor} returns one provider per user, which keeps its session until five
 * minutes before expiry and then assumes the role again. A provider whose session has expired is
 * dropped from the cache. The control plane's own policy needs {@code sts:AssumeRole}, {@code
 * sts:SetSourceIdentity} and {@code sts:TagSession} on the role, and so does the role's trust
 * policy.
 */
public final class UserSessions {
  /** The session tag naming the user ({@link SessionIdentity}). */
  public static final String SUBJECT_TAG = "enclave:subject";

  /** The session tag naming the user's team. */
  public static final String TEAM_TAG = "enclave:team";

  static final Duration MIN_DURATION = Duration.ofSeconds(900);
  static final Duration MAX_DURATION = Duration.ofSeconds(43_200);
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/.+");

  private final StsClient sts;
  private final String roleArn;
  private final Duration duration;
  private final Clock clock;
  private final Map<SessionUser, UserCredentials> sessions = new ConcurrentHashMap<>();

  /**
   * @param sts the client, built with the region, credentials and endpoint to use
   * @param roleArn the role assumed on users' behalf
   * @param duration how long each session lasts, 15 minutes to 12 hours
   */
  public UserSessions(StsClient sts, String roleArn, Duration duration) {
    this(sts, roleArn, duration, Clock.systemUTC());
  }

  UserSessions(StsClient sts, String roleArn, Duration duration, Clock clock) {
    this.sts = Objects.requireNonNull(sts, "sts");
    if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
      throw new IllegalArgumentException(
          "the user session role must be an IAM role ARN (arn:aws:iam::<account>:role/<name>),"
              + " not "
              + roleArn);
    }
    if (duration.getNano() != 0
        || duration.compareTo(MIN_DURATION) < 0
        || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "the user session duration must be whole seconds from 900 (15 minutes) to 43200 (12"
              + " hours), not "
              + duration);
    }
    this.roleArn = roleArn;
    this.duration = duration;
    this.clock = clock;
  }

  /** Credentials of a session acting for {@code user}, the same provider while it lasts. */
  public AwsCredentialsProvider credentialsFor(SessionUser user) {
    Objects.requireNonNull(user, "user");
    sessions.values().removeIf(UserCredentials::expired);
    return sessions.computeIfAbsent(
        user, u -> new UserCredentials(() -> assumeRole(u), clock, duration));
  }

  /** Who the control plane is in AWS, for a startup check that its credentials work. */
  public CallerIdentity callerIdentity() {
    GetCallerIdentityResponse response;
    try {
      response = sts.getCallerIdentity();
    } catch (SdkException e) {
      throw StsFailures.of(e, "GetCallerIdentity", null);
    }
    return new CallerIdentity(response.account(), response.arn(), response.userId());
  }

  private AwsSessionCredentials assumeRole(SessionUser user) {
    String identity = SessionIdentity.of(user.subject());
    List<Tag> tags = new ArrayList<>();
    tags.add(Tag.builder().key(SUBJECT_TAG).value(identity).build());
    user.team().ifPresent(team -> tags.add(Tag.builder().key(TEAM_TAG).value(team).build()));
    AssumeRoleResponse response;
    try {
      response =
          sts.assumeRole(
              b ->
                  b.roleArn(roleArn)
                      .roleSessionName(identity)
                      .sourceIdentity(identity)
                      .durationSeconds((int) duration.toSeconds())
                      .tags(tags)
                      .transitiveTagKeys(tags.stream().map(Tag::key).toList()));
    } catch (SdkException e) {
      throw StsFailures.of(e, "AssumeRole", roleArn);
    }
    Credentials c = response.credentials();
    if (c == null || c.expiration() == null) {
      throw new UserSessionException(
          "STS answered AssumeRole of role " + roleArn + " without credentials", null);
    }
    return AwsSessionCredentials.builder()
        .accessKeyId(c.accessKeyId())
        .secretAccessKey(c.secretAccessKey())
        .sessionToken(c.sessionToken())
        .expirationTime(c.expiration())
        .build();
  }
}
