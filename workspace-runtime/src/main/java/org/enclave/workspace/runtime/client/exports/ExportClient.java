package org.enclave.workspace.runtime.client.exports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.enclave.workspace.runtime.client.BrokerChannel;
import org.enclave.workspace.runtime.client.EnclaveException;
import org.enclave.workspace.runtime.client.JsonValues;
import org.enclave.workspace.runtime.client.s3.UriEncoding;

/**
 * Asks for files to leave the workspace, through the control plane's reviewed export: each file is
 * hashed, then staged ({@code POST /-/exports/files?name=}, the broker checks the body against the
 * signed hash), then one request names them all with the hashes computed first, so a file that
 * changed while it was sent is refused rather than exported as something else. Nothing leaves until
 * reviewers who are not on the team have approved the request.
 */
public final class ExportClient {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{36}");

  private final BrokerChannel channel;
  private final Path home;

  /**
   * @param home the workspace's home: files must be inside it, and are named by their path in it
   */
  public ExportClient(BrokerChannel channel, Path home) {
    this.channel = channel;
    this.home = home;
  }

  /** A file ready to be sent: where it is, its name in the request, and its hash. */
  record Prepared(Path file, String name, String sha256) {}

  /** Stages {@code files} and files one request for them; returns the request as answered. */
  public Map<String, Object> request(List<Path> files, String justification) {
    return request(files, justification, null);
  }

  /**
   * Stages {@code files} and files one request for them that replaces the returned request {@code
   * resubmits} (null for a new one); returns the request as answered.
   */
  public Map<String, Object> request(List<Path> files, String justification, String resubmits) {
    if (resubmits != null && !ID.matcher(resubmits).matches()) {
      throw new IllegalArgumentException(
          "--resubmits names the returned request by its id (enclave export list)");
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("name at least one file to export");
    }
    if (justification == null || justification.isBlank()) {
      throw new IllegalArgumentException(
          "say why the files must leave and what they contain: --justification TEXT");
    }
    List<Prepared> prepared = new ArrayList<>();
    for (Path f : files) {
      prepared.add(prepare(f));
    }
    StringBuilder refs = new StringBuilder();
    for (Prepared p : prepared) {
      BrokerChannel.Answer staged =
          channel.send(
              "POST",
              "/-/exports/files?name=" + UriEncoding.encode(p.name()),
              p.file(),
              p.sha256(),
              TIMEOUT);
      if (staged.status() != 201) {
        throw new EnclaveException(p.name() + " was not taken: " + staged.problem());
      }
      refs.append(refs.length() == 0 ? "" : ",")
          .append("{\"id\":")
          .append(JsonValues.quote(String.valueOf(staged.json().get("id"))))
          .append(",\"sha256\":")
          .append(JsonValues.quote(p.sha256()))
          .append('}');
    }
    String body =
        "{\"justification\":"
            + JsonValues.quote(justification.strip())
            + ",\"files\":["
            + refs
            + "]"
            + (resubmits == null ? "" : ",\"resubmits\":" + JsonValues.quote(resubmits))
            + "}";
    BrokerChannel.Answer filed = channel.send("POST", "/-/exports", body, TIMEOUT);
    if (filed.status() != 201) {
      throw new EnclaveException("the export request was refused: " + filed.problem());
    }
    return filed.json();
  }

  /** The team's export requests, newest first. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> list() {
    BrokerChannel.Answer a = channel.send("GET", "/-/exports", "", TIMEOUT);
    if (a.status() != 200) {
      throw new EnclaveException("the export requests could not be listed: " + a.problem());
    }
    Object requests = a.json().get("requests");
    return requests instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  /** Takes back a request of one's own that nobody has reviewed yet. */
  public Map<String, Object> withdraw(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("name the request by its id (enclave export list)");
    }
    BrokerChannel.Answer a = channel.send("POST", "/-/exports/" + id + "/withdraw", "", TIMEOUT);
    if (a.status() != 200) {
      throw new EnclaveException("the request was not withdrawn: " + a.problem());
    }
    return a.json();
  }

  /** Checks that {@code file} is a regular file inside the home, names it, and hashes it. */
  Prepared prepare(Path file) {
    Path real;
    Path root;
    try {
      root = home.toRealPath();
      real = file.toRealPath();
    } catch (IOException e) {
      throw new EnclaveException("no such file: " + file);
    }
    if (!Files.isRegularFile(real)) {
      throw new EnclaveException(file + " is not a regular file (export files, not folders)");
    }
    if (!real.startsWith(root) || real.equals(root)) {
      throw new EnclaveException(
          file + " is outside the home directory " + root + ": only files of the home can leave");
    }
    String name = root.relativize(real).toString();
    return new Prepared(real, name, BrokerChannel.sha256(real));
  }
}
