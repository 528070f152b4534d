package org.enclave.audit.json;

/** A value cannot be written as canonical JSON, or a text is not acceptable JSON. */
public class JsonException extends IllegalArgumentException {
  public JsonException(String message) {
    super(message);
  }
}
