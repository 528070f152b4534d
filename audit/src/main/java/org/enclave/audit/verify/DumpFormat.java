package org.enclave.audit.verify;

import java.util.Base64;
import java.util.Map;
import org.enclave.audit.json.CanonicalJson;
import org.enclave.audit.json.JsonException;
import org.enclave.audit.merkle.MerkleHasher;
import org.enclave.audit.merkle.NodeId;

/**
 * The objects the verifier reads, one per line of a dump (JSON Lines) or per element of an API page
 * (a JSON array):
 *
 * <pre>
 * {"type":"entry","index":0,"data":"&lt;base64&gt;","leafHash":"&lt;base64, optional&gt;"}
 * {"type":"node","level":1,"index":0,"hash":"&lt;base64&gt;"}
 * {"type":"checkpoint","size":12,"note":"&lt;signed note text&gt;"}
 * </pre>
 *
 * In API pages the {@code type} member is absent: the endpoint says what the elements are. JSON is
 * parsed strictly ({@link CanonicalJson#parse}); base64 is the standard alphabet with padding;
 * integers are plain JSON integers; members not listed here are ignored. The writers put the
 * members in the order shown.
 */
public final class DumpFormat {

  private DumpFormat() {}

  /** One dump line as a record. */
  static DumpRecord parseLine(byte[] line) throws InputException {
    Map<?, ?> object = object(parse(line));
    Object type = object.get("type");
    if ("entry".equals(type)) {
      return entry(object);
    } else if ("node".equals(type)) {
      return node(object);
    } else if ("checkpoint".equals(type)) {
      return checkpoint(object);
    }
    throw new InputException(
        type == null
            ? "missing \"type\" (entry, node or checkpoint)"
            : "unknown \"type\" " + CanonicalJson.toJson(type));
  }

  /** Parses strict JSON. */
  static Object parse(byte[] json) throws InputException {
    try {
      return CanonicalJson.parse(json);
    } catch (JsonException e) {
      throw new InputException("not JSON: " + e.getMessage());
    }
  }

  /** An entry object. */
  static DumpRecord.Entry entry(Object json) throws InputException {
    Map<?, ?> object = object(json);
    long index = integer(object, "index", 0, Long.MAX_VALUE);
    byte[] data = base64(object, "data");
    byte[] leafHash = object.get("leafHash") == null ? null : hash(object, "leafHash");
    return new DumpRecord.Entry(index, data, leafHash);
  }

  /** A node object. */
  static DumpRecord.Node node(Object json) throws InputException {
    Map<?, ?> object = object(json);
    int level = (int) integer(object, "level", 1, NodeId.MAX_LEVEL);
    long index = integer(object, "index", 0, (Long.MAX_VALUE >>> level) - 1);
    return new DumpRecord.Node(level, index, hash(object, "hash"));
  }

  /** A checkpoint object. */
  static DumpRecord.SignedCheckpoint checkpoint(Object json) throws InputException {
    Map<?, ?> object = object(json);
    long size = integer(object, "size", 0, Long.MAX_VALUE);
    if (!(object.get("note") instanceof String note)) {
      throw new InputException("\"note\" must be a string");
    }
    return new DumpRecord.SignedCheckpoint(size, note);
  }

  /** The dump line of an entry, without the newline. */
  public static String entryLine(long index, byte[] data, byte[] leafHash) {
    return "{\"type\":\"entry\",\"index\":"
        + index
        + ",\"data\":\""
        + encode(data)
        + "\",\"leafHash\":\""
        + encode(leafHash)
        + "\"}";
  }

  /** The dump line of a stored subtree hash, without the newline. */
  public static String nodeLine(int level, long index, byte[] hash) {
    return "{\"type\":\"node\",\"level\":"
        + level
        + ",\"index\":"
        + index
        + ",\"hash\":\""
        + encode(hash)
        + "\"}";
  }

  /** The dump line of a checkpoint, without the newline. */
  public static String checkpointLine(long size, String note) {
    return "{\"type\":\"checkpoint\",\"size\":"
        + size
        + ",\"note\":"
        + CanonicalJson.toJson(note)
        + "}";
  }

  private static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static Map<?, ?> object(Object json) throws InputException {
    if (json instanceof Map<?, ?> map) {
      return map;
    }
    throw new InputException("expected a JSON object");
  }

  private static long integer(Map<?, ?> object, String name, long min, long max)
      throws InputException {
    if (!(object.get(name) instanceof Long value)) {
      throw new InputException("\"" + name + "\" must be an integer");
    }
    if (value < min || value > max) {
      throw new InputException("\"" + name + "\" " + value + " is outside " + min + ".." + max);
    }
    return value;
  }

  private static byte[] base64(Map<?, ?> object, String name) throws InputException {
    if (!(object.get(name) instanceof String text)) {
      throw new InputException("\"" + name + "\" must be a base64 string");
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new InputException("\"" + name + "\" is not base64");
    }
  }

  private static byte[] hash(Map<?, ?> object, String name) throws InputException {
    byte[] hash = base64(object, name);
    if (hash.length != MerkleHasher.HASH_LENGTH) {
      throw new InputException(
          "\"" + name + "\" has " + hash.length + " bytes, not " + MerkleHasher.HASH_LENGTH);
    }
    return hash;
  }
}
