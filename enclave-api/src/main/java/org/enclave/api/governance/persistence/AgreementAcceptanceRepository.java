package org.enclave.api.governance.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class AgreementAcceptanceRepository
    implements PanacheRepositoryBase<AgreementAcceptanceEntity, AgreementAcceptanceEntity.Key> {

  public List<AgreementAcceptanceEntity> listForAgreement(UUID agreementId) {
    return list("id.agreementId = ?1 order by acceptedAt", agreementId);
  }

  public Set<String> acceptedBy(UUID agreementId) {
    return listForAgreement(agreementId).stream()
        .map(a -> a.id.username())
        .collect(Collectors.toSet());
  }
}
