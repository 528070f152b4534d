package org.enclave.api.broker;

/** A channel's answer: status, media type and body (small: JSON documents). */
public record ChannelResponse(int status, String contentType, byte[] body) {
  public ChannelResponse {
    body = body.clone();
  }

  /** A refusal as {@code application/problem+json}, in the shape the broker's own refusals have. */
  public static ChannelResponse problem(int status, String code, String detail) {
    return new ChannelResponse(
        status, "application/problem+json", ChannelDispatcher.problemJson(status, code, detail));
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
