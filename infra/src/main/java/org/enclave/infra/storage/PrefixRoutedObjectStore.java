package org.enclave.infra.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@link ObjectStore} made of several: keys under a routed prefix live in that prefix's store,
 * every other key in the default store. Keys are not rewritten, so an object keeps its key in
 * whichever store holds it. This is how gold labels, scoring programs and submissions (keys under
 * {@code restricted/}) live in a bucket of their own on AWS, with its own policy and data events,
 * while the control plane still sees one store.
 *
 * <p>Routed prefixes must end in {@code /} and none may contain another, so every key has exactly
 * one home.
 */
public final class PrefixRoutedObjectStore implements ObjectStore {
  private final ObjectStore fallback;
  private final Map<String, ObjectStore> routes;

  /**
   * @param fallback the store for keys under no routed prefix
   * @param routes key prefix (ending in {@code /}) to the store holding the keys under it
   */
  public PrefixRoutedObjectStore(ObjectStore fallback, Map<String, ObjectStore> routes) {
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    this.routes = new LinkedHashMap<>();
    for (Map.Entry<String, ObjectStore> route : routes.entrySet()) {
      String prefix = ObjectKeys.requireValidPrefix(route.getKey());
      if (prefix.isEmpty() || !prefix.endsWith("/")) {
        throw new IllegalArgumentException("a routed prefix must end in /: " + prefix);
      }
      for (String other : this.routes.keySet()) {
        if (other.startsWith(prefix) || prefix.startsWith(other)) {
          throw new IllegalArgumentException("routed prefixes overlap: " + other + ", " + prefix);
        }
      }
      this.routes.put(prefix, Objects.requireNonNull(route.getValue(), "store for " + prefix));
    }
  }

  private ObjectStore storeFor(String key) {
    for (Map.Entry<String, ObjectStore> route : routes.entrySet()) {
      if (key.startsWith(route.getKey())) {
        return route.getValue();
      }
    }
    return fallback;
  }

  @Override
  public StoredObject put(String key, InputStream content, long maxBytes) throws IOException {
    return storeFor(ObjectKeys.requireValid(key)).put(key, content, maxBytes);
  }

  @Override
  public Optional<InputStream> open(String key) throws IOException {
    return storeFor(ObjectKeys.requireValid(key)).open(key);
  }

  @Override
  public Optional<InputStream> open(String key, long offset, long length) throws IOException {
    return storeFor(ObjectKeys.requireValid(key)).open(key, offset, length);
  }

  @Override
  public Optional<Path> localFile(String key) throws IOException {
    return storeFor(ObjectKeys.requireValid(key)).localFile(key);
  }

  @Override
  public Optional<StoredObject> stat(String key) throws IOException {
    return storeFor(ObjectKeys.requireValid(key)).stat(key);
  }

  /**
   * A prefix inside a routed one is listed from that store alone; a shorter prefix (such as {@code
   * ""}) merges the default store's keys outside every route with the keys of each route it covers,
   * in key order.
   */
  @Override
  public List<StoredObject> list(String prefix) throws IOException {
    ObjectKeys.requireValidPrefix(prefix);
    for (Map.Entry<String, ObjectStore> route : routes.entrySet()) {
      if (prefix.startsWith(route.getKey())) {
        return route.getValue().list(prefix);
      }
    }
    List<StoredObject> all = new ArrayList<>();
    for (StoredObject o : fallback.list(prefix)) {
      if (storeFor(o.key()) == fallback) {
        all.add(o);
      }
    }
    for (Map.Entry<String, ObjectStore> route : routes.entrySet()) {
      if (route.getKey().startsWith(prefix)) {
        for (StoredObject o : route.getValue().list(prefix)) {
          if (o.key().startsWith(route.getKey())) {
            all.add(o);
          }
        }
      }
    }
    all.sort(Comparator.comparing(StoredObject::key));
    return all;
  }

  @Override
  public void delete(String key) throws IOException {
    storeFor(ObjectKeys.requireValid(key)).delete(key);
  }
}
