package org.enclave.api.sharedtask.service;

import java.util.List;
import org.enclave.api.sharedtask.model.SubmissionModels.FileProblem;
import org.enclave.api.sharedtask.model.SubmissionModels.Occurrence;
import org.enclave.api.sharedtask.scoring.submission.Problem;
import org.enclave.api.sharedtask.scoring.submission.ValidationReport;

/** Turns a parser's validation report into what the API and the audit log say. */
final class FileProblems {
  private FileProblems() {}

  static List<FileProblem> of(ValidationReport report) {
    return report.problems().stream().map(FileProblems::view).toList();
  }

  /** One line: {@code missing-id (3): ...; invalid-label (1): ...}. */
  static String summary(ValidationReport report) {
    StringBuilder b = new StringBuilder();
    for (Problem p : report.problems()) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(p.code().code()).append(" (").append(p.count()).append(')');
    }
    return b.toString();
  }

  private static FileProblem view(Problem p) {
    return new FileProblem(
        p.code().code(),
        p.detail(),
        p.count(),
        p.truncated(),
        p.occurrences().stream()
            .map(
                o ->
                    new Occurrence(
                        o.line() == 0 ? null : o.line(), o.userId(), o.postId(), o.value()))
            .toList());
  }
}
