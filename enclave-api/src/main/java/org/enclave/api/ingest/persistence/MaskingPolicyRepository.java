package org.enclave.api.ingest.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class MaskingPolicyRepository implements PanacheRepositoryBase<MaskingPolicyEntity, UUID> {}
