package org.enclave.audit.merkle;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Wraps a store and counts what the log asks of it. */
final class CountingNodeStore implements NodeStore {

  private final NodeStore delegate;
  int gets;
  int getAllCalls;
  int nodesRead;
  int putAllCalls;

  CountingNodeStore(NodeStore delegate) {
    this.delegate = delegate;
  }

  void reset() {
    gets = 0;
    getAllCalls = 0;
    nodesRead = 0;
    putAllCalls = 0;
  }

  @Override
  public long size() {
    return delegate.size();
  }

  @Override
  public Optional<byte[]> get(int level, long index) {
    gets++;
    nodesRead++;
    return delegate.get(level, index);
  }

  @Override
  public Map<NodeId, byte[]> getAll(List<NodeId> ids) {
    getAllCalls++;
    nodesRead += ids.size();
    return delegate.getAll(ids);
  }

  @Override
  public void putAll(Map<NodeId, byte[]> nodes) {
    putAllCalls++;
    delegate.putAll(nodes);
  }
}
