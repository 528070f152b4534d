package org.enclave.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Settings of the control plane. Every local default can be replaced by configuration alone. */
@ConfigMapping(prefix = "enclave")
public interface EnclaveConfig {

  /** Where this control plane runs; {@code production} turns on the startup safety checks. */
  Deployment deployment();

  /** Directory of local state (keys, checkpoint anchor) for the local enclave. */
  @WithDefault(".enclave")
  Path stateDir();

  /** Dataset storage. */
  ObjectStore objectStore();

  /** Limits on what clients may send. */
  Limits limits();

  /** Demo data for the local enclave. */
  Demo demo();

  /** The tamper-evident audit log. */
  Audit audit();

  interface Audit {
    /**
     * The log's name: the origin line of its checkpoints and the name in its verifier key. Make it
     * unique to this deployment, like a host name and path.
     */
    @WithDefault("enclave.local/audit")
    String origin();

    /** The signing key's name in the key service. */
    @WithDefault("audit-log")
    String keyName();

    /**
     * Directory of the local key service's key files. Local mode creates the signing key there on
     * first use; production requires a directory outside {@link EnclaveConfig#stateDir()} that
     * already holds the provisioned key file {@code <key-name>.ed25519}.
     */
    Path keyDir();

    /** Append-only file outside the database that receives every signed checkpoint. */
    Path anchorFile();

    /** Where checkpoints are anchored: {@code file} ({@link #anchorFile()}) or {@code s3}. */
    @WithDefault("file")
    String anchor();

    /** Most entries committed together. */
    @WithDefault("1024")
    int maxBatch();

    /** A checkpoint is issued at least this often while the log grows. */
    @WithDefault("1S")
    java.time.Duration checkpointInterval();
  }

  interface Deployment {
    /** {@code local} for the single-machine enclave, {@code production} for everything else. */
    @WithDefault("production")
    Mode mode();
  }

  enum Mode {
    LOCAL,
    PRODUCTION
  }

  interface ObjectStore {
    /** {@code local} (files under {@link #root()}) or {@code s3} (docs/aws.md). */
    @WithDefault("local")
    String provider();

    /** Root directory of the local filesystem object store. */
    @WithDefault(".enclave/objects")
    Path root();
  }

  interface Limits {
    /** Largest JSON request body, in bytes. */
    @WithDefault("65536")
    int maxJsonBytes();

    /** Largest single dataset file, in bytes. */
    @WithDefault("10737418240")
    long maxFileBytes();

    /**
     * Refused unauthenticated requests from one client address that get an audit entry each per
     * minute; the rest of that minute's are recorded as one summary entry.
     */
    @WithDefault("60")
    int unauthenticatedAuditPerMinute();

    /** The same budget across all client addresses together. */
    @WithDefault("600")
    int unauthenticatedAuditOverallPerMinute();
  }

  interface Demo {
    /** Load the synthetic demo dataset, teams and a pending request at startup (once). */
    @WithDefault("false")
    boolean enabled();

    /** Seed of the synthetic corpus; the same seed always gives the same files. */
    @WithDefault("2019")
    long seed();

    /** Number of synthetic users in the corpus. */
    @WithDefault("200")
    int users();
  }
}
