package org.enclave.infra.storage;

/** The one rule for object keys that every {@link ObjectStore} applies before touching storage. */
public final class ObjectKeys {
  private ObjectKeys() {}

  /**
   * The namespace of what must never reach a workspace (gold labels, scoring programs,
   * submissions). No dataset file's key starts with it; a deployment may keep it in a store of its
   * own ({@link PrefixRoutedObjectStore}).
   */
  public static final String RESTRICTED_PREFIX = "restricted/";

  /**
   * Returns {@code key} if it is a relative, slash-separated path with no empty, {@code .} or
   * {@code ..} segment, no backslash and no NUL.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String requireValid(String key) {
    if (key == null
        || key.isEmpty()
        || key.startsWith("/")
        || key.contains("\\")
        || key.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid object key");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("invalid object key");
      }
    }
    return key;
  }

  /**
   * Returns {@code prefix} if it is empty or a valid key prefix for {@link ObjectStore#list}: no
   * leading slash, backslash, NUL, or {@code .}/{@code ..} segment.
   */
  public static String requireValidPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("invalid object key prefix");
    }
    if (prefix.isEmpty()) {
      return prefix;
    }
    if (prefix.startsWith("/") || prefix.contains("\\") || prefix.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid object key prefix");
    }
    for (String segment : prefix.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("invalid object key prefix");
      }
    }
    return prefix;
  }
}
