package org.enclave.workspace.runtime.client;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.enclave.workspace.runtime.client.s3.ListPage;
import org.enclave.workspace.runtime.client.s3.S3ReadClient;
import org.enclave.workspace.runtime.client.s3.SigV4Signer;
import org.enclave.workspace.runtime.client.tasks.SubmissionClient;
import org.enclave.workspace.runtime.client.tasks.SubmissionResult;

/**
 * Reads the datasets granted to this workspace, through the data broker (every read is checked
 * against a live grant and audited there). A bucket is a dataset version, {@code <dataset>.<version
 * label>}; a key is a file's path in it.
 *
 * <p>Bound as {@code enclave} in the kernel; the {@code enclave} command line uses it too. Failures
 * are {@link EnclaveException}s, refusals by the broker {@link BrokerException}s carrying the
 * broker's reason (for example that the team's grant was revoked).
 *
 * <p>Submitting predictions to a shared task ({@link #submit}) goes through the same endpoint, to
 * the control plane's submission service ({@code /-/tasks/...}).
 */
public final class EnclaveClient {
  /** The most a listing page may hold (S3's limit). */
  static final int MAX_PAGE = 1000;

  /** {@link #text} refuses files larger than this: use {@link #lines} or {@link #open}. */
  public static final int MAX_TEXT_BYTES = 64 * 1024 * 1024;

  /** A line longer than this (in bytes) is an error in {@link #lines} and {@link #jsonl}. */
  public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private final S3ReadClient s3;
  private final SubmissionClient tasks;
  private final org.enclave.workspace.runtime.client.exports.ExportClient exports;
  private final String workspaceId;
  private final int pageSize;
  private final EnclaveException unavailable;

  /** A client for the broker the environment names. */
  public EnclaveClient(EnclaveEnvironment env) {
    this(env, MAX_PAGE, System.getenv());
  }

  EnclaveClient(EnclaveEnvironment env, int pageSize) {
    this(env, pageSize, System.getenv());
  }

  private EnclaveClient(EnclaveEnvironment env, int pageSize, Map<String, String> trust) {
    if (pageSize < 1 || pageSize > MAX_PAGE) {
      throw new IllegalArgumentException("page size must be 1.." + MAX_PAGE);
    }
    HttpClient http =
        CaBundle.httpClient(trust)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    SigV4Signer signer =
        new SigV4Signer(
            new SigV4Signer.Credentials(
                env.accessKeyId(), env.secretAccessKey(), env.sessionToken()),
            env.region(),
            "s3");
    this.s3 = new S3ReadClient(env.endpoint(), signer, http, Clock.systemUTC());
    BrokerChannel channel = new BrokerChannel(env.endpoint(), signer, http, Clock.systemUTC());
    this.tasks = new SubmissionClient(channel);
    this.exports =
        new org.enclave.workspace.runtime.client.exports.ExportClient(channel, env.home());
    this.workspaceId = env.workspaceId();
    this.pageSize = pageSize;
    this.unavailable = null;
  }

  private EnclaveClient(EnclaveException unavailable) {
    this.s3 = null;
    this.tasks = null;
    this.exports = null;
    this.workspaceId = null;
    this.pageSize = MAX_PAGE;
    this.unavailable = unavailable;
  }

  /** A client configured from this process's environment. */
  public static EnclaveClient fromEnvironment() {
    return new EnclaveClient(EnclaveEnvironment.fromSystem());
  }

  /**
   * A client configured from {@code env}; if the environment does not name a broker, a client whose
   * every request fails with the reason (a kernel started outside a workspace still starts).
   */
  public static EnclaveClient fromEnvironmentOrExplain(Map<String, String> env) {
    try {
      return new EnclaveClient(EnclaveEnvironment.from(env), MAX_PAGE, env);
    } catch (EnclaveException e) {
      return new EnclaveClient(e);
    }
  }

  private S3ReadClient s3() {
    if (unavailable != null) {
      throw new EnclaveException(unavailable.getMessage());
    }
    return s3;
  }

  /**
   * Submits predictions to a shared task, from inside the workspace: the file goes through the
   * workspace's broker endpoint to the control plane, which validates it against the gold labels (a
   * rejected file lists every problem and costs nothing), counts it against the phase's limits,
   * scores it and answers with the scores the team may see.
   *
   * @param task the task's name (e.g. {@code clpsych-demo}) or id
   * @param file the predictions; TSV unless the name ends in {@code .json}
   */
  public SubmissionResult submit(String task, String file) {
    return submit(task, file, null);
  }

  /**
   * Asks for files of the home directory to leave the workspace through the reviewed export: they
   * are checked for data that must not leave, and released only once two reviewers who are not on
   * the team approve. Returns the request as filed (its id, state and files with their SHA-256).
   */
  public Map<String, Object> export(List<String> files, String justification) {
    return export(files, justification, null);
  }

  /**
   * As {@link #export(List, String)}, as a new version of the returned request {@code resubmits}.
   */
  public Map<String, Object> export(List<String> files, String justification, String resubmits) {
    requireConnected();
    return exports.request(
        files.stream().map(java.nio.file.Path::of).toList(), justification, resubmits);
  }

  /** The team's export requests, newest first. */
  public List<Map<String, Object>> exports() {
    requireConnected();
    return exports.list();
  }

  /** Takes back an export request of one's own that nobody has reviewed yet. */
  public Map<String, Object> withdrawExport(String id) {
    requireConnected();
    return exports.withdraw(id);
  }

  private void requireConnected() {
    if (unavailable != null) {
      throw new EnclaveException(unavailable.getMessage());
    }
  }

  /** As {@link #submit(String, String)}, with the format named: {@code tsv} or {@code json}. */
  public SubmissionResult submit(String task, String file, String format) {
    if (unavailable != null) {
      throw new EnclaveException(unavailable.getMessage());
    }
    return tasks.submit(task, java.nio.file.Path.of(file), format);
  }

  /** The dataset versions this workspace may read now. */
  public List<Dataset> datasets() {
    return s3().listBuckets();
  }

  /** Every file of a dataset version. */
  public List<ObjectInfo> list(String bucket) {
    return list(bucket, null);
  }

  /** Every file of a dataset version whose path starts with {@code prefix}. */
  public List<ObjectInfo> list(String bucket, String prefix) {
    List<ObjectInfo> out = new ArrayList<>();
    String token = null;
    do {
      ListPage page = s3().listObjectsV2(bucket, prefix, null, token, pageSize);
      out.addAll(page.objects());
      token = page.truncated() ? page.nextContinuationToken() : null;
    } while (token != null);
    return out;
  }

  /** The top level of a dataset version: its folders and files. */
  public Listing browse(String bucket) {
    return browse(bucket, null);
  }

  /**
   * One level under {@code prefix}, as a directory: folders (ending in {@code /}) and files. A
   * prefix naming a folder should end in {@code /}.
   */
  public Listing browse(String bucket, String prefix) {
    List<ObjectInfo> files = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    String token = null;
    do {
      ListPage page = s3().listObjectsV2(bucket, prefix, "/", token, pageSize);
      files.addAll(page.objects());
      folders.addAll(page.commonPrefixes());
      token = page.truncated() ? page.nextContinuationToken() : null;
    } while (token != null);
    return new Listing(bucket, prefix == null ? "" : prefix, folders, files);
  }

  /** Size, upload time and entity tag of one file (HEAD: a refusal carries no reason). */
  public ObjectInfo stat(String bucket, String key) {
    return s3().headObject(bucket, key);
  }

  /** The file's bytes, streamed from the broker. Close the stream when done. */
  public InputStream open(String bucket, String key) {
    return s3().getObject(bucket, key, null).body();
  }

  /**
   * Part of a file: {@code length} bytes from {@code offset} (fewer at the end of the file).
   *
   * @throws BrokerException {@code InvalidRange} if {@code offset} is at or past the end
   */
  public InputStream open(String bucket, String key, long offset, long length) {
    if (offset < 0 || length <= 0) {
      throw new IllegalArgumentException("need offset >= 0 and length > 0");
    }
    long last = offset + length - 1;
    if (last < offset) {
      last = Long.MAX_VALUE;
    }
    S3ReadClient.ObjectBody r = s3().getObject(bucket, key, "bytes=" + offset + "-" + last);
    if (r.status() == 206) {
      return r.body();
    }
    // The whole object came back (a server that ignores ranges): cut it here.
    return new Window(r.body(), offset, length);
  }

  /** The file's lines (UTF-8), streamed. */
  public Records<String> lines(String bucket, String key) {
    String source = bucket + "/" + key;
    LineReader reader = new LineReader(source, open(bucket, key), MAX_LINE_BYTES);
    return new Records<>("lines of " + source, reader::next, reader);
  }

  /**
   * The file's JSON Lines records, each a {@code Map} (see {@link JsonValues} for the value types),
   * streamed. Blank lines are skipped; a line that is not a JSON object is an error naming the file
   * and the line number.
   */
  public Records<Map<String, Object>> jsonl(String bucket, String key) {
    String source = bucket + "/" + key;
    LineReader reader = new LineReader(source, open(bucket, key), MAX_LINE_BYTES);
    Records.Source<Map<String, Object>> next =
        () -> {
          String line;
          do {
            line = reader.next();
            if (line == null) {
              return null;
            }
          } while (line.isBlank());
          try {
            return JsonValues.parseObject(line);
          } catch (JsonValues.JsonException e) {
            throw new EnclaveException(
                source + ", line " + reader.lineNumber() + ": " + e.getMessage());
          }
        };
    return new Records<>("JSON records of " + source, next, reader);
  }

  /** The whole file as UTF-8 text; refused above {@link #MAX_TEXT_BYTES}. */
  public String text(String bucket, String key) {
    String source = bucket + "/" + key;
    byte[] bytes;
    try (InputStream in = open(bucket, key)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + n > MAX_TEXT_BYTES) {
          throw new EnclaveException(
              source
                  + " is larger than "
                  + (MAX_TEXT_BYTES >> 20)
                  + " MiB: read it with lines(), jsonl() or open()");
        }
        out.write(buf, 0, n);
      }
      bytes = out.toByteArray();
    } catch (IOException e) {
      throw new EnclaveException("reading " + source + ": " + e.getMessage(), e);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new EnclaveException(source + " is not UTF-8 text: read it with open()");
    }
  }

  /** This workspace's id, or {@code null} outside a workspace. */
  public String workspaceId() {
    return workspaceId;
  }

  @Override
  public String toString() {
    if (unavailable != null) {
      return "enclave client, not connected: " + unavailable.getMessage();
    }
    return "enclave client"
        + (workspaceId == null ? "" : " of workspace " + workspaceId)
        + ", data broker at "
        + s3.endpoint()
        + ": datasets(), list(bucket[, prefix]), browse(bucket[, prefix]), stat(bucket, key),"
        + " open(bucket, key[, offset, length]), lines(bucket, key), jsonl(bucket, key),"
        + " text(bucket, key), submit(task, file[, format]),"
        + " export(files, justification), exports(), withdrawExport(id)";
  }

  /** Bytes {@code [offset, offset + length)} of a stream that starts at 0. */
  private static final class Window extends FilterInputStream {
    private long toSkip;
    private long left;

    Window(InputStream in, long offset, long length) {
      super(in);
      this.toSkip = offset;
      this.left = length;
    }

    private void skipToStart() throws IOException {
      while (toSkip > 0) {
        long n = in.skip(toSkip);
        if (n <= 0) {
          if (in.read() < 0) {
            toSkip = 0;
            left = 0;
            return;
          }
          n = 1;
        }
        toSkip -= n;
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      skipToStart();
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
