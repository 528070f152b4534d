package org.enclave.api.workspace.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.enclave.infra.workspace.WorkspaceLimits;

/** The sizes a team may ask for, each a fixed set of resource limits. */
public enum WorkspaceSize {
  /** One core, 2 GiB. */
  SMALL(new WorkspaceLimits(1, 2048, 512, 4096)),
  /** Two cores, 4 GiB. */
  MEDIUM(new WorkspaceLimits(2, 4096, 1024, 4096)),
  /** Four cores, 8 GiB. */
  LARGE(new WorkspaceLimits(4, 8192, 2048, 8192));

  private final WorkspaceLimits limits;

  WorkspaceSize(WorkspaceLimits limits) {
    this.limits = limits;
  }

  public WorkspaceLimits limits() {
    return limits;
  }

  /** As in requests and responses: {@code small}, {@code medium}, {@code large}. */
  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Accepts exactly the names of {@link #json()}; anything else is a wrong type. */
  @JsonCreator
  public static WorkspaceSize fromJson(String value) {
    for (WorkspaceSize s : values()) {
      if (s.json().equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("size must be small, medium or large");
  }
}
