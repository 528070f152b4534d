package org.enclave.api.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.enclave.api.audit.AuditLogService.ConsistencyProof;
import org.enclave.api.audit.AuditLogService.Entry;
import org.enclave.api.audit.AuditLogService.InclusionProof;
import org.enclave.api.audit.AuditLogService.StoredCheckpoint;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.governance.rest.Api;
import org.enclave.api.security.Role;

/**
 * The tamper-evident log for verifiers: signed checkpoints (C2SP signed notes), entries (base64
 * canonical JSON), RFC 9162 inclusion and consistency proofs, and the verifier key.
 */
@Path(Api.V1 + "/audit/log")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
@RolesAllowed({Role.AUDITOR_NAME, Role.STEWARD_NAME, Role.ADMIN_NAME})
public class AuditLogResource {
  @Inject AuditLogService service;

  @GET
  @Path("/verifier-key")
  @Produces(MediaType.TEXT_PLAIN)
  @Operation(
      operationId = "getAuditVerifierKey",
      summary = "The key (name+keyid+base64) that verifies checkpoints")
  public String verifierKey() {
    return service.verifierKey() + "\n";
  }

  @GET
  @Path("/checkpoint")
  @Produces(MediaType.TEXT_PLAIN)
  @Operation(
      operationId = "getLatestCheckpoint",
      summary = "The newest signed checkpoint (C2SP signed note)")
  public String latestCheckpoint() {
    return service
        .latestCheckpoint()
        .orElseThrow(
            () -> new EnclaveException(ErrorCode.NOT_FOUND, "no checkpoint has been issued yet"));
  }

  @GET
  @Path("/checkpoints")
  @Operation(operationId = "listCheckpoints", summary = "Signed checkpoints, smallest tree first")
  public List<StoredCheckpoint> checkpoints(
      @QueryParam("after") @DefaultValue("0") @Min(0) long after,
      @QueryParam("limit") @DefaultValue("100000") @Min(1) @Max(1000000) int limit) {
    return service.checkpoints(after, limit);
  }

  @GET
  @Path("/nodes")
  @Operation(
      operationId = "listLogNodes",
      summary = "Stored subtree hashes of one level, so verifiers can name a tampered entry")
  public List<AuditLogService.Node> nodes(
      @QueryParam("level") @DefaultValue("1") @Min(1) @Max(63) int level,
      @QueryParam("from") @DefaultValue("0") @Min(0) long from,
      @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10000) int limit) {
    return service.nodes(level, from, limit);
  }

  @GET
  @Path("/entries")
  @Operation(
      operationId = "listLogEntries",
      summary = "Log entries from an index: canonical JSON, base64")
  public List<Entry> entries(
      @QueryParam("from") @DefaultValue("0") @Min(0) long from,
      @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10000) int limit) {
    return service.entries(from, limit);
  }

  @GET
  @Path("/entries/{index}")
  @Operation(operationId = "getLogEntry", summary = "One log entry")
  public Entry entry(@PathParam("index") @Min(0) long index) {
    return service.entry(index);
  }

  @GET
  @Path("/proofs/inclusion")
  @Operation(
      operationId = "getInclusionProof",
      summary = "RFC 9162 inclusion proof of an entry in a tree size")
  public InclusionProof inclusion(
      @QueryParam("index") @DefaultValue("-1") long index,
      @QueryParam("size") @DefaultValue("0") long size) {
    return service.inclusionProof(index, size);
  }

  @GET
  @Path("/proofs/consistency")
  @Operation(
      operationId = "getConsistencyProof",
      summary = "RFC 9162 consistency proof between two tree sizes")
  public ConsistencyProof consistency(
      @QueryParam("from") @DefaultValue("0") long from,
      @QueryParam("to") @DefaultValue("0") long to) {
    return service.consistencyProof(from, to);
  }
}
