package org.enclave.api.sharedtask.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.api.broker.ChannelRequest;
import org.enclave.api.broker.ChannelResponse;
import org.enclave.api.broker.WorkspaceChannel;
import org.enclave.api.broker.WorkspaceIdentity;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.Problem;
import org.enclave.api.sharedtask.model.SubmissionModels.SubmissionResponse;
import org.enclave.api.sharedtask.service.FileRejectedException;
import org.enclave.api.sharedtask.service.SharedTaskConfig;
import org.enclave.api.sharedtask.service.SubmissionService;
import org.enclave.api.sharedtask.service.WorkspaceSubmission;
import org.enclave.audit.AuditException;
import org.jboss.logging.Logger;

/**
 * Submissions from inside a workspace: {@code POST /-/tasks/{task}/submissions?format=tsv&name=F}
 * on the workspace's broker endpoint, the file as the body. The broker has authenticated the
 * workspace and checked the body against its signed SHA-256; the answer is JSON: {@code 201} with
 * the submission and the scores the team may see, or {@code application/problem+json} (a rejected
 * file lists every problem).
 */
@ApplicationScoped
public class SubmissionChannel implements WorkspaceChannel {
  private static final Logger LOG = Logger.getLogger(SubmissionChannel.class);
  private static final Pattern PATH = Pattern.compile("/tasks/([^/]{1,100})/submissions");
  private static final String JSON = "application/json";

  @Inject SubmissionService submissions;
  @Inject SharedTaskConfig config;
  @Inject ObjectMapper json;

  @Override
  public boolean handles(String path) {
    return path.startsWith("/tasks/");
  }

  @Override
  public long maxBodyBytes() {
    return config.maxSubmissionBytes();
  }

  @Override
  public ChannelResponse handle(WorkspaceIdentity workspace, ChannelRequest request) {
    String instance = "/-" + request.path();
    try {
      Matcher m = PATH.matcher(request.path());
      if (!m.matches()) {
        throw new EnclaveException(
            ErrorCode.NOT_FOUND,
            "no such resource: " + instance + " (POST /-/tasks/TASK/submissions)");
      }
      if (!request.method().equals("POST")) {
        throw new EnclaveException(ErrorCode.METHOD_NOT_ALLOWED, "submit with POST " + instance);
      }
      String name = request.param("name");
      SubmissionResponse accepted =
          submissions.submitFromWorkspace(
              new WorkspaceSubmission(
                  workspace,
                  m.group(1),
                  request.param("format"),
                  name == null ? "submission" : name,
                  request.body(),
                  request.size(),
                  request.sha256()));
      return answer(201, JSON, accepted);
    } catch (FileRejectedException e) {
      return answer(
          e.errorCode().status(),
          Problem.MEDIA_TYPE,
          FileRejectionMapper.FileRejection.of(e, instance));
    } catch (EnclaveException e) {
      return problem(e.errorCode(), e.getMessage(), instance);
    } catch (AuditException e) {
      LOG.error("audit log unavailable; submission refused", e);
      return problem(
          ErrorCode.AUDIT_UNAVAILABLE,
          "the audit log could not record the submission, so it was not taken; retry later",
          instance);
    }
  }

  private ChannelResponse problem(ErrorCode code, String detail, String instance) {
    return answer(code.status(), Problem.MEDIA_TYPE, Problem.of(code, detail, instance, List.of()));
  }

  private ChannelResponse answer(int status, String type, Object body) {
    try {
      return new ChannelResponse(status, type, json.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("answer could not be written", e);
    }
  }
}
