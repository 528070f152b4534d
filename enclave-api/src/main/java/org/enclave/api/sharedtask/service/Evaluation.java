package org.enclave.api.sharedtask.service;

import java.util.List;
import org.enclave.api.sharedtask.model.SubmissionModels.FileProblem;
import org.enclave.api.sharedtask.scoring.Scores;

/**
 * What checking one submission against one scoring basis gave: scores, a rejection of the file (the
 * team's to fix; a rejected new submission is not counted), or a failure of the scorer itself (an
 * organizer's scoring program that crashed, ran out of time or memory, or answered nonsense).
 */
sealed interface Evaluation {

  /** The submission was scored. */
  record Scored(Scores scores) implements Evaluation {}

  /**
   * The file was rejected whole.
   *
   * @param problems every problem, as the team sees them
   * @param summary one line for the audit log and the stored score
   */
  record Rejected(List<FileProblem> problems, String summary) implements Evaluation {
    public Rejected {
      problems = List.copyOf(problems);
    }
  }

  /**
   * The scorer failed; nothing is wrong with the file as far as anyone knows.
   *
   * @param detail what happened, safe to show the team (never the program's output)
   * @param log the program's output, for organizers only (null for built-in suites)
   */
  record Failed(String detail, String log) implements Evaluation {}
}
