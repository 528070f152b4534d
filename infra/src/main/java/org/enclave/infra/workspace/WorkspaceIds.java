package org.enclave.infra.workspace;

import java.util.regex.Pattern;

/** Workspace ids name directories and cgroups, so they are restricted to safe characters. */
public final class WorkspaceIds {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  private WorkspaceIds() {}

  /** True for 1 to 64 letters, digits, {@code -} and {@code _}, starting with a letter or digit. */
  public static boolean isValid(String id) {
    return id != null && SAFE.matcher(id).matches();
  }

  /** Returns {@code id} if {@link #isValid valid}, else throws {@code INVALID_SPEC}. */
  public static String requireValid(String id) {
    if (!isValid(id)) {
      throw new WorkspaceException(
          WorkspaceException.Reason.INVALID_SPEC,
          "workspace id must be 1-64 letters, digits, '-' or '_', starting with a letter or digit");
    }
    return id;
  }
}
