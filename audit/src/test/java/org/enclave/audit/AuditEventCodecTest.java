package org.enclave.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.enclave.audit.json.JsonException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditEventCodecTest {

  private static final Instant TIME = Instant.parse("2026-11-23T10:15:30.250Z");

  private static AuditEvent event() {
    return new AuditEvent(
        TIME,
        "3f1c2a",
        List.of("researcher", "team-lead"),
        "access-request.approve",
        AuditOutcome.ALLOW,
        "steward approved",
        "access-request",
        "ar-17",
        "team-7",
        "clpsych-2024",
        "req-42");
  }

  private static Map<String, Object> fullView() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("time", Instant.parse("2026-11-23T10:15:30.000000001Z"));
    view.put("actor", "3f1c2a");
    view.put("actorDisplayName", "Ada Lovelace");
    view.put("actorRoles", List.of("researcher"));
    view.put("action", "dataset.read");
    view.put("outcome", AuditOutcome.DENY);
    view.put("reason", "grant revoked");
    view.put("resourceType", "dataset-object");
    view.put("resourceId", "posts/part-0001.jsonl");
    view.put("teamId", "team-7");
    view.put("datasetId", "clpsych-2024");
    view.put("datasetVersion", "3");
    view.put("objectKey", "posts/part-0001.jsonl");
    view.put("rangeFirst", 0L);
    view.put("rangeLast", 1023L);
    view.put("bytesServed", 0L);
    view.put("workspaceId", "ws-9");
    view.put("requestId", "req-43");
    return view;
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writesAnEventAsCanonicalJsonWithAVersion() {
    assertThat(utf8(AuditEventCodec.encode(event())))
        .isEqualTo(
            "{\"action\":\"access-request.approve\",\"actor\":\"3f1c2a\","
                + "\"actorRoles\":[\"researcher\",\"team-lead\"],\"datasetId\":\"clpsych-2024\","
                + "\"outcome\":\"allow\",\"reason\":\"steward approved\",\"requestId\":\"req-42\","
                + "\"resourceId\":\"ar-17\",\"resourceType\":\"access-request\","
                + "\"teamId\":\"team-7\",\"time\":\"2026-11-23T10:15:30.25Z\",\"version\":1}");
  }

  @Test
  void writesEveryFieldOfTheIssue() {
    assertThat(utf8(AuditEventCodec.encode(fullView())))
        .isEqualTo(
            "{\"action\":\"dataset.read\",\"actor\":\"3f1c2a\",\"actorDisplayName\":\"Ada Lovelace\","
                + "\"actorRoles\":[\"researcher\"],\"bytesServed\":0,"
                + "\"datasetId\":\"clpsych-2024\",\"datasetVersion\":\"3\","
                + "\"objectKey\":\"posts/part-0001.jsonl\",\"outcome\":\"deny\","
                + "\"rangeFirst\":0,\"rangeLast\":1023,\"reason\":\"grant revoked\","
                + "\"requestId\":\"req-43\",\"resourceId\":\"posts/part-0001.jsonl\","
                + "\"resourceType\":\"dataset-object\",\"teamId\":\"team-7\","
                + "\"time\":\"2026-11-23T10:15:30.000000001Z\",\"version\":1,"
                + "\"workspaceId\":\"ws-9\"}");
  }

  @Test
  void roundTripsAnAuditEvent() {
    byte[] leaf = AuditEventCodec.encode(event());

    assertThat(AuditEventCodec.decodeEvent(leaf)).isEqualTo(event());
  }

  @Test
  void roundTripsEveryFieldThroughTheMapView() {
    byte[] leaf = AuditEventCodec.encode(fullView());

    Map<String, Object> decoded = AuditEventCodec.decode(leaf);

    assertThat(decoded).isEqualTo(fullView());
    assertThat(AuditEventCodec.encode(decoded)).isEqualTo(leaf);
  }

  @Test
  void omitsAbsentFieldsAndEmptyRoles() {
    AuditEvent minimal =
        new AuditEvent(
            Instant.EPOCH,
            "anonymous",
            null,
            "token.refuse",
            AuditOutcome.DENY,
            null,
            null,
            null,
            null,
            null,
            null);

    byte[] leaf = AuditEventCodec.encode(minimal);

    assertThat(utf8(leaf))
        .isEqualTo(
            "{\"action\":\"token.refuse\",\"actor\":\"anonymous\",\"outcome\":\"deny\","
                + "\"time\":\"1970-01-01T00:00:00Z\",\"version\":1}");
    assertThat(AuditEventCodec.decodeEvent(leaf)).isEqualTo(minimal);
  }

  @Test
  void sameEventGivesIdenticalBytes() {
    assertThat(AuditEventCodec.encode(event())).isEqualTo(AuditEventCodec.encode(event()));
  }

  @Test
  void fieldOrderOfTheMapViewNeverChangesTheBytes() {
    byte[] expected = AuditEventCodec.encode(fullView());
    Random random = new Random(3);
    for (int i = 0; i < 50; i++) {
      List<Map.Entry<String, Object>> entries = new ArrayList<>(fullView().entrySet());
      Collections.shuffle(entries, random);
      Map<String, Object> shuffled = i % 2 == 0 ? new LinkedHashMap<>() : new HashMap<>();
      entries.forEach(e -> shuffled.put(e.getKey(), e.getValue()));

      assertThat(AuditEventCodec.encode(shuffled)).isEqualTo(expected);
    }
  }

  @Test
  void roleOrderAndRepetitionNeverChangeTheBytes() {
    Map<String, Object> view = fullView();
    view.put("actorRoles", List.of("steward", "admin", "steward"));
    Map<String, Object> sorted = fullView();
    sorted.put("actorRoles", List.of("admin", "steward"));

    assertThat(AuditEventCodec.encode(view)).isEqualTo(AuditEventCodec.encode(sorted));
    assertThat(AuditEventCodec.decode(AuditEventCodec.encode(view)).get("actorRoles"))
        .isEqualTo(List.of("admin", "steward"));
  }

  @Test
  void nullValuesInTheMapViewAreAbsentFields() {
    Map<String, Object> view = fullView();
    view.put("reason", null);
    view.put("actorRoles", List.of());
    Map<String, Object> without = fullView();
    without.remove("reason");
    without.remove("actorRoles");

    assertThat(AuditEventCodec.encode(view)).isEqualTo(AuditEventCodec.encode(without));
  }

  @Test
  void writesTimeWithTheFractionTrimmedOfTrailingZeros() {
    assertThat(AuditEventCodec.formatTime(Instant.parse("2026-01-02T03:04:05Z")))
        .isEqualTo("2026-01-02T03:04:05Z");
    assertThat(AuditEventCodec.formatTime(Instant.parse("2026-01-02T03:04:05.500Z")))
        .isEqualTo("2026-01-02T03:04:05.5Z");
    assertThat(AuditEventCodec.formatTime(Instant.parse("2026-01-02T03:04:05.000001Z")))
        .isEqualTo("2026-01-02T03:04:05.000001Z");
    assertThat(AuditEventCodec.formatTime(Instant.parse("2026-01-02T03:04:05.123456789Z")))
        .isEqualTo("2026-01-02T03:04:05.123456789Z");
    assertThat(AuditEventCodec.formatTime(Instant.parse("0001-01-01T00:00:00Z")))
        .isEqualTo("0001-01-01T00:00:00Z");
    assertThatThrownBy(() -> AuditEventCodec.formatTime(Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditEventCodec.formatTime(Instant.parse("-0001-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-01-02T03:04:05.50Z",
        "2026-01-02T03:04:05.0Z",
        "2026-01-02T03:04:05.1234567890Z",
        "2026-01-02T03:04:05z",
        "2026-01-02t03:04:05Z",
        "2026-01-02 03:04:05Z",
        "2026-01-02T03:04:05+00:00",
        "2026-01-02T03:04Z",
        "2026-01-02T03:04:60Z",
        "2026-02-30T03:04:05Z",
        "2026-13-02T03:04:05Z",
        "2026-01-02T24:00:00Z",
        "+2026-01-02T03:04:05Z",
        "２０２６-01-02T03:04:05Z"
      })
  void refusesEveryOtherSpellingOfATime(String text) {
    assertThatThrownBy(() -> AuditEventCodec.parseTime(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String leafWith(String member, String json) {
    String leaf = utf8(AuditEventCodec.encode(event()));
    return leaf.replaceFirst(
        "\"" + member + "\":(\"[^\"]*\"|\\[[^]]*]|\\d+)", "\"" + member + "\":" + json);
  }

  @Test
  void refusesLeavesThatAreNotCanonical() {
    String leaf = utf8(AuditEventCodec.encode(event()));

    assertThatThrownBy(() -> AuditEventCodec.decode(bytes(leaf.replace(",", ", "))))
        .isInstanceOf(JsonException.class);
    assertThatThrownBy(
            () ->
                AuditEventCodec.decode(
                    bytes(leafWith("actorRoles", "[\"team-lead\",\"researcher\"]"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit leaf is not in canonical form");
    assertThatThrownBy(() -> AuditEventCodec.decode(bytes(leafWith("actorRoles", "[\"a\",\"a\"]"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditEventCodec.decode(bytes(leafWith("actorRoles", "[]"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("omitted");
    assertThatThrownBy(
            () -> AuditEventCodec.decode(bytes(leafWith("time", "\"2026-11-23T10:15:30.250Z\""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("canonical");
  }

  @Test
  void refusesOtherVersionsAndUnknownMembers() {
    assertThatThrownBy(() -> AuditEventCodec.decode(bytes(leafWith("version", "2"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported audit leaf version 2");
    String noVersion = utf8(AuditEventCodec.encode(event())).replace(",\"version\":1", "");
    assertThatThrownBy(() -> AuditEventCodec.decode(bytes(noVersion)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported audit leaf version null");
    String extra = utf8(AuditEventCodec.encode(event())).replace("{", "{\"aaa\":1,");
    assertThatThrownBy(() -> AuditEventCodec.decode(bytes(extra)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown audit field 'aaa'");
    assertThatThrownBy(() -> AuditEventCodec.decode(bytes("[1]")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesMembersOfTheWrongTypeOrRange() {
    assertThatThrownBy(() -> AuditEventCodec.decode(bytes(leafWith("actor", "5"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actor must be a String");
    assertThatThrownBy(() -> AuditEventCodec.decode(bytes(leafWith("outcome", "\"ALLOW\""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outcome must be allow, deny or error");
    assertThatThrownBy(() -> AuditEventCodec.decode(bytes(leafWith("actorRoles", "[1]"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actorRoles must be a list of strings");
    String full = utf8(AuditEventCodec.encode(fullView()));
    assertThatThrownBy(
            () ->
                AuditEventCodec.decode(
                    bytes(full.replace("\"bytesServed\":0", "\"bytesServed\":-1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bytesServed must be within 0 to 2^53-1");
    assertThatThrownBy(
            () ->
                AuditEventCodec.decode(
                    bytes(full.replace("\"bytesServed\":0", "\"bytesServed\":0.5"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bytesServed must be a Long");
  }

  @Test
  void refusesInvalidMapViews() {
    Map<String, Object> unknown = fullView();
    unknown.put("version", 1);
    assertThatThrownBy(() -> AuditEventCodec.encode(unknown))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown audit field 'version'");

    Map<String, Object> missing = fullView();
    missing.remove("actor");
    missing.remove("time");
    assertThatThrownBy(() -> AuditEventCodec.encode(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit event misses time, actor");

    Map<String, Object> halfRange = fullView();
    halfRange.remove("rangeLast");
    assertThatThrownBy(() -> AuditEventCodec.encode(halfRange))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both rangeFirst and rangeLast");

    Map<String, Object> backwards = fullView();
    backwards.put("rangeFirst", 2000L);
    assertThatThrownBy(() -> AuditEventCodec.encode(backwards))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be after");

    Map<String, Object> stringTime = fullView();
    stringTime.put("time", "2026-11-23T10:15:30Z");
    assertThatThrownBy(() -> AuditEventCodec.encode(stringTime))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time must be an Instant");

    Map<String, Object> hugeCount = fullView();
    hugeCount.put("bytesServed", 1L << 53);
    assertThatThrownBy(() -> AuditEventCodec.encode(hugeCount))
        .isInstanceOf(IllegalArgumentException.class);

    Map<String, Object> nullRole = fullView();
    nullRole.put("actorRoles", java.util.Arrays.asList("a", null));
    assertThatThrownBy(() -> AuditEventCodec.encode(nullRole))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLeafWithEveryFieldRoundTripsThroughAuditEventByteForByte() {
    byte[] leaf = AuditEventCodec.encode(fullView());
    AuditEvent event = AuditEventCodec.decodeEvent(leaf);
    assertThat(event.bytesServed()).isNotNull();
    assertThat(event.workspaceId()).isNotNull();
    assertThat(AuditEventCodec.encode(event)).isEqualTo(leaf);
  }
}
