package org.enclave.workspace.runtime.boot;

import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;
import org.enclave.workspace.runtime.client.JsonValues;

/**
 * What the control plane puts in a workspace instance's user data: {@code
 * {"workspace":"<id>","broker":"https://…:9443","bootToken":"<base64url>"}}. No secret but the
 * one-time token, which is worthless once redeemed or from another address.
 */
record UserData(String workspace, URI broker, String bootToken) {
  private static final Pattern WORKSPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,256}");

  /**
   * @throws BootException naming what is wrong with the document
   */
  static UserData parse(String text) {
    Map<String, Object> json;
    try {
      json = JsonValues.parseObject(text);
    } catch (JsonValues.JsonException e) {
      throw new BootException(
          "the user data is not the enclave's JSON document: " + e.getMessage());
    }
    String workspace = string(json, "workspace");
    String broker = string(json, "broker");
    String token = string(json, "bootToken");
    if (!WORKSPACE.matcher(workspace).matches()) {
      throw new BootException("the user data's \"workspace\" is not a workspace id: " + workspace);
    }
    if (!TOKEN.matcher(token).matches()) {
      throw new BootException("the user data's \"bootToken\" is not a base64url token");
    }
    URI uri;
    try {
      uri = URI.create(broker);
    } catch (IllegalArgumentException e) {
      throw new BootException("the user data's \"broker\" is not a URL: " + broker);
    }
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new BootException(
          "the user data's \"broker\" must be an https URL with a host (the broker is reached over"
              + " TLS inside the VPC): "
              + broker);
    }
    return new UserData(workspace, uri, token);
  }

  private static String string(Map<String, Object> json, String name) {
    if (json.get(name) instanceof String s && !s.isBlank()) {
      return s;
    }
    throw new BootException("the user data has no string \"" + name + "\"");
  }
}
