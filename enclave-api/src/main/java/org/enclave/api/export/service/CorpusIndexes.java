package org.enclave.api.export.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.enclave.api.config.EnclaveConfig;
import org.enclave.api.export.check.CorpusFormat;
import org.enclave.api.export.check.CorpusIndex;
import org.enclave.api.export.check.CorpusIndexWriter;
import org.enclave.api.export.check.CorpusSource;
import org.enclave.api.governance.persistence.DatasetFileEntity;
import org.enclave.api.governance.persistence.DatasetFileRepository;
import org.enclave.api.governance.service.VersionPublished;
import org.enclave.infra.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * The corpus index of each published dataset version, kept under {@code
 * <state-dir>/export-index/<version>.idx}: built in the background when the version is published
 * (or, if that did not finish, by the first check that needs it; a version is immutable once
 * published, so an index never goes stale), and read back from the object store to confirm a match.
 */
@ApplicationScoped
public class CorpusIndexes {
  private static final Logger LOG = Logger.getLogger(CorpusIndexes.class);
  static final int WORDS = 8;

  @Inject DatasetFileRepository files;
  @Inject ObjectStore store;
  @Inject EnclaveConfig config;

  private final Map<UUID, Object> building = new ConcurrentHashMap<>();
  private final ExecutorService background =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "export-corpus-index");
            t.setDaemon(true);
            return t;
          });

  /** Indexes a version as soon as its publication is committed. */
  void onPublished(@Observes(during = TransactionPhase.AFTER_SUCCESS) VersionPublished event) {
    background.execute(
        () -> {
          try {
            ensureBuilt(event.versionId(), filesOf(event.versionId()));
          } catch (IOException | RuntimeException e) {
            LOG.warnf(
                "the corpus index of version %s was not built at publication (%s); the first"
                    + " export check will build it",
                event.versionId(), e.getMessage());
          }
        });
  }

  void onStop(@Observes ShutdownEvent event) {
    background.shutdownNow();
  }

  /** Whether the version's index exists (built at publication or by a check). */
  public boolean isBuilt(UUID versionId) {
    return Files.exists(dir().resolve(versionId + ".idx"));
  }

  private List<DatasetFileEntity> filesOf(UUID versionId) {
    return QuarkusTransaction.requiringNew().call(() -> files.listForVersion(versionId));
  }

  private Path ensureBuilt(UUID versionId, List<DatasetFileEntity> versionFiles)
      throws IOException {
    Path target = dir().resolve(versionId + ".idx");
    synchronized (building.computeIfAbsent(versionId, v -> new Object())) {
      if (!Files.exists(target)) {
        build(versionFiles, target);
      }
    }
    return target;
  }

  /** A version's index and how to read its posts back. */
  public record Indexed(UUID versionId, CorpusIndex index, CorpusSource source) {}

  /** Opens the index of a published version, building it first if there is none yet. */
  public Indexed open(UUID versionId) throws IOException {
    List<DatasetFileEntity> versionFiles = filesOf(versionId);
    Map<String, String> keys = new HashMap<>();
    for (DatasetFileEntity f : versionFiles) {
      keys.put(f.path, f.objectKey);
    }
    Path target = ensureBuilt(versionId, versionFiles);
    CorpusSource source =
        (file, offset, length) -> {
          String key = keys.get(file);
          if (key == null) {
            throw new IOException("the version has no file " + file);
          }
          return store
              .open(key, offset, length)
              .orElseThrow(() -> new IOException("object " + key + " is missing"));
        };
    return new Indexed(versionId, CorpusIndex.open(target), source);
  }

  private void build(List<DatasetFileEntity> versionFiles, Path target) throws IOException {
    long t0 = System.nanoTime();
    Path work = Files.createTempDirectory(dir(), "build-");
    try (CorpusIndexWriter w = new CorpusIndexWriter(WORDS, work)) {
      for (DatasetFileEntity f : versionFiles) {
        CorpusFormat format = CorpusFormat.of(f.path);
        if (format == null) {
          continue;
        }
        try (InputStream in =
            store.open(f.objectKey).orElseThrow(() -> new IOException(f.objectKey + " missing"))) {
          w.add(f.path, format, in);
        }
      }
      w.write(target); // written aside and moved into place: an index that exists is whole
      LOG.infof(
          "indexed %d characters of post text for export checks in %d ms: %s",
          w.textChars(), (System.nanoTime() - t0) / 1_000_000, target.getFileName());
    } finally {
      try (var left = Files.list(work)) {
        for (Path p : left.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(work);
    }
  }

  private Path dir() {
    try {
      return Files.createDirectories(config.stateDir().resolve("export-index"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
