package org.enclave.api.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The AWS adapters' settings (docs/aws.md), read from configuration when an adapter is built.
 * {@link AwsReadiness} has refused startup already if a required one is missing, so a missing one
 * here is a programming error, reported with its name.
 */
public final class AwsSettings {
  private final Function<String, Optional<String>> values;

  AwsSettings(Function<String, Optional<String>> values) {
    this.values = values;
  }

  /** The settings of the running control plane. */
  public static AwsSettings current() {
    Config config = ConfigProvider.getConfig();
    return new AwsSettings(k -> config.getOptionalValue(k, String.class));
  }

  /** Whether {@code key} (an adapter choice such as enclave.workspaces.provider) picks AWS. */
  public boolean chooses(String key, String aws) {
    return optional(key).map(v -> v.trim().equalsIgnoreCase(aws)).orElse(false);
  }

  public Optional<String> optional(String key) {
    return values.apply(key).map(String::trim).filter(v -> !v.isEmpty());
  }

  public String required(String key) {
    return optional(key)
        .orElseThrow(() -> new IllegalStateException(key + " is not set (docs/aws.md)"));
  }

  public List<String> list(String key) {
    return List.of(required(key).split("\\s*,\\s*"));
  }

  /** {@code true} or {@code false}; unset is {@code false}. */
  public boolean flag(String key) {
    return optional(key)
        .map(
            v -> {
              if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalStateException(key + " must be true or false, not " + v);
              }
              return Boolean.parseBoolean(v);
            })
        .orElse(false);
  }

  public int integer(String key, int otherwise) {
    return optional(key).map(Integer::parseInt).orElse(otherwise);
  }

  public Optional<Duration> duration(String key) {
    return optional(key).map(AwsSettings::parseDuration);
  }

  public Path path(String key) {
    return Path.of(required(key));
  }

  public URI uri(String key) {
    return URI.create(required(key));
  }

  /**
   * ISO-8601 ({@code PT30M}, {@code P2555D}) or the Quarkus short form ({@code 30M}, {@code 7D}).
   */
  static Duration parseDuration(String v) {
    String s = v.trim().toUpperCase(java.util.Locale.ROOT);
    if (s.startsWith("P")) {
      return Duration.parse(s);
    }
    if (s.endsWith("D")) {
      return Duration.parse("P" + s);
    }
    return Duration.parse("PT" + s);
  }
}
