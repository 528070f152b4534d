package org.enclave.api.export.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits of the export airlock (docs/exports.md). */
@ConfigMapping(prefix = "enclave.exports")
public interface ExportConfig {

  /** Largest file a workspace may stage for export, in bytes. */
  @WithDefault("104857600")
  long maxFileBytes();

  /** Most files in one request. */
  @WithDefault("20")
  int maxFiles();

  /** Largest total of one request's files, in bytes. */
  @WithDefault("536870912")
  long maxRequestBytes();

  /** Longest justification, in characters. */
  @WithDefault("4000")
  int maxJustificationChars();

  /** Table cells counting fewer people than this are reported ({@code small-count}). */
  @WithDefault("10")
  int minCellCount();

  /** How long a staged file waits for the request that names it before it is deleted. */
  @WithDefault("PT1H")
  Duration stagingTime();
}
