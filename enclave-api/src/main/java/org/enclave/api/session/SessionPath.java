package org.enclave.api.session;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;

/**
 * A request path under {@code /workspaces/<id>/session/}, read from the raw request line and
 * checked so that what the Jupyter server will understand is exactly what was authorized: one
 * workspace, one path below its base. Anything that could be read differently by the proxy and by
 * the server (dot segments, encoded or doubled slashes, backslashes, double encoding, control
 * characters) is refused rather than normalized.
 *
 * @param workspaceId the workspace the path names
 * @param rest the raw path below the base, as received (forwarded unchanged)
 * @param query the raw query without {@code token} parameters, or null
 */
public record SessionPath(UUID workspaceId, String rest, String query) {
  static final String PREFIX = "/workspaces/";
  static final String SUFFIX = "/session";

  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern ENCODED = Pattern.compile("%[0-9A-Fa-f]{2}");

  /** First segments below the base that hand out files: downloads go through a reviewed export. */
  private static final Set<String> DOWNLOADS = Set.of("files", "nbconvert", "bundle");

  /** Paths below the base that are not served at all. */
  private static final List<String> CLOSED = List.of("terminals", "api/terminals", "api/shutdown");

  /** The path the workspace's Jupyter server serves under: {@code /workspaces/<id>/session/}. */
  public static String base(String workspaceId) {
    return PREFIX + workspaceId + SUFFIX + "/";
  }

  /** The path the Jupyter server gets: the base and the rest, unchanged. */
  public String upstream() {
    String path = base(workspaceId.toString()) + rest;
    return query == null ? path : path + "?" + query;
  }

  /** Whether this is a WebSocket path of a kernel (its channels). */
  public boolean isKernelChannel() {
    return rest.startsWith("api/kernels/");
  }

  /**
   * Reads {@code rawPath} (the path of the request line, not decoded) and {@code rawQuery}.
   *
   * @return null if the path is the base without its trailing slash (redirect there)
   * @throws EnclaveException {@code invalid-session-path} for anything outside one workspace's
   *     session or open to two readings; {@code download-refused} for download and closed paths
   */
  public static SessionPath parse(String rawPath, String rawQuery) {
    if (rawPath == null || !rawPath.startsWith(PREFIX)) {
      throw invalid("not a session path");
    }
    int idEnd = PREFIX.length() + 36;
    if (rawPath.length() < idEnd
        || !UUID_TEXT.matcher(rawPath.substring(PREFIX.length(), idEnd)).matches()) {
      throw invalid("a session path names a workspace by its id");
    }
    UUID id = UUID.fromString(rawPath.substring(PREFIX.length(), idEnd));
    String after = rawPath.substring(idEnd);
    if (after.equals(SUFFIX)) {
      return null;
    }
    if (!after.startsWith(SUFFIX + "/")) {
      throw invalid("a workspace's session is served under /workspaces/<id>/session/");
    }
    String rest = after.substring(SUFFIX.length() + 1);
    checkRest(rest);
    String decoded = decode(rest);
    if (ENCODED.matcher(decoded).find()) {
      throw invalid("the path is encoded twice");
    }
    for (String segment : decoded.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw invalid("dot segments are not allowed");
      }
    }
    if (decoded.startsWith("/") || decoded.contains("//")) {
      throw invalid("empty path segments are not allowed");
    }
    String first = decoded.contains("/") ? decoded.substring(0, decoded.indexOf('/')) : decoded;
    if (DOWNLOADS.contains(first)) {
      throw refused("files leave a workspace only through a reviewed export, never as a download");
    }
    for (String closed : CLOSED) {
      if (decoded.equals(closed) || decoded.startsWith(closed + "/")) {
        throw refused("terminals and server shutdown are not available through the session");
      }
    }
    return new SessionPath(id, rest, query(rawQuery));
  }

  /** Characters and escapes never allowed in the raw path below the base. */
  private static void checkRest(String rest) {
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c < 0x21 || c == 0x7f || c == '\\' || c > 0x7e) {
        throw invalid(
            "the path contains a character that must be percent-encoded or is not allowed");
      }
      if (c == '%') {
        if (i + 2 >= rest.length() || !ENCODED.matcher(rest.substring(i, i + 3)).matches()) {
          throw invalid("the path has a malformed percent escape");
        }
        String hex = rest.substring(i + 1, i + 3).toLowerCase(java.util.Locale.ROOT);
        if (hex.equals("2f") || hex.equals("5c") || hex.compareTo("20") < 0 || hex.equals("7f")) {
          throw invalid("encoded slashes, backslashes and control characters are not allowed");
        }
      }
    }
  }

  /** The query without {@code token} parameters; refuses download requests. */
  private static String query(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    List<String> kept = new ArrayList<>();
    for (String param : rawQuery.split("&")) {
      String name = decode(param.contains("=") ? param.substring(0, param.indexOf('=')) : param);
      if (name.equals("download")) {
        throw refused(
            "files leave a workspace only through a reviewed export, never as a download");
      }
      if (!name.equals("token")) {
        kept.add(param);
      }
    }
    return kept.isEmpty() ? null : String.join("&", kept);
  }

  /** Percent-decodes once; the bytes must be UTF-8. {@code +} stays a plus sign. */
  static String decode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw invalid("malformed percent escape");
        }
        try {
          out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        } catch (NumberFormatException e) {
          throw invalid("malformed percent escape");
        }
        i += 2;
      } else if (c > 0x7f) {
        throw invalid("the path contains a character that must be percent-encoded");
      } else {
        out.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid("the path is not UTF-8");
    }
  }

  private static EnclaveException invalid(String why) {
    return new EnclaveException(ErrorCode.INVALID_SESSION_PATH, why);
  }

  private static EnclaveException refused(String why) {
    return new EnclaveException(ErrorCode.DOWNLOAD_REFUSED, why);
  }
}
