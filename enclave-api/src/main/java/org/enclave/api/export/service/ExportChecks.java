package org.enclave.api.export.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.export.check.CorpusFormat;
import org.enclave.api.export.check.Finding;
import org.enclave.api.export.check.TextCheck;
import org.enclave.api.export.persistence.ExportFileEntity;
import org.enclave.api.export.persistence.ExportFindingEntity;
import org.enclave.api.export.persistence.ExportFindingRepository;
import org.enclave.api.governance.persistence.DatasetEntity;
import org.enclave.api.governance.persistence.DatasetRepository;
import org.enclave.api.governance.persistence.DatasetVersionEntity;
import org.enclave.api.governance.persistence.DatasetVersionRepository;
import org.enclave.api.governance.persistence.GrantEntity;
import org.enclave.api.governance.persistence.GrantRepository;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.infra.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * Runs the automated checks on a request's files when it arrives, inside the boundary: each text
 * file against the corpus index of every dataset version the team is granted and of every
 * restricted dataset (sensitivity tier 4, such as gold labels), for verbatim text and identifiers.
 * Findings are stored with the request for reviewers; they block nothing by themselves. A file that
 * is not UTF-8 text gets a {@code not-text} finding: its contents were not checked.
 */
@ApplicationScoped
public class ExportChecks {
  private static final Logger LOG = Logger.getLogger(ExportChecks.class);

  /** Datasets of this tier and above are checked against whether or not the team is granted. */
  static final int RESTRICTED_TIER = 4;

  static final String NOT_TEXT = "not-text";

  @Inject CorpusIndexes indexes;
  @Inject GrantRepository grants;
  @Inject DatasetRepository datasets;
  @Inject DatasetVersionRepository versions;
  @Inject ExportFindingRepository findings;
  @Inject ObjectStore store;
  @Inject AuditRecorder audit;
  @Inject Clock clock;

  /** A finding with the file and version it belongs to. */
  record Located(ExportFileEntity file, UUID versionId, Finding finding) {}

  /** Checks the request's files and stores the findings; returns them. */
  public List<ExportFindingEntity> check(
      EnclavePrincipal who,
      UUID requestId,
      UUID teamId,
      String workspace,
      List<ExportFileEntity> fs) {
    Target target = Target.of("export-request", requestId).team(teamId).workspace(workspace);
    Set<UUID> corpora = QuarkusTransaction.requiringNew().call(() -> corporaOf(teamId));
    List<Located> found = new ArrayList<>();
    try {
      List<CorpusIndexes.Indexed> opened = new ArrayList<>();
      try {
        for (UUID v : corpora) {
          opened.add(indexes.open(v));
        }
        for (ExportFileEntity f : fs) {
          String text = text(f);
          if (text == null) {
            found.add(
                new Located(
                    f,
                    null,
                    new Finding(
                        NOT_TEXT,
                        0,
                        0,
                        0,
                        0,
                        "not UTF-8 text: its contents were not checked",
                        null,
                        null)));
            continue;
          }
          for (CorpusIndexes.Indexed ix : opened) {
            for (Finding finding :
                new TextCheck(ix.index(), ix.source(), CorpusFormat.TEXT).check(text)) {
              found.add(new Located(f, ix.versionId(), finding));
            }
          }
        }
      } finally {
        for (CorpusIndexes.Indexed ix : opened) {
          ix.index().close();
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.errorf(e, "the checks of export request %s failed", requestId);
      audit.denied(who, "export.checked", target, "the checks failed: " + e.getMessage());
      throw new IllegalStateException("the export checks failed", e);
    }
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<ExportFindingEntity> stored = new ArrayList<>();
              Map<String, Integer> byRule = new TreeMap<>();
              for (Located l : found) {
                ExportFindingEntity e = new ExportFindingEntity();
                e.id = UUID.randomUUID();
                e.requestId = requestId;
                e.fileId = l.file().id;
                e.rule = l.finding().rule();
                e.line = l.finding().line();
                e.column = l.finding().column();
                e.start = l.finding().start();
                e.end = l.finding().end();
                e.matched = l.finding().matched();
                e.versionId = l.versionId();
                e.corpusFile = l.finding().corpusFile();
                e.postId = l.finding().postId();
                e.position = stored.size();
                findings.persist(e);
                stored.add(e);
                byRule.merge(e.rule, 1, Integer::sum);
              }
              audit.allowed(
                  who,
                  "export.checked",
                  target,
                  stored.size()
                      + " finding(s)"
                      + (byRule.isEmpty() ? "" : " " + byRule)
                      + " in "
                      + fs.size()
                      + " file(s) against "
                      + corpora.size()
                      + " dataset version(s)");
              return stored;
            });
  }

  /** The versions the team is granted now, and every published version of a restricted dataset. */
  Set<UUID> corporaOf(UUID teamId) {
    Set<UUID> out = new LinkedHashSet<>();
    for (GrantEntity g : grants.listForTeams(List.of(teamId))) {
      if (g.isActive(clock.instant())) {
        out.add(g.versionId);
      }
    }
    for (DatasetEntity d : datasets.listAll()) {
      if (d.sensitivityTier >= RESTRICTED_TIER) {
        for (DatasetVersionEntity v : versions.listForDataset(d.id)) {
          if (v.state == DatasetVersionEntity.State.PUBLISHED) {
            out.add(v.id);
          }
        }
      }
    }
    return out;
  }

  /** The file as text, or null if it is not UTF-8 or holds NUL bytes (a binary file). */
  private String text(ExportFileEntity f) throws IOException {
    byte[] bytes;
    try (InputStream in =
        store.open(f.objectKey).orElseThrow(() -> new IOException(f.objectKey + " is missing"))) {
      bytes = in.readAllBytes();
    }
    for (byte b : bytes) {
      if (b == 0) {
        return null;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
