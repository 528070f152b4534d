package org.enclave.api.workspace.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.enclave.api.broker.ChannelRequest;
import org.enclave.api.broker.ChannelResponse;
import org.enclave.api.broker.WorkspaceIdentity;
import org.enclave.infra.workspace.WorkspaceNetwork;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /-/ready}: a networked workspace's runtime says Jupyter listens. The broker has
 * authenticated the request and checked its source address before; the channel passes the report on
 * to the provider, which accepts it only for a start under way whose boot token was redeemed.
 */
class ReadyChannelTest {
  static final InetAddress INSTANCE = address("10.20.0.5");

  /** The provider's side: which workspaces are starting where, and the reports it accepted. */
  static final class Starting implements WorkspaceNetwork {
    final Map<String, InetAddress> addresses;
    final boolean redeemed;
    final List<String> reports = new ArrayList<>();

    Starting(Map<String, InetAddress> addresses, boolean redeemed) {
      this.addresses = addresses;
      this.redeemed = redeemed;
    }

    @Override
    public Optional<InetAddress> privateAddress(String workspaceId) {
      return Optional.ofNullable(addresses.get(workspaceId));
    }

    @Override
    public Optional<InetSocketAddress> sessionAddress(String workspaceId) {
      return privateAddress(workspaceId).map(a -> new InetSocketAddress(a, 8888));
    }

    @Override
    public Optional<Map<String, String>> redeemBoot(
        String workspaceId, String bootToken, InetAddress from) {
      return Optional.empty();
    }

    @Override
    public boolean reportReady(String workspaceId, InetAddress from) {
      reports.add(workspaceId + "@" + from.getHostAddress());
      return redeemed && from.equals(addresses.get(workspaceId));
    }
  }

  @Test
  void aStartingWorkspacesReportIsPassedOnWithItsInstanceAddress() {
    Starting provider = new Starting(Map.of("w1", INSTANCE), true);

    ChannelResponse answer = ReadyChannel.report(Optional.of(provider), "w1");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).isEqualTo("application/json");
    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ready\":true}");
    assertThat(provider.reports).containsExactly("w1@10.20.0.5");
  }

  @Test
  void aReportBeforeTheBootTokenWasRedeemedIsRefused() {
    Starting provider = new Starting(Map.of("w1", INSTANCE), false);

    ChannelResponse answer = ReadyChannel.report(Optional.of(provider), "w1");

    assertProblem(answer, 409, "NotStarting", "workspace w1 is not starting");
  }

  @Test
  void aWorkspaceWithoutAnInstanceAddressIsNotAsked() {
    Starting provider = new Starting(Map.of(), true);

    ChannelResponse answer = ReadyChannel.report(Optional.of(provider), "w2");

    assertProblem(answer, 409, "NotStarting", "workspace w2");
    assertThat(provider.reports).isEmpty();
  }

  @Test
  void localSandboxesHaveNothingToReport() {
    assertProblem(
        ReadyChannel.report(Optional.empty(), "w1"), 404, "NoSuchService", "do not report");
  }

  @Test
  void onlyPostReports() {
    ChannelRequest get =
        new ChannelRequest("GET", ReadyChannel.PATH, Map.of(), null, 0, null, "REQ1");
    WorkspaceIdentity ws = new WorkspaceIdentity("w1", UUID.randomUUID(), "alice");

    assertProblem(new ReadyChannel().handle(ws, get), 405, "MethodNotAllowed", "POST");
    assertThat(new ReadyChannel().handles("/ready")).isTrue();
    assertThat(new ReadyChannel().handles("/ready/x")).isFalse();
    assertThat(new ReadyChannel().maxBodyBytes()).isEqualTo(1024);
  }

  private static void assertProblem(ChannelResponse r, int status, String code, String detail) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.contentType()).isEqualTo("application/problem+json");
    JsonObject json = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
    assertThat(json.getInteger("status")).isEqualTo(status);
    assertThat(json.getString("code")).isEqualTo(code);
    assertThat(json.getString("detail")).contains(detail);
  }

  private static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
