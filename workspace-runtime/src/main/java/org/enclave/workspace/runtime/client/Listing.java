package org.enclave.workspace.runtime.client;

import java.util.List;

/**
 * One level of a dataset version, as a directory listing: the folders (common prefixes, each ending
 * in the delimiter) and the files directly under the prefix.
 */
public record Listing(String bucket, String prefix, List<String> folders, List<ObjectInfo> files) {
  public Listing {
    folders = List.copyOf(folders);
    files = List.copyOf(files);
  }
}
