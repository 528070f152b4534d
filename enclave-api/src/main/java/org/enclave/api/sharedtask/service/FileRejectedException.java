package org.enclave.api.sharedtask.service;

import java.util.List;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.sharedtask.model.SubmissionModels.FileProblem;

/** A gold or submission file refused whole, with every problem found in it. */
public class FileRejectedException extends EnclaveException {
  private final transient List<FileProblem> problems;

  public FileRejectedException(ErrorCode code, String detail, List<FileProblem> problems) {
    super(code, detail);
    this.problems = List.copyOf(problems);
  }

  public List<FileProblem> problems() {
    return problems;
  }
}
