package org.enclave.audit.verify;

import java.util.ArrayList;
import java.util.List;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteVerifier;

/**
 * Verifies the live log through the control plane's API:
 *
 * <ol>
 *   <li>{@code GET {base}/audit/log/checkpoints}: every checkpoint, oldest first;
 *   <li>{@code GET {base}/audit/log/nodes?level=L&from=N&limit=M}: stored subtree hashes, as the
 *       entries reach them (optional: 404 means none, see {@link ApiNodes});
 *   <li>{@code GET {base}/audit/log/entries?from=N&limit=M}: entries with index N or more, in index
 *       order, at most M; the next page starts after the last index received, until a page is
 *       empty.
 * </ol>
 *
 * Checkpoints are read first, so every entry they sign is already stored when the entries are read;
 * entries appended meanwhile are verified too, and reported as not yet signed. The next page of
 * entries is requested while the current one is verified.
 */
final class ApiVerification {

  private ApiVerification() {}

  /** Verifies the log the API serves against the log key, reading pages of {@code pageSize}. */
  static VerificationSummary verify(LogApi api, NoteVerifier key, int pageSize)
      throws InputException, VerificationException {
    return verify(api, key, List.of(), pageSize);
  }

  /**
   * Verifies the log the API serves against the log key and the opened checkpoints of the external
   * anchor ({@link AnchorFile}), reading pages of {@code pageSize}.
   */
  static VerificationSummary verify(
      LogApi api, NoteVerifier key, List<Checkpoint> anchored, int pageSize)
      throws InputException, VerificationException {
    List<DumpRecord.SignedCheckpoint> listed = new ArrayList<>();
    String checkpointsPath = "/audit/log/checkpoints";
    List<?> checkpoints = api.array(checkpointsPath);
    for (int i = 0; i < checkpoints.size(); i++) {
      try {
        listed.add(DumpFormat.checkpoint(checkpoints.get(i)));
      } catch (InputException e) {
        throw new InputException(
            "GET " + checkpointsPath + ", checkpoint " + i + ": " + e.getMessage());
      }
    }
    LogVerifier verifier =
        new LogVerifier(
            SignedCheckpoints.open(listed, key), anchored, ApiNodes.open(api, pageSize));
    LogApi.Call next = api.get(entriesPath(0, pageSize));
    try {
      while (true) {
        List<DumpRecord.Entry> page = entries(next, api.array(next));
        if (page.isEmpty()) {
          return verifier.finish();
        }
        next = api.get(entriesPath(page.get(page.size() - 1).index() + 1, pageSize));
        for (DumpRecord.Entry entry : page) {
          verifier.entry(entry);
        }
      }
    } finally {
      next.cancel();
    }
  }

  private static String entriesPath(long from, int limit) {
    return "/audit/log/entries?from=" + from + "&limit=" + limit;
  }

  private static List<DumpRecord.Entry> entries(LogApi.Call call, List<?> elements)
      throws InputException {
    List<DumpRecord.Entry> entries = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      try {
        entries.add(DumpFormat.entry(elements.get(i)));
      } catch (InputException e) {
        throw new InputException("GET " + call.url() + ", entry " + i + ": " + e.getMessage());
      }
    }
    return entries;
  }
}
