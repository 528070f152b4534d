package org.enclave.workspace.runtime.client.s3;

import java.util.List;
import org.enclave.workspace.runtime.client.ObjectInfo;

/**
 * One page of a ListObjectsV2 answer.
 *
 * @param objects the keys on this page
 * @param commonPrefixes the folders on this page, if a delimiter was given
 * @param truncated whether more pages follow
 * @param nextContinuationToken the token for the next page, when truncated
 */
public record ListPage(
    List<ObjectInfo> objects,
    List<String> commonPrefixes,
    boolean truncated,
    String nextContinuationToken) {
  public ListPage {
    objects = List.copyOf(objects);
    commonPrefixes = List.copyOf(commonPrefixes);
  }
}
