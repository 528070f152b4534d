package org.enclave.infra.aws.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.enclave.infra.aws.AwsStubHttpClient;
import org.enclave.infra.aws.AwsStubHttpClient.Request;
import org.enclave.infra.aws.AwsStubHttpClient.Response;
import org.enclave.infra.aws.IamPolicyCoverage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

@ExtendWith(IamPolicyCoverage.class)
class StsUserSessionsTest {
  private static final String ROLE = "arn:aws:iam::111122223333:role/enclave-user-session";
  private static final String SUBJECT = "5b0a2c1e-8d3f-4e6a-9b7c-0d1e2f3a4b5c";

  private final MutableClock clock = new MutableClock(Instant.parse("2027-03-01T09:00:00Z"));
  private final AtomicInteger issued = new AtomicInteger();
  private final AwsStubHttpClient http = new AwsStubHttpClient().answerWith(this::sts);
  private final StsClient client =
      StsClient.builder()
          .httpClient(http)
          .region(Region.EU_WEST_2)
          .credentialsProvider(AwsStubHttpClient.credentials())
          .build();

  /** STS's Query API as the wire shows it, sessions expiring by the test's clock. */
  private Response sts(Request request) {
    Map<String, String> form = request.form();
    String ns = "https://sts.amazonaws.com/doc/2011-06-15/";
    return switch (form.get("Action")) {
      case "AssumeRole" -> {
        int n = issued.incrementAndGet();
        Instant expiry = clock.instant().plusSeconds(Long.parseLong(form.get("DurationSeconds")));
        yield Response.xml(
            200,
            "<AssumeRoleResponse xmlns=\""
                + ns
                + "\"><AssumeRoleResult><SourceIdentity>"
                + form.get("SourceIdentity")
                + "</SourceIdentity><AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/"
                + "enclave-user-session/"
                + form.get("RoleSessionName")
                + "</Arn><AssumedRoleId>AROA3XFRBF535EXAMPLE:"
                + form.get("RoleSessionName")
                + "</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>ASIAUSERSESSION0000"
                + n
                + "</AccessKeyId><SecretAccessKey>secret-"
                + n
                + "</SecretAccessKey><SessionToken>token-"
                + n
                + "</SessionToken><Expiration>"
                + expiry
                + "</Expiration></Credentials><PackedPolicySize>11</PackedPolicySize>"
                + "</AssumeRoleResult><ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-"
                + "cbc7ccf896c7</RequestId></ResponseMetadata></AssumeRoleResponse>");
      }
      case "GetCallerIdentity" ->
          Response.xml(
              200,
              "<GetCallerIdentityResponse xmlns=\""
                  + ns
                  + "\"><GetCallerIdentityResult><Arn>arn:aws:sts::111122223333:assumed-role/"
                  + "enclave-control-plane/i-0abc</Arn><UserId>AROA3XFRBF535CONTROL:i-0abc</UserId>"
                  + "<Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata>"
                  + "<RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>"
                  + "</GetCallerIdentityResponse>");
      default -> Response.queryError(400, "InvalidAction", "unknown action");
    };
  }

  private UserSessions sessions() {
    return new UserSessions(client, ROLE, Duration.ofHours(1), clock);
  }

  @Test
  void assumesTheRoleAsTheUserWithTransitiveSubjectAndTeamTags() {
    AwsCredentialsProvider provider =
        sessions().credentialsFor(SessionUser.of(SUBJECT, "clpsych-team-7"));

    AwsSessionCredentials credentials = (AwsSessionCredentials) provider.resolveCredentials();

    assertThat(credentials.accessKeyId()).isEqualTo("ASIAUSERSESSION00001");
    assertThat(credentials.secretAccessKey()).isEqualTo("secret-1");
    assertThat(credentials.sessionToken()).isEqualTo("token-1");
    assertThat(credentials.expirationTime()).hasValue(clock.instant().plusSeconds(3600));

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("Action", "AssumeRole");
    expected.put("Version", "2011-06-15");
    expected.put("RoleArn", ROLE);
    expected.put("RoleSessionName", SUBJECT);
    expected.put("DurationSeconds", "3600");
    expected.put("Tags.member.1.Key", "enclave:subject");
    expected.put("Tags.member.1.Value", SUBJECT);
    expected.put("Tags.member.2.Key", "enclave:team");
    expected.put("Tags.member.2.Value", "clpsych-team-7");
    expected.put("TransitiveTagKeys.member.1", "enclave:subject");
    expected.put("TransitiveTagKeys.member.2", "enclave:team");
    expected.put("SourceIdentity", SUBJECT);
    Request request = http.onlyRequest();
    assertThat(request.form()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(request.header("Content-Type").orElseThrow())
        .startsWith("application/x-www-form-urlencoded");
    assertThat(request.http().host()).isEqualTo("sts.eu-west-2.amazonaws.com");
  }

  @Test
  void aUserOutsideAnyTeamCarriesOnlyTheSubjectTag() {
    sessions().credentialsFor(SessionUser.of(SUBJECT)).resolveCredentials();

    Map<String, String> form = http.onlyRequest().form();
    assertThat(form)
        .containsEntry("Tags.member.1.Key", "enclave:subject")
        .containsEntry("TransitiveTagKeys.member.1", "enclave:subject");
    assertThat(form.keySet())
        .filteredOn(k -> k.startsWith("Tags.") || k.startsWith("TransitiveTagKeys."))
        .hasSize(3);
  }

  private static String sha256Id(String subject) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
    return "sha256." + HexFormat.of().formatHex(digest).substring(0, 48);
  }

  @Test
  void subjectsStsCannotCarryAreHashedTheSameWayEveryTime() throws Exception {
    assertThat(SessionIdentity.of(SUBJECT)).isEqualTo(SUBJECT);
    assertThat(SessionIdentity.of("alice@example.org")).isEqualTo("alice@example.org");
    assertThat(SessionIdentity.of("a_B+c=d.e@f-g")).isEqualTo("a_B+c=d.e@f-g");
    for (String odd :
        new String[] {
          "x",
          "y".repeat(65),
          "Jürgen Groß",
          "auth0|5f7c8ec7c33c6c004bbafe82",
          "with,comma",
          "sha256.0123456789abcdef0123456789abcdef0123456789abcdef"
        }) {
      String id = SessionIdentity.of(odd);
      assertThat(id).as(odd).isEqualTo(sha256Id(odd)).matches("[A-Za-z0-9_+=.@-]{2,64}");
      assertThat(SessionIdentity.of(odd)).isEqualTo(id);
    }
    assertThat(SessionIdentity.of("y".repeat(64))).isEqualTo("y".repeat(64));

    String subject = "auth0|5f7c8ec7c33c6c004bbafe82";
    sessions().credentialsFor(SessionUser.of(subject)).resolveCredentials();
    assertThat(http.onlyRequest().form())
        .containsEntry("SourceIdentity", sha256Id(subject))
        .containsEntry("RoleSessionName", sha256Id(subject))
        .containsEntry("Tags.member.1.Value", sha256Id(subject));
  }

  @Test
  void keepsEachUsersSessionUntilFiveMinutesBeforeItExpires() {
    UserSessions sessions = sessions();
    SessionUser alice = SessionUser.of(SUBJECT, "team-a");
    AwsCredentialsProvider provider = sessions.credentialsFor(alice);

    String first = provider.resolveCredentials().accessKeyId();
    clock.advance(Duration.ofMinutes(54));
    assertThat(sessions.credentialsFor(alice)).isSameAs(provider);
    assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo(first);
    assertThat(http.requests()).hasSize(1);

    clock.advance(Duration.ofMinutes(2));
    assertThat(provider.resolveCredentials().accessKeyId()).isNotEqualTo(first);
    assertThat(http.requests()).hasSize(2);

    assertThat(sessions.credentialsFor(SessionUser.of(SUBJECT, "team-b")))
        .as("another team is another session")
        .isNotSameAs(provider);
    assertThat(sessions.credentialsFor(SessionUser.of("bob@example.org"))).isNotSameAs(provider);
  }

  @Test
  void dropsSessionsThatHaveExpired() {
    UserSessions sessions = sessions();
    SessionUser alice = SessionUser.of(SUBJECT);
    AwsCredentialsProvider provider = sessions.credentialsFor(alice);
    provider.resolveCredentials();

    clock.advance(Duration.ofMinutes(61));

    assertThat(sessions.credentialsFor(alice)).isNotSameAs(provider);
  }

  @Test
  void theSessionDurationIsConfigurableWithinStsLimits() {
    new UserSessions(client, ROLE, Duration.ofHours(12), clock)
        .credentialsFor(SessionUser.of(SUBJECT))
        .resolveCredentials();
    assertThat(http.onlyRequest().form()).containsEntry("DurationSeconds", "43200");

    for (Duration bad :
        new Duration[] {
          Duration.ofSeconds(899), Duration.ofSeconds(43_201), Duration.ofMillis(1_000_500)
        }) {
      assertThatThrownBy(() -> new UserSessions(client, ROLE, bad, clock))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("900 (15 minutes) to 43200 (12 hours)");
    }
  }

  @Test
  void refusesARoleThatIsNotARoleArnAndATeamThatCannotBeATag() {
    for (String bad :
        new String[] {
          "enclave-user-session", "arn:aws:iam::1:role/x", "arn:aws:iam::111122223333:user/x"
        }) {
      assertThatThrownBy(() -> new UserSessions(client, bad, Duration.ofHours(1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
    new UserSessions(client, "arn:aws-us-gov:iam::111122223333:role/path/r", Duration.ofHours(1));

    assertThatThrownBy(() -> SessionUser.of(SUBJECT, "team,one"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionUser.of(SUBJECT, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionUser.of("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDeniedAssumeRoleSaysWhichPermissionsAreMissingAndIsTriedAgainNextTime() {
    http.enqueue(
        Response.queryError(
            403,
            "AccessDenied",
            "User: arn:aws:sts::111122223333:assumed-role/enclave-control-plane/i-0abc is not"
                + " authorized to perform: sts:TagSession on resource: "
                + ROLE));
    AwsCredentialsProvider provider = sessions().credentialsFor(SessionUser.of(SUBJECT));

    assertThatThrownBy(provider::resolveCredentials)
        .isInstanceOf(UserSessionException.class)
        .hasMessageContaining("may not assume role " + ROLE)
        .hasMessageContaining("sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession")
        .hasMessageContaining("not authorized to perform: sts:TagSession")
        .cause()
        .isInstanceOfSatisfying(
            StsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));

    assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("ASIAUSERSESSION00001");
  }

  @Test
  void aDurationTheRoleDoesNotAllowPointsAtRoleChaining() {
    http.enqueue(
        Response.queryError(
            400,
            "ValidationError",
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by"
                + " role chaining."));

    assertThatThrownBy(
            () -> sessions().credentialsFor(SessionUser.of(SUBJECT)).resolveCredentials())
        .isInstanceOf(UserSessionException.class)
        .hasMessageContaining("maximum session duration")
        .hasMessageContaining("role chaining");
  }

  @Test
  void callerIdentityNamesTheControlPlanesOwnPrincipal() {
    CallerIdentity me = sessions().callerIdentity();

    assertThat(me)
        .isEqualTo(
            new CallerIdentity(
                "111122223333",
                "arn:aws:sts::111122223333:assumed-role/enclave-control-plane/i-0abc",
                "AROA3XFRBF535CONTROL:i-0abc"));
    assertThat(http.onlyRequest().form())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("Action", "GetCallerIdentity", "Version", "2011-06-15"));
  }

  @Test
  void callerIdentityFailuresSayWhatToCheck() {
    http.enqueue(
        Response.queryError(
            403, "InvalidClientTokenId", "The security token included in the request is invalid."));

    assertThatThrownBy(() -> sessions().callerIdentity())
        .isInstanceOf(UserSessionException.class)
        .hasMessageContaining("refused the control plane's own credentials");
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
