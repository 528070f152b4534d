package org.enclave.api.ingest.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Pseudonymized ingest: the named-entity worker, checkpoints, the report. */
@ConfigMapping(prefix = "enclave.ingest")
public interface IngestConfig {

  /**
   * The built {@code ner-worker} module's {@code target} directory (its jar and {@code lib/}). If
   * unset or not built, ingest masks with patterns, terms and usernames only, and every masking
   * report says that no model ran.
   */
  Optional<Path> nerWorkerDir();

  /** Threads of the named-entity worker. */
  @WithDefault("2")
  int nerThreads();

  /** The worker's {@code -Xmx}. */
  @WithDefault("1g")
  String nerHeap();

  /** How long the worker may take to load its model. */
  @WithDefault("2M")
  Duration nerStartTimeout();

  /**
   * The key-service key each dataset's pseudonym key is derived from (never stored): a key of its
   * own, so that rotating another key never changes a dataset's pseudonyms.
   */
  @WithDefault("pseudonyms")
  String pseudonymKeyName();

  /** Rows masked between checkpoints: a restart redoes at most this many. */
  @WithDefault("2000")
  int checkpointRows();

  /** Posts in a report's before-and-after sample. */
  @WithDefault("20")
  int sampleSize();

  /** Masked strings a report lists. */
  @WithDefault("25")
  int frequentStrings();

  /** Row problems a job keeps (it counts them all). */
  @WithDefault("1000")
  int maxProblems();
}
