package org.enclave.api.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.enclave.api.audit.AuditRecorder;
import org.enclave.api.audit.AuditRecorder.Target;
import org.enclave.api.config.SchemaMigration;
import org.enclave.api.governance.persistence.DatasetFileEntity;
import org.enclave.api.governance.persistence.DatasetFileRepository;
import org.enclave.api.governance.persistence.DatasetVersionEntity;
import org.enclave.api.governance.persistence.DatasetVersionRepository;
import org.enclave.api.governance.service.FilePaths;
import org.enclave.api.ingest.model.IngestModels.ColumnMapping;
import org.enclave.api.ingest.persistence.IngestJobEntity;
import org.enclave.api.ingest.persistence.IngestJobEntity.State;
import org.enclave.api.ingest.persistence.IngestJobRepository;
import org.enclave.api.ingest.persistence.IngestProblemEntity;
import org.enclave.api.ingest.persistence.IngestProblemRepository;
import org.enclave.api.ingest.persistence.RawFileEntity;
import org.enclave.api.ingest.persistence.RawFileRepository;
import org.enclave.api.security.EnclavePrincipal;
import org.enclave.api.workspace.service.WorkspaceTransitions;
import org.enclave.infra.storage.ObjectStore;
import org.enclave.infra.storage.StoredObject;
import org.enclave.masking.Masked;
import org.enclave.masking.Masker;
import org.enclave.masking.Pseudonyms;
import org.enclave.masking.Recognizer;
import org.enclave.masking.Truecaser;
import org.jboss.logging.Logger;

/**
 * Runs ingest jobs, one at a time, on a thread of its own at the lowest priority (the named-entity
 * worker runs under {@code nice}). A job reads its raw file twice, streaming: first to count rows
 * and learn the usernames (so that a username in any post becomes its pseudonym), then to mask.
 * Every {@link IngestConfig#checkpointRows()} rows it saves the masked part, its progress and its
 * statistics in one step, so a restart resumes at the last checkpoint and a crash loses at most
 * that many rows' work. Memory grows with the number of users and posts (a username and a 16-byte
 * entry per post id, to find duplicates), never with the size of the file or its text.
 */
@ApplicationScoped
public class IngestRunner {
  private static final Logger LOG = Logger.getLogger(IngestRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int PRIORITY = SchemaMigration.PRIORITY + 3;

  @Inject IngestJobRepository jobs;
  @Inject IngestProblemRepository problems;
  @Inject RawFileRepository raws;
  @Inject DatasetVersionRepository versions;
  @Inject DatasetFileRepository files;
  @Inject IngestPolicies policies;
  @Inject PseudonymKeys keys;
  @Inject NamedEntities namedEntities;
  @Inject ObjectStore store;
  @Inject AuditRecorder audit;
  @Inject IngestConfig config;
  @Inject Clock clock;

  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "ingest");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
          });
  private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();
  private final Map<UUID, long[]> rates = new ConcurrentHashMap<>();
  private volatile boolean stopping;
  private volatile Truecaser truecaser;

  void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
    resumeUnfinished();
  }

  void onStop(@Observes ShutdownEvent event) {
    suspendAll();
  }

  /** Queues every job a stop left unfinished; it resumes at its last checkpoint. */
  public void resumeUnfinished() {
    stopping = false;
    List<UUID> ids =
        QuarkusTransaction.requiringNew()
            .call(() -> jobs.unfinished().stream().map(j -> j.id).toList());
    for (UUID id : ids) {
      LOG.infof("resuming ingest job %s", id);
      submit(id);
    }
  }

  /**
   * Stops the running job where it is, as a shutdown does, leaving it RUNNING for {@link
   * #resumeUnfinished}; work since its last checkpoint is lost.
   */
  public void suspendAll() {
    stopping = true;
  }

  void submit(UUID jobId) {
    executor.submit(
        () -> {
          try {
            run(jobId);
          } catch (RuntimeException | Error e) {
            LOG.errorf(e, "ingest job %s failed", jobId);
            fail(jobId, "the job stopped on an internal error: " + e);
          }
        });
  }

  /** Asks the running job to stop; it is cancelled at its next row. */
  void cancel(UUID jobId) {
    cancelled.add(jobId);
  }

  /** Rows per second since the job (re)started, or null if it does not run here. */
  Double rate(UUID jobId) {
    long[] r = rates.get(jobId);
    if (r == null) {
      return null;
    }
    double seconds = (System.nanoTime() - r[0]) / 1e9;
    return seconds < 0.5 ? null : (r[2] - r[1]) / seconds;
  }

  // ---------------------------------------------------------------- one job

  private record Setup(
      IngestJobEntity job, RawFileEntity raw, IngestPolicies.Effective policy, ColumnMapping map) {}

  private void run(UUID jobId) {
    if (stopping) {
      return;
    }
    Setup s =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  IngestJobEntity j = jobs.findById(jobId);
                  if (j == null || j.state.finalState()) {
                    return null;
                  }
                  if (j.cancelRequested) {
                    cancelled.add(jobId);
                  }
                  j.state = State.RUNNING;
                  return new Setup(
                      j,
                      raws.findById(j.rawFileId),
                      policies.effective(j.datasetId),
                      read(j.mapping));
                });
    if (s == null) {
      return;
    }
    IngestJobEntity job = s.job();
    if (!s.policy().hash().equals(job.policyHash)) {
      fail(jobId, "the masking policy changed after the job started; start the ingest again");
      return;
    }
    Pseudonyms.Key key = keys.of(job.datasetId);
    Pseudonyms pseudonyms = new Pseudonyms(key);
    List<Recognizer> models = new ArrayList<>();
    String model = NamedEntities.NO_MODEL;
    try {
      var worker = namedEntities.worker();
      if (worker.isPresent()) {
        models.add(worker.get());
        model = worker.get().model();
      }
    } catch (IOException e) {
      fail(jobId, "the named-entity worker did not start: " + e.getMessage());
      return;
    }
    if (!model.equals(job.model)) {
      fail(jobId, "the named-entity model changed after the job started; start the ingest again");
      return;
    }
    Masker masker =
        Masker.standard(s.policy().masking(), truecaser(), models.toArray(Recognizer[]::new));
    try {
      Map<String, String> users = firstPass(s, pseudonyms);
      if (users == null) {
        return;
      }
      secondPass(s, pseudonyms, key, masker, users);
    } catch (RawRows.FileProblem p) {
      fileProblem(jobId, p.getMessage());
    } catch (IOException e) {
      fail(jobId, "the raw file could not be read: " + e.getMessage());
    } finally {
      rates.remove(jobId);
    }
  }

  /**
   * Counts rows and maps each username (lower case) to its user's pseudonym; null if it stopped.
   */
  private Map<String, String> firstPass(Setup s, Pseudonyms pseudonyms)
      throws IOException, RawRows.FileProblem {
    ColumnMapping m = s.map();
    Map<String, String> users = new HashMap<>();
    Set<String> seen = new HashSet<>();
    List<String> named = named(m);
    long rows = 0;
    try (RawRows in = open(s)) {
      if (in.header() != null) {
        for (String c : named) {
          if (!in.header().contains(c)) {
            throw new RawRows.FileProblem(
                "the mapping names column '"
                    + c
                    + "', which the header does not have (it has: "
                    + String.join(", ", in.header())
                    + ")");
          }
        }
      }
      RawRows.Next next;
      while ((next = in.next()) != null) {
        if (stopping || cancelled.contains(s.job().id)) {
          stopOrCancel(s.job().id);
          return null;
        }
        rows++;
        if (next instanceof RawRows.Row r) {
          if (in.header() == null) {
            for (String c : named) {
              if (r.fields().containsKey(c)) {
                seen.add(c);
              }
            }
          }
          String user = text(r.fields().get(m.user()));
          String name = m.username() == null ? user : text(r.fields().get(m.username()));
          if (user != null && !user.isBlank() && name != null && !name.isBlank()) {
            users.putIfAbsent(name.strip().toLowerCase(Locale.ROOT), pseudonyms.user(user));
          }
        }
      }
    }
    if (s.job().format == IngestJobEntity.Format.JSONL) {
      for (String c : named) {
        if (!seen.contains(c) && rows > 0) {
          throw new RawRows.FileProblem(
              "the mapping names column '" + c + "', which no row of the file has");
        }
      }
    }
    if (rows == 0) {
      throw new RawRows.FileProblem("the file has no rows");
    }
    long total = rows;
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              IngestJobEntity j = jobs.findById(s.job().id);
              j.rowsTotal = total;
              j.progressAt = Instant.now(clock);
            });
    return users;
  }

  private void secondPass(
      Setup s, Pseudonyms pseudonyms, Pseudonyms.Key key, Masker masker, Map<String, String> users)
      throws IOException, RawRows.FileProblem {
    IngestJobEntity job = s.job();
    ColumnMapping m = s.map();
    MaskingStats stats = IngestReports.read(job.stats);
    Map<Long, Long> posts = new HashMap<>();
    Map<String, Integer> shifts = new HashMap<>();
    List<IngestProblemEntity> pending = new ArrayList<>();
    ByteArrayOutputStream part = new ByteArrayOutputStream(1 << 20);
    long done = job.rowsDone;
    long rejected = job.rowsRejected;
    int parts = job.parts;
    long sinceCheckpoint = 0;
    long[] rate = {System.nanoTime(), done, done};
    rates.put(job.id, rate);
    try (RawRows in = open(s)) {
      RawRows.Next next;
      while ((next = in.next()) != null) {
        long row = next.row();
        if (row <= job.rowsDone) {
          if (next instanceof RawRows.Row r) {
            String post = text(r.fields().get(m.post()));
            if (post != null && !post.isBlank()) {
              posts.putIfAbsent(postKey(key, post), row);
            }
          }
          continue;
        }
        if (stopping || cancelled.contains(job.id)) {
          stopOrCancel(job.id);
          return;
        }
        String problem;
        if (next instanceof RawRows.Bad bad) {
          problem = bad.message();
        } else {
          problem =
              maskRow(
                  (RawRows.Row) next,
                  m,
                  s,
                  pseudonyms,
                  key,
                  masker,
                  users,
                  stats,
                  posts,
                  shifts,
                  part);
        }
        if (problem != null) {
          rejected++;
          if (rejected <= config.maxProblems()) {
            IngestProblemEntity p = new IngestProblemEntity();
            p.id = new IngestProblemEntity.Key(job.id, (int) rejected);
            p.rowNumber = row;
            p.message = "row " + row + " " + problem;
            pending.add(p);
          }
        }
        done = row;
        rate[2] = done;
        if (++sinceCheckpoint >= config.checkpointRows()) {
          if (!checkpoint(job.id, parts, part, done, rejected, stats, pending)) {
            return;
          }
          parts++;
          part.reset();
          pending.clear();
          sinceCheckpoint = 0;
        }
      }
    }
    if (sinceCheckpoint > 0 || parts == 0) {
      if (!checkpoint(job.id, parts, part, done, rejected, stats, pending)) {
        return;
      }
      parts++;
    }
    finish(job.id, parts);
  }

  /** Masks one row into {@code out}; returns why it was rejected, or null. */
  private String maskRow(
      RawRows.Row r,
      ColumnMapping m,
      Setup s,
      Pseudonyms pseudonyms,
      Pseudonyms.Key key,
      Masker masker,
      Map<String, String> users,
      MaskingStats stats,
      Map<Long, Long> posts,
      Map<String, Integer> shifts,
      ByteArrayOutputStream out) {
    Map<String, JsonNode> f = r.fields();
    String user = text(f.get(m.user()));
    if (user == null || user.isBlank()) {
      return "has no user id in column '" + m.user() + "'";
    }
    String post = text(f.get(m.post()));
    if (post == null || post.isBlank()) {
      return "has no post id in column '" + m.post() + "'";
    }
    JsonNode bodyNode = f.get(m.body());
    if (bodyNode == null || bodyNode.isNull()) {
      return "has no body in column '" + m.body() + "'";
    }
    Long earlier = posts.putIfAbsent(postKey(key, post), r.row());
    if (earlier != null) {
      return "repeats the post id of row " + earlier + "; post ids must be unique";
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("user", pseudonyms.user(user));
    o.put("post", pseudonyms.post(post));
    if (m.timestamp() != null) {
      String ts = text(f.get(m.timestamp()));
      if (ts != null && !ts.isBlank()) {
        int days = s.policy().dateShiftDays();
        if (days == 0) {
          o.put("timestamp", ts);
        } else {
          int shift = shifts.computeIfAbsent(user, u -> PseudonymKeys.dateShift(key, u, days));
          String shifted = shift(ts.strip(), shift);
          if (shifted == null) {
            posts.remove(postKey(key, post));
            return "has a timestamp '"
                + abbreviate(ts)
                + "' that is neither ISO-8601 (2019-03-01T12:00:00Z, 2019-03-01) nor epoch seconds";
          }
          o.put("timestamp", shifted);
        }
      } else {
        o.putNull("timestamp");
      }
    }
    Map<String, String> before = new LinkedHashMap<>();
    Map<String, String> after = new LinkedHashMap<>();
    List<String> textColumns = new ArrayList<>();
    if (m.title() != null) {
      textColumns.add(m.title());
    }
    textColumns.add(m.body());
    textColumns.addAll(m.text());
    for (String c : textColumns) {
      String original = text(f.get(c));
      String name = c.equals(m.title()) ? "title" : c.equals(m.body()) ? "body" : c;
      if (original == null) {
        o.putNull(name);
        continue;
      }
      Masked masked = masker.mask(original, users);
      stats.count(original, masked.spans());
      o.put(name, masked.text());
      before.put(name, original);
      after.put(name, masked.text());
    }
    for (String c : m.keep()) {
      JsonNode v = f.get(c);
      o.set(c, v == null ? JSON.nullNode() : v);
    }
    stats.rows++;
    int size = config.sampleSize();
    if (stats.wouldSample(s.job().id, r.row(), size)) {
      stats.offer(s.job().id, r.row(), size, () -> before, () -> after);
    }
    try {
      out.write(JSON.writeValueAsBytes(o));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    out.write('\n');
    return null;
  }

  private boolean checkpoint(
      UUID jobId,
      int index,
      ByteArrayOutputStream part,
      long done,
      long rejected,
      MaskingStats stats,
      List<IngestProblemEntity> pending)
      throws IOException {
    String partKey = partKey(jobId, index);
    byte[] bytes = part.toByteArray();
    store.put(partKey, new ByteArrayInputStream(bytes), Long.MAX_VALUE);
    String statsJson = IngestReports.write(stats);
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              IngestJobEntity j = jobs.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
              if (j.state != State.RUNNING) {
                return false;
              }
              j.rowsDone = done;
              j.rowsRejected = rejected;
              j.parts = index + 1;
              j.stats = statsJson;
              j.progressAt = Instant.now(clock);
              for (IngestProblemEntity p : pending) {
                problems.persist(p);
              }
              return true;
            });
  }

  private void finish(UUID jobId, int parts) throws IOException {
    IngestJobEntity job = QuarkusTransaction.requiringNew().call(() -> jobs.findById(jobId));
    if (job.rowsRejected > 0) {
      deleteParts(jobId, parts);
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                IngestJobEntity j = jobs.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
                j.state = State.FAILED;
                j.failure =
                    j.rowsRejected
                        + (j.rowsRejected == 1 ? " row has a problem" : " rows have problems")
                        + " (see the job's problems); fix the raw file and run the ingest again."
                        + " The masked file was not added to the version.";
                j.finishedAt = Instant.now(clock);
                audit.failed(
                    actor(j),
                    "dataset.ingest.finish",
                    target(j),
                    j.failure + " " + IngestReports.summary(j));
              });
      return;
    }
    String finalKey = "datasets/" + job.datasetId + "/" + job.versionId + "/" + UUID.randomUUID();
    StoredObject stored;
    try (InputStream all = concatenated(jobId, parts)) {
      stored = store.put(finalKey, all, Long.MAX_VALUE);
    }
    java.util.concurrent.atomic.AtomicReference<String> replacedKey =
        new java.util.concurrent.atomic.AtomicReference<>();
    boolean added =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  IngestJobEntity j = jobs.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
                  DatasetVersionEntity v =
                      versions.findById(j.versionId, LockModeType.PESSIMISTIC_WRITE);
                  if (j.state != State.RUNNING) {
                    return false;
                  }
                  if (v.state != DatasetVersionEntity.State.DRAFT) {
                    j.state = State.FAILED;
                    j.failure = "the version was published while the job ran";
                    j.finishedAt = Instant.now(clock);
                    return false;
                  }
                  DatasetFileEntity f = files.findByPath(v.id, j.outputPath).orElse(null);
                  String replaced = null;
                  if (f == null) {
                    f = new DatasetFileEntity();
                    f.id = UUID.randomUUID();
                    f.versionId = v.id;
                    f.path = j.outputPath;
                  } else {
                    replaced = f.objectKey;
                  }
                  f.objectKey = stored.key();
                  f.sizeBytes = stored.size();
                  f.sha256 = stored.sha256();
                  f.mediaType = FilePaths.mediaType(j.outputPath);
                  f.uploadedAt = Instant.now(clock);
                  f.uploadedBy = j.startedBy;
                  f.ingestJobId = j.id;
                  files.persist(f);
                  j.state = State.FINISHED;
                  j.finishedAt = Instant.now(clock);
                  j.outputFileId = f.id;
                  audit.allowed(
                      actor(j),
                      "dataset.ingest.finish",
                      target(j),
                      "wrote "
                          + j.outputPath
                          + " ("
                          + stored.size()
                          + " bytes, sha256 "
                          + stored.sha256()
                          + "): "
                          + IngestReports.summary(j));
                  replacedKey.set(replaced);
                  return true;
                });
    if (!added) {
      quietly(finalKey);
    }
    if (replacedKey.get() != null) {
      quietly(replacedKey.get());
    }
    deleteParts(jobId, parts);
  }

  private InputStream concatenated(UUID jobId, int parts) {
    java.util.Iterator<Integer> index = java.util.stream.IntStream.range(0, parts).iterator();
    return new SequenceInputStream(
        new java.util.Enumeration<InputStream>() {
          @Override
          public boolean hasMoreElements() {
            return index.hasNext();
          }

          @Override
          public InputStream nextElement() {
            String k = partKey(jobId, index.next());
            try {
              return store
                  .open(k)
                  .orElseThrow(() -> new IllegalStateException("part " + k + " is missing"));
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        });
  }

  /** Returns true if it was a cancellation (recorded), false for a stop. */
  private boolean stopOrCancel(UUID jobId) {
    if (stopping) {
      return false;
    }
    int parts =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  IngestJobEntity j = jobs.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
                  if (j.state.finalState()) {
                    return 0;
                  }
                  j.state = State.CANCELLED;
                  j.finishedAt = Instant.now(clock);
                  audit.allowed(
                      new EnclavePrincipal(j.cancelledBy, j.cancelledBy, Set.of()),
                      "dataset.ingest.cancel",
                      target(j),
                      "cancelled at row " + j.rowsDone);
                  return j.parts;
                });
    cancelled.remove(jobId);
    deleteParts(jobId, parts);
    return true;
  }

  private void fileProblem(UUID jobId, String message) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              if (problems.countOf(jobId) == 0) {
                IngestProblemEntity p = new IngestProblemEntity();
                p.id = new IngestProblemEntity.Key(jobId, 1);
                p.rowNumber = 0;
                p.message = message;
                problems.persist(p);
              }
            });
    fail(jobId, message);
  }

  void fail(UUID jobId, String why) {
    int parts =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  IngestJobEntity j = jobs.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
                  if (j == null || j.state.finalState()) {
                    return 0;
                  }
                  j.state = State.FAILED;
                  j.failure = why;
                  j.finishedAt = Instant.now(clock);
                  audit.failed(actor(j), "dataset.ingest.finish", target(j), why);
                  return j.parts;
                });
    deleteParts(jobId, parts);
  }

  private void deleteParts(UUID jobId, int parts) {
    for (int i = 0; i < parts; i++) {
      quietly(partKey(jobId, i));
    }
  }

  private void quietly(String key) {
    try {
      store.delete(key);
    } catch (IOException | RuntimeException e) {
      LOG.warnf("could not remove object %s: %s", key, e.getMessage());
    }
  }

  private RawRows open(Setup s) throws IOException, RawRows.FileProblem {
    InputStream in =
        store
            .open(s.raw().objectKey)
            .orElseThrow(() -> new IOException("the raw file's object is gone"));
    try {
      return RawRows.open(in, s.job().format);
    } catch (IOException | RawRows.FileProblem | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private Truecaser truecaser() {
    Truecaser t = truecaser;
    if (t == null) {
      try {
        t =
            Files.isRegularFile(Truecaser.DEBIAN_WORDS)
                ? Truecaser.fromWordList(Truecaser.DEBIAN_WORDS)
                : Truecaser.none();
      } catch (IOException e) {
        t = Truecaser.none();
      }
      truecaser = t;
    }
    return t;
  }

  static String partKey(UUID jobId, int index) {
    return RawFiles.PREFIX + "jobs/" + jobId + "/part-" + String.format("%06d", index);
  }

  private static long postKey(Pseudonyms.Key key, String post) {
    return ByteBuffer.wrap(key.mac(("dup\0" + post).getBytes(StandardCharsets.UTF_8))).getLong();
  }

  static List<String> named(ColumnMapping m) {
    List<String> out = new ArrayList<>();
    for (String c :
        new String[] {m.user(), m.post(), m.timestamp(), m.title(), m.body(), m.username()}) {
      if (c != null) {
        out.add(c);
      }
    }
    out.addAll(m.keep());
    out.addAll(m.text());
    return Collections.unmodifiableList(out);
  }

  static String text(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  /** {@code ts} moved by {@code days}, in the form it came in; null if it has no known form. */
  static String shift(String ts, int days) {
    if (ts.matches("\\d{1,12}")) {
      return Long.toString(Long.parseLong(ts) + days * 86_400L);
    }
    java.time.format.DateTimeFormatter iso =
        java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    try {
      if (ts.endsWith("Z") || ts.endsWith("z")) {
        return Instant.parse(ts).plus(java.time.Duration.ofDays(days)).toString();
      }
      return OffsetDateTime.parse(ts).plusDays(days).format(iso);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDateTime.parse(ts)
          .plusDays(days)
          .format(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDate.parse(ts).plusDays(days).toString();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static ColumnMapping read(String mapping) {
    try {
      return JSON.readValue(mapping, ColumnMapping.class);
    } catch (IOException e) {
      throw new IllegalStateException("a job's column mapping is corrupt", e);
    }
  }

  private static EnclavePrincipal actor(IngestJobEntity j) {
    return WorkspaceTransitions.CONTROL_PLANE;
  }

  static Target target(IngestJobEntity j) {
    return Target.of("ingest-job", j.id).dataset(j.datasetId);
  }
}
