package org.enclave.api.sharedtask.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;
import org.enclave.api.sharedtask.scoring.FileFormat;
import org.enclave.api.sharedtask.scoring.MetricSuite;
import org.enclave.api.sharedtask.scoring.MetricSuites;
import org.enclave.api.sharedtask.scoring.Scores;
import org.enclave.api.sharedtask.scoring.submission.ClassificationGold;
import org.enclave.api.sharedtask.scoring.submission.ParseLimits;
import org.enclave.api.sharedtask.scoring.submission.ParseResult;
import org.enclave.api.sharedtask.scoring.submission.PrioritizationGold;
import org.enclave.infra.storage.ObjectStore;

/**
 * The built-in metric suites seen through erased types: the control plane holds parsed gold labels
 * and submissions as plain objects and hands them back to the suite that made them.
 */
final class Suites {
  private Suites() {}

  @SuppressWarnings("unchecked")
  static MetricSuite<Object, Object> require(String name) {
    Optional<MetricSuite<?, ?>> suite = MetricSuites.byName(name);
    if (suite.isEmpty()) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED,
          "unknown metric suite '" + name + "'; see GET /api/v1/metric-suites",
          java.util.List.of(new FieldError("suite", "unknown metric suite")));
    }
    return (MetricSuite<Object, Object>) suite.get();
  }

  /**
   * The format named by a request parameter ({@code tsv} or {@code json}) if the suite takes it.
   */
  static FileFormat format(MetricSuite<?, ?> suite, String name) {
    String wanted = name == null || name.isBlank() ? "tsv" : name.strip();
    FileFormat format;
    try {
      format = FileFormat.valueOf(wanted.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw unsupported(suite, wanted);
    }
    if (!suite.submissionFormats().contains(format)) {
      throw unsupported(suite, wanted);
    }
    return format;
  }

  private static EnclaveException unsupported(MetricSuite<?, ?> suite, String wanted) {
    return new EnclaveException(
        ErrorCode.UNSUPPORTED_FORMAT,
        "format '"
            + wanted
            + "' is not taken by suite "
            + suite.name()
            + "; use one of "
            + suite.submissionFormats().stream()
                .map(f -> f.name().toLowerCase(Locale.ROOT))
                .sorted()
                .toList());
  }

  /** A source of a file's bytes that can be opened more than once. */
  @FunctionalInterface
  interface Source {
    InputStream open() throws IOException;

    /** The bytes as a file on this machine, when they are one: suites read files in parallel. */
    default Optional<Path> file() throws IOException {
      return Optional.empty();
    }

    /** A file on this machine. */
    static Source of(Path file) {
      return new Source() {
        @Override
        public InputStream open() throws IOException {
          return Files.newInputStream(file);
        }

        @Override
        public Optional<Path> file() {
          return Optional.of(file);
        }
      };
    }

    /** An object of the store; {@code missing} says what it is when it is not there. */
    static Source stored(ObjectStore store, String key, String missing) {
      return new Source() {
        @Override
        public InputStream open() throws IOException {
          return store.open(key).orElseThrow(() -> new IOException(missing));
        }

        @Override
        public Optional<Path> file() throws IOException {
          return store.localFile(key);
        }
      };
    }
  }

  static ParseResult<Object> readGold(MetricSuite<Object, Object> suite, Source s, ParseLimits l) {
    try (InputStream in = s.open()) {
      return suite.readGold(in, l);
    } catch (IOException e) {
      throw new IllegalStateException("gold labels could not be read", e);
    }
  }

  static ParseResult<Object> readSubmission(
      MetricSuite<Object, Object> suite, Source s, FileFormat f, Object gold, ParseLimits l) {
    try {
      Optional<Path> file = s.file();
      if (file.isPresent()) {
        return suite.readSubmission(file.get(), f, gold, l);
      }
      try (InputStream in = s.open()) {
        return suite.readSubmission(in, f, gold, l);
      }
    } catch (IOException e) {
      throw new IllegalStateException("submission could not be read", e);
    }
  }

  /** How many users a parsed gold file labels. */
  static int users(Object gold) {
    if (gold instanceof ClassificationGold c) {
      return c.size();
    }
    if (gold instanceof PrioritizationGold p) {
      return p.userCount();
    }
    throw new IllegalArgumentException("unknown gold type " + gold.getClass().getName());
  }

  static Scores score(MetricSuite<Object, Object> suite, Object gold, Object submission) {
    return suite.score(gold, submission);
  }
}
