package org.enclave.api.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;
import org.enclave.api.governance.persistence.DatasetRepository;
import org.enclave.api.ingest.model.IngestModels.PolicyRequest;
import org.enclave.api.ingest.model.IngestModels.PolicyResponse;
import org.enclave.api.ingest.persistence.MaskingPolicyEntity;
import org.enclave.api.ingest.persistence.MaskingPolicyRepository;
import org.enclave.api.security.Authorizer;
import org.enclave.api.security.Authorizer.Resource;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.security.Operation;
import org.enclave.masking.EntityType;
import org.enclave.masking.MaskingPolicy;

/**
 * Each dataset's masking policy. A dataset without one masks with {@link MaskingPolicy#defaults()}
 * and no date shift, and still takes files uploaded directly; saving a policy makes ingest the only
 * way in unless the policy says otherwise. The terms are visible to the dataset's stewards only:
 * they may be the posters' own names.
 */
@ApplicationScoped
public class IngestPolicies {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A policy as a job uses it. */
  public record Effective(
      MaskingPolicy masking, int dateShiftDays, boolean requireIngest, boolean saved) {
    /** SHA-256 naming the whole policy (the masker's and the date shift) in reports and logs. */
    public String hash() {
      String canonical =
          "enclave-ingest-policy/1\n" + masking.hash() + "\ndate-shift " + dateShiftDays + "\n";
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Inject MaskingPolicyRepository policies;
  @Inject DatasetRepository datasets;
  @Inject Authorizer authorizer;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  @Transactional
  public PolicyResponse get(EnclavePrincipal who, UUID datasetId) {
    requireDataset(datasetId);
    authorizer.authorize(who, Operation.DATASET_INGEST, Resource.dataset(datasetId));
    return view(datasetId, policies.findByIdOptional(datasetId).orElse(null));
  }

  @Transactional
  public PolicyResponse put(EnclavePrincipal who, UUID datasetId, PolicyRequest req) {
    requireDataset(datasetId);
    authorizer.authorize(who, Operation.DATASET_INGEST, Resource.dataset(datasetId));
    Set<EntityType> masked = EnumSet.allOf(EntityType.class);
    if (req.masked() != null) {
      masked = EnumSet.noneOf(EntityType.class);
      for (String t : req.masked()) {
        masked.add(type("masked", t));
      }
    }
    Map<String, EntityType> always = new LinkedHashMap<>();
    if (req.alwaysMasked() != null) {
      req.alwaysMasked().forEach((term, t) -> always.put(term, type("alwaysMasked." + term, t)));
    }
    Set<String> never =
        req.neverMasked() == null
            ? MaskingPolicy.defaultNeverMasked()
            : new java.util.TreeSet<>(req.neverMasked());
    MaskingPolicy policy;
    try {
      policy = new MaskingPolicy(masked, always, never);
    } catch (IllegalArgumentException e) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED,
          e.getMessage(),
          List.of(new FieldError("neverMasked", e.getMessage())));
    }
    MaskingPolicyEntity p = policies.findByIdOptional(datasetId).orElse(null);
    if (p == null) {
      p = new MaskingPolicyEntity();
      p.datasetId = datasetId;
    }
    p.maskedTypes = String.join(",", policy.masked().stream().map(Enum::name).sorted().toList());
    Map<String, String> alwaysText = new TreeMap<>();
    policy.alwaysMasked().forEach((term, t) -> alwaysText.put(term, t.name()));
    try {
      p.alwaysMasked = JSON.writeValueAsString(alwaysText);
      p.neverMasked = JSON.writeValueAsString(new ArrayList<>(policy.neverMasked()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    p.dateShiftDays = req.dateShiftDays() == null ? 0 : req.dateShiftDays();
    p.requireIngest = req.requireIngest() == null || req.requireIngest();
    p.updatedAt = Instant.now(clock);
    p.updatedBy = who.username();
    policies.persist(p);
    Effective e = effective(p);
    // The terms stay out of the log: they may be the posters' own names.
    audit.allowed(
        who,
        "dataset.ingest.policy",
        Target.of("dataset", datasetId).dataset(datasetId),
        "policy "
            + e.hash()
            + ": masks "
            + p.maskedTypes
            + ", "
            + policy.alwaysMasked().size()
            + " always-masked and "
            + policy.neverMasked().size()
            + " never-masked terms, date shift "
            + p.dateShiftDays
            + " days, ingest "
            + (p.requireIngest ? "required" : "optional"));
    return view(datasetId, p);
  }

  /** The policy a job on the dataset uses now. */
  @Transactional
  public Effective effective(UUID datasetId) {
    return policies
        .findByIdOptional(datasetId)
        .map(IngestPolicies::effective)
        .orElseGet(() -> new Effective(MaskingPolicy.defaults(), 0, false, false));
  }

  static Effective effective(MaskingPolicyEntity p) {
    Set<EntityType> masked = EnumSet.noneOf(EntityType.class);
    for (String t : p.maskedTypes.split(",")) {
      if (!t.isEmpty()) {
        masked.add(EntityType.valueOf(t));
      }
    }
    try {
      Map<String, String> always =
          JSON.readValue(p.alwaysMasked, new TypeReference<Map<String, String>>() {});
      Map<String, EntityType> typed = new LinkedHashMap<>();
      always.forEach((term, t) -> typed.put(term, EntityType.valueOf(t)));
      List<String> never = JSON.readValue(p.neverMasked, new TypeReference<List<String>>() {});
      return new Effective(
          new MaskingPolicy(masked, typed, Set.copyOf(never)),
          p.dateShiftDays,
          p.requireIngest,
          true);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the masking policy of " + p.datasetId + " is corrupt", e);
    }
  }

  private PolicyResponse view(UUID datasetId, MaskingPolicyEntity p) {
    Effective e = p == null ? effective(datasetId) : effective(p);
    Map<String, String> always = new TreeMap<>();
    e.masking().alwaysMasked().forEach((term, t) -> always.put(term, t.name()));
    return new PolicyResponse(
        datasetId,
        e.masking().masked().stream().map(Enum::name).sorted().toList(),
        always,
        List.copyOf(e.masking().neverMasked()),
        e.dateShiftDays(),
        e.requireIngest(),
        e.hash(),
        p == null ? null : p.updatedAt,
        p == null ? null : p.updatedBy);
  }

  private static EntityType type(String field, String name) {
    try {
      return EntityType.parse(name);
    } catch (IllegalArgumentException e) {
      throw new EnclaveException(
          ErrorCode.VALIDATION_FAILED,
          e.getMessage(),
          List.of(new FieldError(field, e.getMessage())));
    }
  }

  private void requireDataset(UUID datasetId) {
    if (datasets.findByIdOptional(datasetId).isEmpty()) {
      throw EnclaveException.notFound("dataset", datasetId);
    }
  }
}
