package org.enclave.api.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import org.enclave.infra.keys.KeyService;

/**
 * The token of one workspace run's Jupyter server: {@code base64url(SHA-256(sign(key,
 * "enclave-session-token-v1\n" + workspace id + "\n" + access key id)))}. Ed25519 signatures are
 * deterministic, so the control plane derives the same token again after a restart from what it
 * keeps anyway (the run's broker access key id); the token itself is stored nowhere. A new run has
 * a new access key id, hence a new token.
 */
@ApplicationScoped
public class SessionTokens {
  private static final String CONTEXT = "enclave-session-token-v1\n";

  @Inject KeyService keys;
  @Inject SessionConfig config;

  public String tokenOf(String workspaceId, String accessKeyId) {
    if (workspaceId == null || accessKeyId == null) {
      throw new IllegalArgumentException("a session token needs a workspace and a run");
    }
    byte[] sig =
        keys.sign(
            config.tokenKeyName(),
            (CONTEXT + workspaceId + "\n" + accessKeyId).getBytes(StandardCharsets.UTF_8));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(sig);
      Arrays.fill(sig, (byte) 0);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
