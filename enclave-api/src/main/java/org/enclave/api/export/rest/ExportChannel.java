package org.enclave.api.export.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.api.broker.ChannelRequest;
import org.enclave.api.broker.ChannelResponse;
import org.enclave.api.broker.WorkspaceChannel;
import org.enclave.api.broker.WorkspaceIdentity;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.Problem;
import org.enclave.api.export.service.ExportConfig;
import org.enclave.api.export.service.ExportModels.FileRef;
import org.enclave.api.export.service.ExportModels.NewRequest;
import org.enclave.api.export.service.ExportService;
import org.enclave.audit.AuditException;
import org.jboss.logging.Logger;

/**
 * Exports from inside a workspace, on its broker endpoint, signed like every broker request:
 *
 * <ul>
 *   <li>{@code POST /-/exports/files?name=PATH}: stages one file (the body); {@code 201} with its
 *       id, size and SHA-256;
 *   <li>{@code POST /-/exports}: files a request, {@code {"justification": "...", "files": [{"id":
 *       "...", "sha256": "..."}], "resubmits": "..."}}; {@code 201} with the request ({@code
 *       resubmits}, optional: the returned request it replaces);
 *   <li>{@code GET /-/exports}: the team's requests;
 *   <li>{@code POST /-/exports/{id}/withdraw}: the author takes a request back before review.
 * </ul>
 *
 * Refusals are {@code application/problem+json} with a stable code; see docs/exports.md.
 */
@ApplicationScoped
public class ExportChannel implements WorkspaceChannel {
  private static final Logger LOG = Logger.getLogger(ExportChannel.class);
  private static final String JSON = "application/json";
  private static final Pattern WITHDRAW = Pattern.compile("/exports/([0-9a-fA-F-]{36})/withdraw");
  private static final long MAX_REQUEST_JSON = 1 << 20;
  private static final Set<String> REQUEST_FIELDS = Set.of("justification", "files", "resubmits");
  private static final Set<String> FILE_FIELDS = Set.of("id", "sha256");

  @Inject ExportService exports;
  @Inject ExportConfig config;
  @Inject ObjectMapper json;

  @Override
  public boolean handles(String path) {
    return path.equals("/exports") || path.startsWith("/exports/");
  }

  @Override
  public long maxBodyBytes() {
    return config.maxFileBytes();
  }

  @Override
  public ChannelResponse handle(WorkspaceIdentity workspace, ChannelRequest request) {
    String instance = "/-" + request.path();
    try {
      String path = request.path();
      String method = request.method();
      if (path.equals("/exports/files")) {
        requireMethod(method, "POST", instance);
        return answer(
            201,
            exports.stage(
                workspace,
                request.param("name"),
                request.body(),
                request.size(),
                request.sha256()));
      }
      if (path.equals("/exports")) {
        if (method.equals("GET")) {
          return answer(200, Map.of("requests", exports.listForTeam(workspace)));
        }
        requireMethod(method, "POST", instance);
        return answer(201, exports.request(workspace, newRequest(request)));
      }
      Matcher m = WITHDRAW.matcher(path);
      if (m.matches()) {
        requireMethod(method, "POST", instance);
        return answer(200, exports.withdraw(workspace, uuid(m.group(1))));
      }
      throw new EnclaveException(
          ErrorCode.NOT_FOUND,
          "no such resource: "
              + instance
              + " (POST /-/exports/files?name=, POST or GET /-/exports, POST"
              + " /-/exports/ID/withdraw)");
    } catch (EnclaveException e) {
      return problem(e.errorCode(), e.getMessage(), instance);
    } catch (AuditException e) {
      LOG.error("audit log unavailable; export step refused", e);
      return problem(
          ErrorCode.AUDIT_UNAVAILABLE,
          "the audit log could not record the export step, so it was not taken; retry later",
          instance);
    }
  }

  private static void requireMethod(String method, String expected, String instance) {
    if (!method.equals(expected)) {
      throw new EnclaveException(
          ErrorCode.METHOD_NOT_ALLOWED, "use " + expected + " " + instance + ", not " + method);
    }
  }

  /** The request body, read strictly: unknown fields and wrong types are refused, not ignored. */
  private NewRequest newRequest(ChannelRequest request) {
    if (request.size() > MAX_REQUEST_JSON) {
      throw new EnclaveException(
          ErrorCode.PAYLOAD_TOO_LARGE, "a request's JSON may have at most 1 MiB");
    }
    JsonNode root;
    try {
      root = json.readTree(Files.readAllBytes(request.body()));
    } catch (JsonProcessingException e) {
      throw new EnclaveException(
          ErrorCode.MALFORMED_JSON,
          "the request is not JSON: "
              + e.getOriginalMessage()
              + " (send {\"justification\": \"...\", \"files\": [{\"id\": ..., \"sha256\": ...}]})");
    } catch (IOException e) {
      throw new IllegalStateException("the request body could not be read", e);
    }
    if (root == null || !root.isObject()) {
      throw new EnclaveException(
          ErrorCode.MALFORMED_JSON,
          "send a JSON object {\"justification\": \"...\", \"files\": [...]}");
    }
    requireKnown(root, REQUEST_FIELDS, "the request");
    JsonNode justification = root.get("justification");
    if (justification != null && !justification.isTextual()) {
      throw new EnclaveException(ErrorCode.INVALID_FIELD_TYPE, "\"justification\" is a string");
    }
    JsonNode list = root.get("files");
    if (list != null && !list.isArray()) {
      throw new EnclaveException(ErrorCode.INVALID_FIELD_TYPE, "\"files\" is an array");
    }
    List<FileRef> refs = new ArrayList<>();
    if (list != null) {
      for (JsonNode f : list) {
        if (!f.isObject()) {
          throw new EnclaveException(
              ErrorCode.INVALID_FIELD_TYPE, "each of \"files\" is {\"id\": ..., \"sha256\": ...}");
        }
        requireKnown(f, FILE_FIELDS, "a file");
        JsonNode id = f.get("id");
        JsonNode sha = f.get("sha256");
        if (id == null || !id.isTextual() || (sha != null && !sha.isTextual())) {
          throw new EnclaveException(
              ErrorCode.INVALID_FIELD_TYPE,
              "each file's \"id\" (from POST /-/exports/files) and \"sha256\" are strings");
        }
        refs.add(new FileRef(uuid(id.asText()), sha == null ? null : sha.asText()));
      }
    }
    JsonNode resubmits = root.get("resubmits");
    if (resubmits != null && !resubmits.isNull() && !resubmits.isTextual()) {
      throw new EnclaveException(
          ErrorCode.INVALID_FIELD_TYPE,
          "\"resubmits\" is the id of the returned request this one replaces");
    }
    return new NewRequest(
        justification == null ? null : justification.asText(),
        refs,
        resubmits == null || resubmits.isNull() ? null : uuid(resubmits.asText()));
  }

  private static void requireKnown(JsonNode node, Set<String> known, String what) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new EnclaveException(
            ErrorCode.UNKNOWN_FIELD,
            what
                + " has no field \""
                + name
                + "\"; its fields are "
                + known.stream().sorted().toList());
      }
    }
  }

  private static UUID uuid(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw new EnclaveException(ErrorCode.VALIDATION_FAILED, "not an id: " + s);
    }
  }

  private ChannelResponse problem(ErrorCode code, String detail, String instance) {
    return answer(code.status(), Problem.MEDIA_TYPE, Problem.of(code, detail, instance, List.of()));
  }

  private ChannelResponse answer(int status, Object body) {
    return answer(status, JSON, body);
  }

  private ChannelResponse answer(int status, String type, Object body) {
    try {
      return new ChannelResponse(status, type, json.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("answer could not be written", e);
    }
  }
}
