package org.enclave.api.broker;

/** A channel's answer: status, media type and body (small: JSON documents). */
public record ChannelResponse(int status, String contentType, byte[] body) {
  public ChannelResponse {
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
