package org.enclave.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.Arc;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.enclave.api.broker.BrokerEndpoints;
import org.enclave.api.broker.WorkspaceIdentity;
import org.enclave.api.support.ChannelClient.Answer;

/** Export requests as a workspace files them, on a loopback broker channel of the team. */
public final class ExportRequests {
  private ExportRequests() {}

  /** A workspace channel of {@code team}, acting for {@code member}. */
  public static ChannelClient workspace(String team, String member) {
    return new ChannelClient(
        Arc.container()
            .instance(BrokerEndpoints.class)
            .get()
            .openLoopback(
                new WorkspaceIdentity(Api.unique("ws"), UUID.fromString(team), member), 0));
  }

  /**
   * Stages each file (asserting it was taken), then files one request for them all, naming the
   * returned request it {@code resubmits} (or null); returns the request's answer, unchecked.
   */
  public static Answer file(
      ChannelClient ws, Map<String, byte[]> files, String justification, String resubmits) {
    StringBuilder refs = new StringBuilder();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Answer staged = ws.call("POST", "/-/exports/files", Map.of("name", f.getKey()), f.getValue());
      assertThat(staged.status()).as(f.getKey() + ": " + staged.body()).isEqualTo(201);
      refs.append(refs.length() == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(staged.json().getString("id"))
          .append("\",\"sha256\":\"")
          .append(staged.json().getString("sha256"))
          .append("\"}");
    }
    String body =
        "{\"justification\":\""
            + justification
            + "\",\"files\":["
            + refs
            + "]"
            + (resubmits == null ? "" : ",\"resubmits\":\"" + resubmits + "\"")
            + "}";
    return ws.call("POST", "/-/exports", Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }
}
