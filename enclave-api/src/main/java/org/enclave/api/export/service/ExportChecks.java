package org.enclave.api.export.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.config.EnclaveConfig;
import org.enclave.api.export.check.CorpusFormat;
import org.enclave.api.export.check.FileKind;
import org.enclave.api.export.check.Finding;
import org.enclave.api.export.check.ImageText;
import org.enclave.api.export.check.PdfText;
import org.enclave.api.export.check.TableCheck;
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
 * Runs the automated checks on a request's files when it arrives, inside the boundary. Each file is
 * told by its content ({@link FileKind}); its text (the file itself, each page of a PDF, or what
 * OCR reads in an image) is checked against the corpus index of every dataset version the team is
 * granted and of every restricted dataset (sensitivity tier 4, such as gold labels) for verbatim
 * text and identifiers; tables get the statistical disclosure checks; models get a warning. What
 * could not be checked is a finding too ({@code unchecked}), never a silent pass. Findings are
 * stored with the request for reviewers; they block nothing by themselves.
 */
@ApplicationScoped
public class ExportChecks {
  private static final Logger LOG = Logger.getLogger(ExportChecks.class);

  /** Datasets of this tier and above are checked against whether or not the team is granted. */
  static final int RESTRICTED_TIER = 4;

  /** A model file: it can memorize and reproduce its training text; its contents are unchecked. */
  public static final String MODEL = "model-file";

  /** Part or all of a file that the checks could not read. */
  public static final String UNCHECKED = "unchecked";

  @Inject CorpusIndexes indexes;
  @Inject GrantRepository grants;
  @Inject DatasetRepository datasets;
  @Inject DatasetVersionRepository versions;
  @Inject ExportFindingRepository findings;
  @Inject ObjectStore store;
  @Inject AuditRecorder audit;
  @Inject ExportConfig config;
  @Inject EnclaveConfig enclave;
  @Inject Clock clock;

  /** A finding with the file, version and PDF page it belongs to. */
  record Located(ExportFileEntity file, UUID versionId, Integer page, Finding finding) {}

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
          checkFile(f, opened, found);
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
                e.page = l.page();
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

  private void checkFile(
      ExportFileEntity f, List<CorpusIndexes.Indexed> corpora, List<Located> found)
      throws IOException {
    byte[] bytes;
    try (InputStream in =
        store.open(f.objectKey).orElseThrow(() -> new IOException(f.objectKey + " is missing"))) {
      bytes = in.readAllBytes();
    }
    // Told by content when it was staged; a file staged before kinds were recorded is told now.
    FileKind kind =
        f.kind != null
            ? kindOf(f)
            : FileKind.detect(
                    f.name,
                    java.util.Arrays.copyOf(bytes, Math.min(bytes.length, FileKind.HEAD_BYTES)),
                    bytes.length)
                .kind();
    if (kind == null) {
      found.add(whole(f, UNCHECKED, "not checked: of no allowed kind"));
      return;
    }
    if (kind.isText()) {
      Optional<String> text = FileKind.text(bytes);
      if (text.isEmpty()) {
        found.add(whole(f, UNCHECKED, "not checked: the file is not UTF-8 text throughout"));
        return;
      }
      checkText(f, null, text.get(), corpora, found);
      if (kind.isTable()) {
        List<List<String>> rows =
            CorpusFormat.rows(new ByteArrayInputStream(bytes), kind == FileKind.CSV, 1_000_000);
        for (Finding x : new TableCheck(config.minCellCount()).check(rows)) {
          found.add(new Located(f, null, null, x));
        }
      }
    } else if (kind == FileKind.PDF) {
      PdfText.Pages pages;
      try {
        pages = PdfText.of(bytes);
      } catch (IOException e) {
        found.add(
            whole(f, UNCHECKED, "not checked: the PDF could not be read (" + e.getMessage() + ")"));
        return;
      }
      for (int p = 0; p < pages.pages().size(); p++) {
        checkText(f, p + 1, pages.pages().get(p), corpora, found);
      }
      if (pages.totalPages() > pages.pages().size()) {
        found.add(
            whole(
                f,
                UNCHECKED,
                "pages after "
                    + pages.pages().size()
                    + " of "
                    + pages.totalPages()
                    + " were not checked"));
      }
    } else if (kind.isImage()) {
      Optional<String> text;
      try {
        text = ImageText.of(bytes, workDir());
      } catch (IOException e) {
        found.add(whole(f, UNCHECKED, "the text in the image was not read: " + e.getMessage()));
        return;
      }
      if (text.isEmpty()) {
        found.add(
            whole(
                f,
                UNCHECKED,
                "the text in the image was not read: the OCR engine (tesseract-ocr) is not"
                    + " installed"));
        return;
      }
      checkText(f, null, text.get(), corpora, found);
    } else if (kind.isModel()) {
      found.add(
          whole(
              f,
              MODEL,
              kind.description()
                  + ": a model can memorize its training text and reproduce it; its contents"
                  + " were not checked"));
    }
  }

  /** The kind the file was told to be by its content when it was staged. */
  static FileKind kindOf(ExportFileEntity f) {
    return f.kind == null ? null : FileKind.valueOf(f.kind.toUpperCase(java.util.Locale.ROOT));
  }

  private static void checkText(
      ExportFileEntity f,
      Integer page,
      String text,
      List<CorpusIndexes.Indexed> corpora,
      List<Located> found)
      throws IOException {
    for (CorpusIndexes.Indexed ix : corpora) {
      for (Finding finding :
          new TextCheck(ix.index(), ix.source(), CorpusFormat.TEXT).check(text)) {
        found.add(new Located(f, ix.versionId(), page, finding));
      }
    }
  }

  private static Located whole(ExportFileEntity f, String rule, String what) {
    return new Located(f, null, null, new Finding(rule, 0, 0, 0, 0, what, null, null));
  }

  private Path workDir() throws IOException {
    return Files.createDirectories(enclave.stateDir().resolve("export-work"));
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
}
