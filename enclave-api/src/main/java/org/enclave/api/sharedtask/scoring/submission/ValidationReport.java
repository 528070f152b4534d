package org.enclave.api.sharedtask.scoring.submission;

import java.util.List;
import java.util.Optional;

/**
 * Every problem found in one file, in a stable order (by {@link ProblemCode} order). Empty means
 * the file was accepted.
 */
public record ValidationReport(List<Problem> problems) {

  public ValidationReport {
    problems = List.copyOf(problems);
  }

  public boolean accepted() {
    return problems.isEmpty();
  }

  public Optional<Problem> problem(ProblemCode code) {
    return problems.stream().filter(p -> p.code() == code).findFirst();
  }

  /** A short multi-line summary, one line per problem kind, for logs and command-line tools. */
  public String summary() {
    if (problems.isEmpty()) {
      return "accepted";
    }
    StringBuilder out = new StringBuilder("rejected:");
    for (Problem p : problems) {
      out.append("\n  ").append(p.code().code()).append(" (").append(p.count()).append("): ");
      out.append(p.detail());
    }
    return out.toString();
  }
}
