package org.enclave.audit.verify;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.enclave.audit.json.CanonicalJson;
import org.enclave.audit.note.NoteVerifier;

/** The verifier's output: a report for people, or one JSON object for machines. */
final class Report {

  private Report() {}

  /**
   * The report of a log that verified, ending in {@code OK}; {@code anchor} is the anchor file
   * checked, or null.
   */
  static String text(VerificationSummary s, NoteVerifier key, String source, String anchor) {
    StringBuilder out = new StringBuilder();
    out.append("Audit log ").append(key.name()).append('\n');
    row(out, "key", key.verifierKey());
    row(out, "source", source);
    row(
        out,
        "entries",
        s.entries() == 0
            ? "none"
            : count(s.entries()) + " (indices 0 to " + count(s.entries() - 1) + ", contiguous)");
    row(out, "leaf hashes", count(s.leafHashesChecked()) + " stored, all match their entries");
    row(
        out,
        "subtree hashes",
        count(s.subtreeHashesChecked()) + " stored, all match the entries they cover");
    row(
        out,
        "checkpoints",
        count(s.checkpoints())
            + " signed by the key, all match the entries"
            + (s.checkpoints() == 0 ? "" : "; the latest signs " + count(s.signedSize())));
    if (anchor != null) {
      row(
          out,
          "anchor",
          count(s.anchoredCheckpoints())
              + " checkpoints in "
              + anchor
              + ", signed by the key, all match the entries; the latest signs "
              + count(s.anchoredSize()));
    }
    row(out, "root", base64(s.root()) + " (of all " + count(s.entries()) + " entries)");
    row(out, "not yet signed", count(s.unsignedEntries()) + " entries after the latest checkpoint");
    return out.append("OK").toString();
  }

  /** The JSON object of a log that verified; {@code anchor} is the anchor file checked, or null. */
  static String json(VerificationSummary s, NoteVerifier key, String source, String anchor) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", "OK");
    out.put("origin", key.name());
    out.put("key", key.verifierKey());
    out.put("source", source);
    out.put("entries", s.entries());
    out.put("checkpoints", (long) s.checkpoints());
    out.put("signedSize", s.signedSize());
    out.put("unsignedEntries", s.unsignedEntries());
    out.put("root", base64(s.root()));
    out.put("leafHashesChecked", s.leafHashesChecked());
    out.put("subtreeHashesChecked", s.subtreeHashesChecked());
    if (anchor != null) {
      out.put("anchor", anchor);
      out.put("anchoredCheckpoints", (long) s.anchoredCheckpoints());
      out.put("anchoredSize", s.anchoredSize());
    }
    return CanonicalJson.toJson(out);
  }

  /** The JSON object of a failed verification; {@code index} is null if no entry is concerned. */
  static String failureJson(VerificationException e, String source) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", "FAIL");
    out.put("index", e.index().isPresent() ? e.index().getAsLong() : null);
    out.put("reason", e.reason());
    out.put("source", source);
    return CanonicalJson.toJson(out);
  }

  /** The JSON object of an input or usage error. */
  static String errorJson(String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", "ERROR");
    out.put("reason", message);
    return CanonicalJson.toJson(out);
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append(String.format(Locale.ROOT, "  %-15s %s%n", name, value));
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String base64(byte[] hash) {
    return Base64.getEncoder().encodeToString(hash);
  }
}
