package org.enclave.workspace.runtime.client.tasks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.enclave.workspace.runtime.client.BrokerChannel;
import org.enclave.workspace.runtime.client.EnclaveException;
import org.enclave.workspace.runtime.client.s3.UriEncoding;

/**
 * Submits predictions to a shared task through the workspace's broker endpoint: {@code POST
 * /-/tasks/{task}/submissions?format=...&name=...} with the file as the body, signed with SigV4
 * over the file's real SHA-256 (the broker checks it). The file goes to the control plane inside
 * the enclave and nowhere else.
 */
public final class SubmissionClient {
  private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(10);

  private final BrokerChannel channel;

  public SubmissionClient(BrokerChannel channel) {
    this.channel = channel;
  }

  /**
   * Sends {@code file} as a submission to {@code task} (its name or id).
   *
   * @param format {@code tsv} or {@code json}; {@code null} guesses from the file name
   */
  public SubmissionResult submit(String task, Path file, String format) {
    if (task == null || task.isBlank()) {
      throw new IllegalArgumentException("name the task, e.g. clpsych-demo");
    }
    if (!Files.isRegularFile(file)) {
      throw new EnclaveException("no such file: " + file);
    }
    String fmt = format == null ? guessFormat(file) : format.toLowerCase(Locale.ROOT);
    String name = file.getFileName().toString();
    String path =
        "/-/tasks/"
            + UriEncoding.encode(task)
            + "/submissions?format="
            + UriEncoding.encode(fmt)
            + "&name="
            + UriEncoding.encode(name);
    BrokerChannel.Answer answer;
    try {
      answer = channel.send("POST", path, file, BrokerChannel.sha256(file), ANSWER_TIMEOUT);
    } catch (EnclaveException e) {
      throw new EnclaveException("submission failed: " + e.getMessage(), e);
    }
    return new SubmissionResult(answer.status(), answer.json());
  }

  static String guessFormat(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".json") ? "json" : "tsv";
  }
}
