package org.enclave.api.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.enclave.api.audit.AuditLogService;
import org.enclave.api.audit.AuditLogService.InclusionProof;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;
import org.enclave.api.security.Role;

/**
 * "Prove it" for an audit entry: a page whose script fetches the entry, its RFC 9162 inclusion
 * proof and the newest signed checkpoint, and checks all three in the browser with Web Crypto
 * (SHA-256 and Ed25519) against a verifier key the reader trusts, showing each step. The server
 * only hands out data; nothing it says about the result is believed.
 */
@Path(ConsoleProofs.PATH)
@RolesAllowed({Role.AUDITOR_NAME, Role.STEWARD_NAME, Role.ADMIN_NAME})
public class ConsoleProofs {
  public static final String PATH = "/console/audit/proofs";

  @Inject AuditLogService log;

  /** What the page's script verifies: the entry, its proof, the checkpoint, the served key. */
  public record ProofData(
      long index,
      long size,
      String entry,
      String leafHash,
      List<String> hashes,
      String checkpoint,
      String verifierKey) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance page(Long index, String verifierKey);
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public TemplateInstance page(@QueryParam("index") String index) {
    Long at = index == null || index.isBlank() ? null : index(index);
    return Templates.page(at, log.verifierKey());
  }

  @GET
  @Path("/data")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(hidden = true)
  public ProofData data(@QueryParam("index") String index) {
    long at = index(index);
    String checkpoint = newest();
    long size = sizeOf(checkpoint);
    if (at >= size) {
      throw invalid(
          "index",
          "entry "
              + at
              + " is not covered by a signed checkpoint yet (the newest covers 0 to "
              + (size - 1)
              + "); try again in a second");
    }
    InclusionProof proof = log.inclusionProof(at, size);
    return new ProofData(
        at,
        size,
        log.entry(at).data(),
        proof.leafHash(),
        proof.hashes(),
        checkpoint,
        log.verifierKey());
  }

  /** What the consistency check verifies: an older signed checkpoint, the newest, the proof. */
  public record ConsistencyData(
      long from, long to, String older, String newer, List<String> hashes, String verifierKey) {}

  /**
   * The RFC 9162 consistency proof from the checkpoint of tree size {@code from} (none: the oldest)
   * to the newest, with both signed notes (the page checks the older note it is given against the
   * one kept by the reader when they have one).
   */
  @GET
  @Path("/consistency")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(hidden = true)
  public ConsistencyData consistency(@QueryParam("from") String from) {
    long size =
        from == null || from.isBlank()
            ? log.checkpoints(0, 1).stream()
                .findFirst()
                .map(c -> c.size())
                .orElseThrow(ConsoleProofs::noCheckpointYet)
            : number("from", from);
    String newer = newest();
    long to = sizeOf(newer);
    if (size < 1 || size > to) {
      throw invalid("from", "from must be the size of a signed checkpoint, 1 to " + to);
    }
    String older =
        log.checkpoints(size - 1, 1).stream()
            .filter(c -> c.size() == size)
            .map(c -> c.note())
            .findFirst()
            .orElseThrow(
                () ->
                    new EnclaveException(
                        ErrorCode.NOT_FOUND,
                        "the log signed no checkpoint of size "
                            + size
                            + "; give the size of one it signed (the second line of its note)"));
    return new ConsistencyData(
        size,
        to,
        older,
        newer,
        size == to ? List.of() : log.consistencyProof(size, to).hashes(),
        log.verifierKey());
  }

  private String newest() {
    return log.latestCheckpoint().orElseThrow(ConsoleProofs::noCheckpointYet);
  }

  private static EnclaveException noCheckpointYet() {
    return new EnclaveException(
        ErrorCode.NOT_FOUND, "no checkpoint has been signed yet; try again in a second");
  }

  /** The tree size a checkpoint signs: the second line of its note. */
  private static long sizeOf(String note) {
    String[] lines = note.split("\n", 3);
    return Long.parseLong(lines[1].strip());
  }

  private static long index(String value) {
    return number("index", value);
  }

  private static long number(String field, String value) {
    String message =
        field.equals("index")
            ? "index must be a log index, a whole number from 0"
            : field + " must be a tree size, a whole number from 1";
    try {
      long at = Long.parseLong(value == null ? "" : value.strip());
      if (at >= 0) {
        return at;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw invalid(field, message);
  }

  private static EnclaveException invalid(String field, String message) {
    return new EnclaveException(
        ErrorCode.VALIDATION_FAILED, message, List.of(new FieldError(field, message)));
  }
}
