package org.enclave.api.broker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The data broker: the S3 read endpoint each workspace reaches its granted datasets through. */
@ConfigMapping(prefix = "enclave.broker")
public interface BrokerConfig {

  /**
   * The region in the credential scope of every signature; the workspace's {@code AWS_REGION}.
   * Requests signed for any other region are refused.
   */
  @WithDefault("us-east-1")
  String region();

  /** The key-service key from which workspace secrets are derived (never stored). */
  @WithDefault("broker-credentials")
  String credentialKeyName();

  /**
   * Datasets never served by the broker, whatever grants say: gold labels and anything else only
   * the scorer may read.
   */
  @WithDefault("clpsych-synthetic-gold")
  List<String> restrictedDatasets();

  /** Path prefixes of files never served by the broker, in any dataset. */
  @WithDefault("gold/")
  List<String> restrictedPathPrefixes();

  /** Threads that check, audit and stream requests (each open stream holds one). */
  @WithDefault("64")
  int workerThreads();

  /** A stream whose client takes no bytes for this long is abandoned. */
  @WithDefault("60S")
  Duration stallTimeout();
}
