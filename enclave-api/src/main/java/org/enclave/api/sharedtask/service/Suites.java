package org.enclave.api.sharedtask.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
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
  /**
   * The suite name of a task scored by its organizers' program (see ScoringPrograms) rather than a
   * built-in suite.
   */
  static final String PROGRAM = "program";

  private Suites() {}

  static boolean isProgram(String suiteName) {
    return PROGRAM.equals(suiteName);
  }

  @SuppressWarnings("unchecked")
  static MetricSuite<Object, Object> require(String name) {
    Optional<MetricSuite<?, ?>> suite = MetricSuites.byName(name);
    if (suite.isEmpty()) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED,
          "unknown metric suite '"
              + name
              + "'; see GET /api/v1/metric-suites, or use '"
              + PROGRAM
              + "' to score with a program of your own",
          java.util.List.of(new FieldError("suite", "unknown metric suite")));
    }
    return (MetricSuite<Object, Object>) suite.get();
  }

  /**
   * The format named by a request parameter ({@code tsv} or {@code json}) if the task's suite takes
   * it. A scoring program takes either and is told which.
   */
  static FileFormat format(String suiteName, String name) {
    Set<FileFormat> formats = formats(suiteName);
    String wanted = name == null || name.isBlank() ? "tsv" : name.strip();
    FileFormat format;
    try {
      format = FileFormat.valueOf(wanted.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw unsupported(suiteName, formats, wanted);
    }
    if (!formats.contains(format)) {
      throw unsupported(suiteName, formats, wanted);
    }
    return format;
  }

  /** The submission formats a task with this suite takes. */
  static Set<FileFormat> formats(String suiteName) {
    return isProgram(suiteName)
        ? EnumSet.allOf(FileFormat.class)
        : require(suiteName).submissionFormats();
  }

  private static EnclaveException unsupported(
      String suiteName, Set<FileFormat> formats, String wanted) {
    return new EnclaveException(
        ErrorCode.UNSUPPORTED_FORMAT,
        "format '"
            + wanted
            + "' is not taken by suite "
            + suiteName
            + "; use one of "
            + formats.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).sorted().toList());
  }

  /** A source of a file's bytes that can be opened more than once. */
  @FunctionalInterface
  interface Source {
    InputStream open() throws IOException;

    /** The bytes as a file on this machine, if they are one (else read them with open). */
    default Optional<Path> localPath() {
      return Optional.empty();
    }

    /** An object of the store, and its local file when the store keeps one. */
    static Source ofObject(ObjectStore store, String key) {
      return new Source() {
        @Override
        public InputStream open() throws IOException {
          return store
              .open(key)
              .orElseThrow(() -> new IOException("object " + key + " is missing"));
        }

        @Override
        public Optional<Path> localPath() {
          try {
            return store.localFile(key);
          } catch (IOException e) {
            return Optional.empty();
          }
        }
      };
    }

    /** A file on this machine. */
    static Source of(Path file) {
      return new Source() {
        @Override
        public InputStream open() throws IOException {
          return Files.newInputStream(file);
        }

        @Override
        public Optional<Path> localPath() {
          return Optional.of(file);
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
      // A file on this machine is read in parts, in parallel, by the suites that can.
      Optional<Path> file = s.localPath();
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
