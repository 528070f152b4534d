package org.enclave.infra.local.demo;

import java.util.Arrays;
import java.util.Objects;

/**
 * One file of a demo dataset.
 *
 * @param path relative, slash-separated path inside the dataset, e.g. {@code train/posts.jsonl}
 * @param split who may read the file
 * @param mediaType the file's media type, for the object store's {@code Content-Type}
 * @param content the file's bytes (copied in and out: the record stays immutable)
 */
public record DemoFile(String path, Split split, String mediaType, byte[] content) {

  /** Which part of a shared-task dataset a file belongs to, and so who may read it. */
  public enum Split {
    /** Training posts and labels, readable by participants. */
    TRAIN,
    /** Test posts without labels, readable by participants. */
    TEST_INPUT,
    /** Test labels and evidence, readable only by the scorer. */
    TEST_GOLD,
    /** Documentation. */
    DOCS
  }

  public static final String JSON_LINES = "application/x-ndjson";
  public static final String TSV = "text/tab-separated-values; charset=utf-8";
  public static final String MARKDOWN = "text/markdown; charset=utf-8";

  public DemoFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(content, "content");
    if (path.isEmpty()
        || path.startsWith("/")
        || path.endsWith("/")
        || path.contains("\\")
        || path.contains("//")) {
      throw new IllegalArgumentException("not a relative file path: " + path);
    }
    for (String segment : path.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("path must not contain . or ..: " + path);
      }
    }
    content = content.clone();
  }

  /** A copy of the file's bytes. */
  @Override
  public byte[] content() {
    return content.clone();
  }

  /** Length in bytes. */
  public int size() {
    return content.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DemoFile that
        && path.equals(that.path)
        && split == that.split
        && mediaType.equals(that.mediaType)
        && Arrays.equals(content, that.content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, split, mediaType, Arrays.hashCode(content));
  }

  @Override
  public String toString() {
    return "DemoFile[path=" + path + ", split=" + split + ", size=" + content.length + "]";
  }
}
