package org.enclave.api.sharedtask.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.enclave.api.sharedtask.scoring.FileFormat;
import org.enclave.api.sharedtask.scoring.MetricSuite;
import org.enclave.api.sharedtask.scoring.submission.ParseResult;

/**
 * Checks and scores one submission file against a scoring basis, in one pass: a built-in suite
 * reads the file against the parsed gold and scores it in the control plane; an organizers' program
 * runs on it in a sandbox. The result is kept by the caller, so that a new submission is read once
 * for its validation and its score.
 */
@ApplicationScoped
class Evaluator {
  @Inject GoldLabels goldLabels;
  @Inject ScoringPrograms programs;

  Evaluation evaluate(ScoringBasis basis, FileFormat format, Suites.Source file) {
    if (basis.program() != null) {
      return programs.evaluate(basis, format, file);
    }
    MetricSuite<Object, Object> suite = Suites.require(basis.suite());
    Object gold =
        goldLabels.parsed(basis.taskId(), basis.goldVersion(), basis.suite(), basis.goldKey());
    ParseResult<Object> parsed =
        Suites.readSubmission(suite, file, format, gold, goldLabels.submissionLimits());
    if (!parsed.accepted()) {
      return new Evaluation.Rejected(
          FileProblems.of(parsed.report()), FileProblems.summary(parsed.report()));
    }
    return new Evaluation.Scored(Suites.score(suite, gold, parsed.value()));
  }
}
