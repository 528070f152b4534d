package org.enclave.api.error;

/** One invalid field: its path in the request (for example {@code members[2]}) and why. */
public record FieldError(String field, String message) {}
