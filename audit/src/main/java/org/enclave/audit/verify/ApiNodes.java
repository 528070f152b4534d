package org.enclave.audit.verify;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.enclave.audit.merkle.NodeId;

/**
 * Subtree hashes read from {@code GET {base}/audit/log/nodes?level=L&from=N&limit=M} a page at a
 * time, per level, as the verifier reaches them. A page answers the stored nodes of level L with
 * index N or more, in increasing index order, at most M of them (a server may answer fewer); an
 * empty page means there are no more. A server that answers 404 stores none, which is allowed.
 * Holds one page per level, and requests the next page as soon as one arrives, since the verifier
 * reads on.
 */
final class ApiNodes implements StoredNodes {

  private final LogApi api;
  private final int pageSize;
  private final Page[] pages = new Page[NodeId.MAX_LEVEL + 1];
  private final LogApi.Call[] ahead = new LogApi.Call[NodeId.MAX_LEVEL + 1];
  private final long[] aheadFrom = new long[NodeId.MAX_LEVEL + 1];

  private ApiNodes(LogApi api, int pageSize) {
    this.api = api;
    this.pageSize = pageSize;
  }

  /** The nodes of the API, or {@link StoredNodes#NONE} if it answers 404. */
  static StoredNodes open(LogApi api, int pageSize) throws InputException {
    LogApi.Call first = api.get(path(1, 0, pageSize));
    Optional<List<?>> page = api.arrayUnless404(first);
    if (page.isEmpty()) {
      return StoredNodes.NONE;
    }
    ApiNodes nodes = new ApiNodes(api, pageSize);
    nodes.loaded(1, nodes.page(first.url(), 1, 0, pageSize, page.get()));
    return nodes;
  }

  @Override
  public boolean isEmpty() {
    return false;
  }

  @Override
  public byte[] get(int level, long index) throws InputException {
    Page page = pages[level];
    if (page == null || index < page.from || index > page.through) {
      page = readAhead(level, index);
      if (page == null) {
        LogApi.Call call = api.get(path(level, index, pageSize));
        page = page(call.url(), level, index, pageSize, api.array(call));
      }
      loaded(level, page);
    }
    int at = Arrays.binarySearch(page.indices, index);
    return at >= 0 ? page.hashes[at].clone() : null;
  }

  /** The page requested ahead for this level, if it holds {@code index}. */
  private Page readAhead(int level, long index) throws InputException {
    LogApi.Call call = ahead[level];
    ahead[level] = null;
    if (call == null) {
      return null;
    }
    if (aheadFrom[level] > index) {
      call.cancel();
      return null;
    }
    Page page = page(call.url(), level, aheadFrom[level], pageSize, api.array(call));
    return index <= page.through ? page : null;
  }

  /** Keeps a level's current page and, unless it was the last, requests the next one. */
  private void loaded(int level, Page page) {
    pages[level] = page;
    if (page.through != Long.MAX_VALUE) {
      aheadFrom[level] = page.through + 1;
      ahead[level] = api.get(path(level, page.through + 1, pageSize));
    }
  }

  @Override
  public Optional<NodeId> beyond(long size) throws InputException {
    for (int level = 1; level <= NodeId.MAX_LEVEL; level++) {
      LogApi.Call call = api.get(path(level, size >>> level, 1));
      Page page = page(call.url(), level, size >>> level, 1, api.array(call));
      if (page.indices.length > 0) {
        return Optional.of(new NodeId(level, page.indices[0]));
      }
    }
    return Optional.empty();
  }

  private static String path(int level, long from, int limit) {
    return "/audit/log/nodes?level=" + level + "&from=" + from + "&limit=" + limit;
  }

  private Page page(String url, int level, long from, int limit, List<?> elements)
      throws InputException {
    if (elements.size() > limit) {
      throw new InputException("GET " + url + " answered more than " + limit + " nodes");
    }
    long[] indices = new long[elements.size()];
    byte[][] hashes = new byte[elements.size()][];
    long previous = from - 1;
    for (int i = 0; i < elements.size(); i++) {
      DumpRecord.Node node;
      try {
        node = DumpFormat.node(elements.get(i));
      } catch (InputException e) {
        throw new InputException("GET " + url + ", node " + i + ": " + e.getMessage());
      }
      if (node.level() != level || node.index() <= previous) {
        throw new InputException(
            "GET "
                + url
                + " answered node "
                + new NodeId(node.level(), node.index())
                + " out of order or of another level");
      }
      indices[i] = node.index();
      hashes[i] = node.hash();
      previous = node.index();
    }
    long through = elements.isEmpty() ? Long.MAX_VALUE : previous;
    return new Page(from, through, indices, hashes);
  }

  /** Nodes of one level with index in {@code [from, through]}, as far as the log stored them. */
  private record Page(long from, long through, long[] indices, byte[][] hashes) {}
}
