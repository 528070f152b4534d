package org.enclave.masking;

import java.util.Locale;

/** What a masked span was: each type has the placeholder that replaces it in published text. */
public enum EntityType {
  PERSON,
  LOCATION,
  ORGANIZATION,
  /** An @handle or a u/name that is not a user of the dataset. */
  HANDLE,
  /** A user of the dataset named in text: replaced by that user's pseudonym, not a placeholder. */
  USERNAME,
  URL,
  EMAIL,
  PHONE,
  ADDRESS;

  /** {@code [PERSON]}, {@code [LOCATION]}, ... */
  public String placeholder() {
    return "[" + name() + "]";
  }

  /** The type named {@code name} in any case, or an exception naming the types there are. */
  public static EntityType parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown entity type '" + name + "'; use one of " + java.util.Arrays.toString(values()),
          e);
    }
  }
}
