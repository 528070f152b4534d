package org.enclave.api.workspace.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Workspaces: where their sandboxes live, how many may run, when idle ones stop. */
@ConfigMapping(prefix = "enclave.workspaces")
public interface WorkspaceConfig {

  /**
   * Whether this control plane runs workspaces. When off, or when the host cannot run them, the
   * workspace API answers {@code 503 workspaces-unavailable} and everything else works.
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * The directory that holds the sandboxes' records ({@code state/}, where {@code ./enclave shell}
   * looks), the homes ({@code homes/}) and one broker socket directory per workspace ({@code
   * broker/<id>/}). Never visible inside a workspace.
   */
  Path root();

  /**
   * A host directory of kernels and tools for workspaces (the JVM kernel built by module {@code
   * workspace-runtime}), shown read-only inside at {@code /opt/enclave/runtime}, with its {@code
   * bin} on the {@code PATH} and its {@code kernels/} found by Jupyter. Used only if it exists.
   */
  Optional<Path> runtimeDir();

  /** Running (and starting) workspaces a team may have at once. */
  @WithDefault("2")
  int maxRunningPerTeam();

  /**
   * Running (and starting) workspaces of all teams at once: the deployment's quota, checked before
   * any cloud call, below the account's own EC2 quota.
   */
  @WithDefault("50")
  int maxRunning();

  /** Which provider runs workspaces: {@code local} (bubblewrap sandboxes) or {@code aws} (EC2). */
  @WithDefault("local")
  String provider();

  /** A running workspace with no data broker request for this long is stopped. */
  @WithDefault("2H")
  Duration idleTimeout();

  /**
   * How often recorded activity is saved, idle workspaces are stopped, and the records are compared
   * with the sandboxes that really run.
   */
  @WithDefault("1M")
  Duration checkInterval();

  /** How long a start may take before it counts as failed. */
  @WithDefault("60S")
  Duration readyTimeout();

  /** How long a stop waits for the workspace's processes to end before killing them. */
  @WithDefault("5S")
  Duration stopGrace();

  /**
   * First host uid given to workspaces (each gets its own, kept until terminated). The range must
   * hold no other user, nor serve another state directory.
   */
  @WithDefault("1100000")
  long uidBase();

  /** How many uids the range holds: at most that many workspaces that are not terminated. */
  @WithDefault("65536")
  int uidCount();

  /** The cgroup, under the control plane's own, that holds the workspaces' cgroups. */
  @WithDefault("enclave-workspaces")
  String cgroupName();

  /**
   * Refuse to run workspaces unless the control plane runs as root. Without root, sandboxes share
   * the control plane's uid and lose the per-workspace uid, pseudo-terminals and process limits
   * (see docs/workspaces.md), so this stays on outside development.
   */
  @WithDefault("true")
  boolean requireRoot();
}
