package org.enclave.api.export.service;

import java.util.regex.Pattern;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;

/**
 * Names of exported files: the path relative to the workspace's home, as a reviewer sees it and as
 * the team downloads it. Plain segments only, so that no name can be read as a path elsewhere.
 */
final class ExportNames {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+ -]{0,99}");
  static final int MAX_LENGTH = 255;

  private ExportNames() {}

  static String requireValid(String name) {
    if (name == null || name.isEmpty()) {
      throw invalid("name the file with ?name=PATH (its path relative to the home directory)");
    }
    if (name.length() > MAX_LENGTH) {
      throw invalid("the file name is longer than " + MAX_LENGTH + " characters");
    }
    for (String segment : name.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.endsWith(" ")) {
        throw invalid(
            "the file name "
                + quote(name)
                + " must be a relative path of segments of letters, digits and . _ + - or spaces,"
                + " each starting with a letter or digit (no '..', no leading '/')");
      }
    }
    return name;
  }

  private static String quote(String s) {
    return "'" + s.replaceAll("\\p{Cntrl}", "?") + "'";
  }

  private static EnclaveException invalid(String detail) {
    return new EnclaveException(ErrorCode.INVALID_FILE_NAME, detail);
  }
}
