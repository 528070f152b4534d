package org.enclave.infra.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@link ObjectStore} on the local filesystem: one file per key under a root directory. Uploads are
 * written to a temporary file, fsynced and renamed into place atomically.
 */
public final class LocalFileObjectStore implements ObjectStore {
  private static final int BUFFER = 64 * 1024;

  private final Path root;
  private final Path staging;

  public LocalFileObjectStore(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.staging = this.root.resolve(".staging");
    Files.createDirectories(staging);
  }

  @Override
  public StoredObject put(String key, InputStream content, long maxBytes) throws IOException {
    Path target = resolve(key);
    Path tmp = Files.createTempFile(staging, "upload-", ".part");
    try {
      MessageDigest sha = sha256();
      long total = 0;
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = content.read(buf)) != -1) {
          total += n;
          if (total > maxBytes) {
            throw new ObjectTooLargeException(maxBytes);
          }
          sha.update(buf, 0, n);
          out.write(buf, 0, n);
        }
      }
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.createDirectories(target.getParent());
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(target.getParent());
      return new StoredObject(
          key,
          total,
          HexFormat.of().formatHex(sha.digest()),
          Files.getLastModifiedTime(target).toInstant());
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public Optional<InputStream> open(String key) throws IOException {
    Path p = resolve(key);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.newInputStream(p));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<InputStream> open(String key, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative");
    }
    Path p = resolve(key);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(p, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      channel.position(offset);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return Optional.of(new BoundedInputStream(Channels.newInputStream(channel), length));
  }

  @Override
  public Optional<Path> localFile(String key) {
    Path p = resolve(key);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  @Override
  public Optional<StoredObject> stat(String key) throws IOException {
    Path p = resolve(key);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    return Optional.of(
        new StoredObject(key, Files.size(p), null, Files.getLastModifiedTime(p).toInstant()));
  }

  /** Lists regular files under the root, never the staging directory of uploads in progress. */
  @Override
  public List<StoredObject> list(String prefix) throws IOException {
    ObjectKeys.requireValidPrefix(prefix);
    List<StoredObject> found = new ArrayList<>();
    try (var paths =
        Files.find(
            root,
            Integer.MAX_VALUE,
            (p, attrs) -> attrs.isRegularFile() && !p.startsWith(staging))) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        String key = keyOf(p);
        if (key.startsWith(prefix)) {
          BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
          found.add(
              new StoredObject(key, attrs.size(), null, attrs.lastModifiedTime().toInstant()));
        }
      }
    }
    found.sort(Comparator.comparing(StoredObject::key));
    return found;
  }

  private String keyOf(Path file) {
    StringBuilder key = new StringBuilder();
    for (Path part : root.relativize(file)) {
      if (key.length() > 0) {
        key.append('/');
      }
      key.append(part);
    }
    return key.toString();
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(resolve(key));
  }

  private Path resolve(String key) {
    ObjectKeys.requireValid(key);
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root) || p.equals(root) || p.startsWith(staging)) {
      throw new IllegalArgumentException("object key escapes the store");
    }
    return p;
  }

  /** Makes the rename durable; not every filesystem lets a directory be opened, so best effort. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // The object is in place; only its durability across a power cut is weaker.
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
