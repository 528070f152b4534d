package org.enclave.api.config;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.enclave.audit.log.FileCheckpointAnchor;
import org.enclave.audit.log.TamperEvidentLog;
import org.enclave.audit.note.NoteSigner;
import org.enclave.audit.postgres.PostgresLogStore;
import org.enclave.infra.keys.KeyService;
import org.enclave.infra.keys.LocalKeyService;

/** Builds the tamper-evident audit log from configuration: its key, its store, its anchor. */
@ApplicationScoped
public class AuditLogProducer {

  /**
   * Key files in the configured directory. In production they must exist already ({@link
   * ProductionReadiness} checks at startup): a signing key generated there would silently break
   * verification continuity, so a missing one is an error rather than a new key.
   */
  @Produces
  @ApplicationScoped
  KeyService keyService(
      EnclaveConfig config,
      org.enclave.api.broker.BrokerConfig broker,
      org.enclave.api.session.SessionConfig sessions) {
    AwsSettings aws = AwsSettings.current();
    if (aws.chooses("enclave.keys.provider", "kms")) {
      return AwsAdapters.keys(
          aws,
          new java.util.LinkedHashSet<>(
              java.util.List.of(
                  config.audit().keyName(), broker.credentialKeyName(), sessions.tokenKeyName())));
    }
    return config.deployment().mode() == EnclaveConfig.Mode.PRODUCTION
        ? LocalKeyService.existingOnly(config.audit().keyDir())
        : new LocalKeyService(config.audit().keyDir());
  }

  /** Typed narrowly: the control plane's one AuditSink is LogAuditSink, which also indexes. */
  @Produces
  @ApplicationScoped
  @Typed(TamperEvidentLog.class)
  TamperEvidentLog auditLog(AgroalDataSource dataSource, KeyService keys, EnclaveConfig config) {
    EnclaveConfig.Audit audit = config.audit();
    NoteSigner signer =
        NoteSigner.remote(
            audit.origin(),
            keys.publicKey(audit.keyName()),
            message -> keys.sign(audit.keyName(), message));
    try {
      return new TamperEvidentLog(
          new PostgresLogStore(dataSource),
          signer,
          audit.anchor().trim().equalsIgnoreCase("s3")
              ? AwsAdapters.anchor(AwsSettings.current())
              : new FileCheckpointAnchor(audit.anchorFile()),
          new TamperEvidentLog.Options(
              audit.maxBatch(), audit.maxBatch() * 16, audit.checkpointInterval()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the checkpoint anchor " + audit.anchorFile(), e);
    }
  }

  void close(@Disposes TamperEvidentLog log) {
    log.close();
  }
}
