package org.enclave.infra.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Blob storage for dataset files. Keys are relative, slash-separated paths that the caller has
 * already validated; implementations still refuse keys that would escape their root.
 */
public interface ObjectStore {

  /**
   * Streams {@code content} to {@code key}, never holding the whole object in memory. The object
   * becomes visible only once it is complete; a failed or oversized upload leaves nothing behind.
   *
   * @param maxBytes upload limit; more bytes than this fail with {@link ObjectTooLargeException}
   */
  StoredObject put(String key, InputStream content, long maxBytes) throws IOException;

  /** Opens the object for reading, or empty if there is none. */
  Optional<InputStream> open(String key) throws IOException;

  /**
   * Opens {@code length} bytes of the object starting at byte {@code offset}, for ranged reads; the
   * stream ends after {@code length} bytes or at the end of the object, whichever comes first; an
   * offset at or past the end gives an empty stream, not an error. This default skips to the
   * offset; stores that can seek override it.
   */
  default Optional<InputStream> open(String key, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative");
    }
    Optional<InputStream> whole = open(key);
    if (whole.isEmpty()) {
      return whole;
    }
    InputStream in = whole.get();
    try {
      in.skipNBytes(offset);
    } catch (java.io.EOFException e) {
      in.close();
      return Optional.of(InputStream.nullInputStream());
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return Optional.of(new BoundedInputStream(in, length));
  }

  /**
   * The object as a file on this machine, for zero-copy serving ({@code sendfile}), or empty if
   * this store keeps objects elsewhere (the default) or there is no such object. Callers that get
   * empty use {@link #open(String, long, long)}.
   */
  default Optional<java.nio.file.Path> localFile(String key) throws IOException {
    return Optional.empty();
  }

  /** Metadata of the object, or empty if there is none. */
  Optional<StoredObject> stat(String key) throws IOException;

  /**
   * Every object whose key starts with {@code prefix} (a plain string prefix, as in S3, so {@code
   * "a/b"} matches {@code "a/b/c"} and {@code "a/bc"}; {@code ""} lists everything), sorted by key
   * in ascending {@link String} order. Uploads in progress are not listed. A store may leave {@link
   * StoredObject#sha256()} {@code null} when its listing does not carry it; {@link #stat(String)}
   * or the value {@link #put} returned is then the place to get it.
   *
   * @throws IllegalArgumentException if {@code prefix} starts with {@code /} or holds a {@code .}
   *     or {@code ..} segment
   */
  List<StoredObject> list(String prefix) throws IOException;

  /** Removes the object if present. */
  void delete(String key) throws IOException;
}
