package org.enclave.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.enclave.audit.json.CanonicalJson;

/**
 * The leaf data of the audit log: one audit event as canonical JSON (RFC 8785), so that the same
 * event always has the same bytes and therefore the same Merkle leaf hash.
 *
 * <p>The leaf is one flat JSON object with a {@code version} member ({@value #VERSION}) and the
 * members of {@link Field}; absent values are omitted, never written as {@code null}. For example:
 *
 * <pre>{@code
 * {"action":"dataset.read","actor":"3f1c...","actorRoles":["researcher"],"bytesServed":1024,
 *  "datasetId":"clpsych-2024","outcome":"allow","rangeFirst":0,"rangeLast":1023,
 *  "time":"2026-11-23T10:15:30.25Z","version":1}
 * }</pre>
 *
 * <ul>
 *   <li>{@code time} is RFC 3339 in UTC, {@code Z}, years 0000 to 9999, with the fraction of a
 *       second written with as many digits as it needs (up to nine) and left out when zero;
 *   <li>{@code outcome} is {@code allow}, {@code deny} or {@code error};
 *   <li>{@code actorRoles} is sorted and without duplicates (roles are a set) and omitted when
 *       empty;
 *   <li>{@code rangeFirst} and {@code rangeLast} are the inclusive byte offsets served (as in an
 *       HTTP {@code Range}), both or neither; they and {@code bytesServed} are 0 to 2^53-1.
 * </ul>
 *
 * <p>The codec works on a <em>map view</em>: member name to Java value ({@link Instant}, {@link
 * AuditOutcome}, {@code List<String>}, {@link Long} or {@link String}); {@link AuditEvent} has a
 * component for every member. Decoding is strict: a leaf is accepted only if it is exactly the
 * bytes this codec writes for what it contains.
 */
public final class AuditEventCodec {

  /** Leaf format version; a reader refuses versions it does not know. */
  public static final int VERSION = 1;

  private static final String VERSION_MEMBER = "version";
  private static final long MAX_COUNT = (1L << 53) - 1;
  private static final Instant MIN_TIME = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");
  private static final Pattern RFC_3339_UTC =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

  private AuditEventCodec() {}

  /** The members of an audit leaf besides {@code version}. */
  public enum Field {
    TIME("time", Kind.TIME, true),
    ACTOR("actor", Kind.TEXT, true),
    ACTOR_DISPLAY_NAME("actorDisplayName", Kind.TEXT, false),
    ACTOR_ROLES("actorRoles", Kind.ROLES, false),
    ACTION("action", Kind.TEXT, true),
    OUTCOME("outcome", Kind.OUTCOME, true),
    REASON("reason", Kind.TEXT, false),
    RESOURCE_TYPE("resourceType", Kind.TEXT, false),
    RESOURCE_ID("resourceId", Kind.TEXT, false),
    TEAM_ID("teamId", Kind.TEXT, false),
    DATASET_ID("datasetId", Kind.TEXT, false),
    DATASET_VERSION("datasetVersion", Kind.TEXT, false),
    OBJECT_KEY("objectKey", Kind.TEXT, false),
    RANGE_FIRST("rangeFirst", Kind.COUNT, false),
    RANGE_LAST("rangeLast", Kind.COUNT, false),
    BYTES_SERVED("bytesServed", Kind.COUNT, false),
    WORKSPACE_ID("workspaceId", Kind.TEXT, false),
    REQUEST_ID("requestId", Kind.TEXT, false);

    private final String member;
    private final Kind kind;
    private final boolean required;

    Field(String member, Kind kind, boolean required) {
      this.member = member;
      this.kind = kind;
      this.required = required;
    }

    /** The JSON member name, which is also the key in the map view. */
    public String member() {
      return member;
    }

    /** Whether every leaf has this member. */
    public boolean required() {
      return required;
    }

    static Field of(String member) {
      for (Field f : values()) {
        if (f.member.equals(member)) {
          return f;
        }
      }
      throw new IllegalArgumentException("unknown audit field '" + member + "'");
    }
  }

  private enum Kind {
    TEXT,
    TIME,
    OUTCOME,
    ROLES,
    COUNT
  }

  /** The leaf bytes of an event. */
  public static byte[] encode(AuditEvent event) {
    return encode(fields(event));
  }

  /**
   * The leaf bytes of an event given as a map view; {@code null} values count as absent.
   *
   * @throws IllegalArgumentException naming the field, if a key is unknown, a value has the wrong
   *     type or range, a required field is missing, or only one end of the byte range is given
   */
  public static byte[] encode(Map<String, ?> fields) {
    Map<Field, Object> typed = normalize(fields);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(VERSION_MEMBER, VERSION);
    typed.forEach((field, value) -> json.put(field.member, toJson(field, value)));
    return CanonicalJson.encode(json);
  }

  /** The map view of an event: its non-null components, roles omitted when there are none. */
  public static Map<String, Object> fields(AuditEvent event) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Field.TIME.member, event.time());
    fields.put(Field.ACTOR.member, event.actor());
    if (!event.actorRoles().isEmpty()) {
      fields.put(Field.ACTOR_ROLES.member, event.actorRoles());
    }
    fields.put(Field.ACTION.member, event.action());
    fields.put(Field.OUTCOME.member, event.outcome());
    putIfPresent(fields, Field.REASON, event.reason());
    putIfPresent(fields, Field.RESOURCE_TYPE, event.resourceType());
    putIfPresent(fields, Field.RESOURCE_ID, event.resourceId());
    putIfPresent(fields, Field.TEAM_ID, event.teamId());
    putIfPresent(fields, Field.DATASET_ID, event.datasetId());
    putIfPresent(fields, Field.ACTOR_DISPLAY_NAME, event.actorDisplayName());
    putIfPresent(fields, Field.DATASET_VERSION, event.datasetVersion());
    putIfPresent(fields, Field.OBJECT_KEY, event.objectKey());
    putIfPresent(fields, Field.RANGE_FIRST, event.rangeFirst());
    putIfPresent(fields, Field.RANGE_LAST, event.rangeLast());
    putIfPresent(fields, Field.BYTES_SERVED, event.bytesServed());
    putIfPresent(fields, Field.WORKSPACE_ID, event.workspaceId());
    putIfPresent(fields, Field.REQUEST_ID, event.requestId());
    return fields;
  }

  /**
   * Decodes a leaf into its map view, in {@link Field} order, without {@code version}.
   *
   * @throws IllegalArgumentException if the leaf is not canonical JSON, has another version, an
   *     unknown member, a member of the wrong type or range, or misses a required member
   */
  public static Map<String, Object> decode(byte[] leaf) {
    if (!(CanonicalJson.parseCanonical(leaf) instanceof Map<?, ?> json)) {
      throw new IllegalArgumentException("an audit leaf is a JSON object");
    }
    Object version = json.get(VERSION_MEMBER);
    if (!Long.valueOf(VERSION).equals(version)) {
      throw new IllegalArgumentException("unsupported audit leaf version " + version);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<?, ?> member : json.entrySet()) {
      String name = (String) member.getKey();
      if (!name.equals(VERSION_MEMBER)) {
        Field field = Field.of(name);
        fields.put(name, fromJson(field, member.getValue()));
      }
    }
    Map<String, Object> view = new LinkedHashMap<>();
    normalize(fields).forEach((field, value) -> view.put(field.member, value));
    if (!Arrays.equals(encode(view), leaf)) {
      throw new IllegalArgumentException("audit leaf is not in canonical form");
    }
    return Collections.unmodifiableMap(view);
  }

  /** Decodes a leaf into an {@link AuditEvent}; see {@link #decode} and {@link #toEvent}. */
  public static AuditEvent decodeEvent(byte[] leaf) {
    return toEvent(decode(leaf));
  }

  /**
   * The event a map view describes.
   *
   * @throws IllegalArgumentException if the view is invalid
   */
  public static AuditEvent toEvent(Map<String, ?> fields) {
    Map<Field, Object> typed = normalize(fields);
    @SuppressWarnings("unchecked")
    List<String> roles = (List<String>) typed.getOrDefault(Field.ACTOR_ROLES, List.of());
    return new AuditEvent(
        (Instant) typed.get(Field.TIME),
        (String) typed.get(Field.ACTOR),
        (String) typed.get(Field.ACTOR_DISPLAY_NAME),
        roles,
        (String) typed.get(Field.ACTION),
        (AuditOutcome) typed.get(Field.OUTCOME),
        (String) typed.get(Field.REASON),
        (String) typed.get(Field.RESOURCE_TYPE),
        (String) typed.get(Field.RESOURCE_ID),
        (String) typed.get(Field.TEAM_ID),
        (String) typed.get(Field.DATASET_ID),
        (String) typed.get(Field.DATASET_VERSION),
        (String) typed.get(Field.OBJECT_KEY),
        (Long) typed.get(Field.RANGE_FIRST),
        (Long) typed.get(Field.RANGE_LAST),
        (Long) typed.get(Field.BYTES_SERVED),
        (String) typed.get(Field.WORKSPACE_ID),
        (String) typed.get(Field.REQUEST_ID));
  }

  /** RFC 3339 UTC with the fraction of a second trimmed of trailing zeros, as leaves carry it. */
  public static String formatTime(Instant time) {
    if (time.isBefore(MIN_TIME) || time.isAfter(MAX_TIME)) {
      throw new IllegalArgumentException("audit time must be within years 0000 to 9999");
    }
    OffsetDateTime t = time.atOffset(ZoneOffset.UTC);
    String seconds =
        String.format(
            Locale.ROOT,
            "%04d-%02d-%02dT%02d:%02d:%02d",
            t.getYear(),
            t.getMonthValue(),
            t.getDayOfMonth(),
            t.getHour(),
            t.getMinute(),
            t.getSecond());
    if (t.getNano() == 0) {
      return seconds + "Z";
    }
    String fraction = String.format(Locale.ROOT, "%09d", t.getNano()).replaceFirst("0+$", "");
    return seconds + "." + fraction + "Z";
  }

  /**
   * Parses a time exactly as {@link #formatTime} writes it; any other spelling is refused.
   *
   * @throws IllegalArgumentException if the text is not that canonical form
   */
  public static Instant parseTime(String text) {
    if (!RFC_3339_UTC.matcher(text).matches()) {
      throw new IllegalArgumentException("audit time must be RFC 3339 in UTC: " + text);
    }
    Instant time;
    try {
      time = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("audit time is not a valid date and time: " + text);
    }
    if (!formatTime(time).equals(text)) {
      throw new IllegalArgumentException("audit time is not in canonical form: " + text);
    }
    return time;
  }

  private static void putIfPresent(Map<String, Object> fields, Field field, Object value) {
    if (value != null) {
      fields.put(field.member, value);
    }
  }

  /** Validates a map view into typed values in {@link Field} order; null values are dropped. */
  private static Map<Field, Object> normalize(Map<String, ?> fields) {
    Map<Field, Object> typed = new EnumMap<>(Field.class);
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      Field field = Field.of(e.getKey());
      if (e.getValue() != null) {
        Object value = check(field, e.getValue());
        if (value != null) {
          typed.put(field, value);
        }
      }
    }
    Set<Field> missing = EnumSet.noneOf(Field.class);
    for (Field f : Field.values()) {
      if (f.required && !typed.containsKey(f)) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "audit event misses "
              + missing.stream().map(Field::member).collect(Collectors.joining(", ")));
    }
    Long first = (Long) typed.get(Field.RANGE_FIRST);
    Long last = (Long) typed.get(Field.RANGE_LAST);
    if ((first == null) != (last == null)) {
      throw new IllegalArgumentException("a byte range needs both rangeFirst and rangeLast");
    }
    if (first != null && first > last) {
      throw new IllegalArgumentException("rangeFirst must not be after rangeLast");
    }
    return typed;
  }

  /** The typed value of a map-view entry; roles become sorted and distinct, or null when empty. */
  private static Object check(Field field, Object value) {
    return switch (field.kind) {
      case TEXT -> requireType(field, value, String.class);
      case TIME -> {
        Instant time = requireType(field, value, Instant.class);
        formatTime(time);
        yield time;
      }
      case OUTCOME -> requireType(field, value, AuditOutcome.class);
      case COUNT -> {
        if (!(value instanceof Long || value instanceof Integer)) {
          throw wrongType(field, "a Long");
        }
        long n = ((Number) value).longValue();
        if (n < 0 || n > MAX_COUNT) {
          throw new IllegalArgumentException(field.member + " must be within 0 to 2^53-1");
        }
        yield n;
      }
      case ROLES -> {
        List<?> list = requireType(field, value, List.class);
        TreeSet<String> roles = new TreeSet<>();
        for (Object role : list) {
          if (!(role instanceof String s)) {
            throw wrongType(field, "a list of strings");
          }
          roles.add(s);
        }
        yield roles.isEmpty() ? null : List.copyOf(roles);
      }
    };
  }

  private static <T> T requireType(Field field, Object value, Class<T> type) {
    if (!type.isInstance(value)) {
      String name = type.getSimpleName();
      throw wrongType(field, ("AEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name);
    }
    return type.cast(value);
  }

  private static IllegalArgumentException wrongType(Field field, String expected) {
    return new IllegalArgumentException(field.member + " must be " + expected);
  }

  private static Object toJson(Field field, Object value) {
    return switch (field.kind) {
      case TIME -> formatTime((Instant) value);
      case OUTCOME -> ((AuditOutcome) value).name().toLowerCase(Locale.ROOT);
      case TEXT, ROLES, COUNT -> value;
    };
  }

  private static Object fromJson(Field field, Object json) {
    return switch (field.kind) {
      case TEXT -> requireType(field, json, String.class);
      case TIME -> parseTime(requireType(field, json, String.class));
      case OUTCOME -> {
        String outcome = requireType(field, json, String.class);
        for (AuditOutcome o : AuditOutcome.values()) {
          if (o.name().toLowerCase(Locale.ROOT).equals(outcome)) {
            yield o;
          }
        }
        throw new IllegalArgumentException("outcome must be allow, deny or error");
      }
      case ROLES -> {
        List<?> roles = requireType(field, json, List.class);
        if (roles.isEmpty()) {
          throw new IllegalArgumentException(
              "actorRoles is omitted, not empty, when there are none");
        }
        yield new ArrayList<>(roles);
      }
      case COUNT -> requireType(field, json, Long.class);
    };
  }
}
