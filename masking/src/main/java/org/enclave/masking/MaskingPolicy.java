package org.enclave.masking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a dataset's steward decided to mask: the entity types, the terms always masked (with the
 * type each is masked as) and the terms never masked (words a model mistakes for names). Its {@link
 * #hash()} names it in masking reports and the audit log.
 */
public record MaskingPolicy(
    Set<EntityType> masked, Map<String, EntityType> alwaysMasked, Set<String> neverMasked) {
  public MaskingPolicy {
    masked = masked.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(masked));
    TreeMap<String, EntityType> always = new TreeMap<>();
    alwaysMasked.forEach(
        (term, type) -> {
          String t = Terms.normalize(term);
          if (t.isEmpty()) {
            throw new IllegalArgumentException("an always-masked term is empty");
          }
          always.put(t, type);
        });
    alwaysMasked = java.util.Collections.unmodifiableMap(always);
    TreeSet<String> never = new TreeSet<>();
    for (String term : neverMasked) {
      String t = Terms.normalize(term);
      if (t.isEmpty()) {
        throw new IllegalArgumentException("a never-masked term is empty");
      }
      if (always.containsKey(t)) {
        throw new IllegalArgumentException(
            "'" + t + "' is both always and never masked; keep it in one list");
      }
      never.add(t);
    }
    neverMasked = java.util.Collections.unmodifiableSet(never);
  }

  /** Every type masked, no terms: the policy a dataset starts with. */
  public static MaskingPolicy everything() {
    return new MaskingPolicy(EnumSet.allOf(EntityType.class), Map.of(), Set.of());
  }

  /**
   * Every type masked, and the words models mistake for names in forum posts (kinship words,
   * platforms, care acronyms, feasts) never masked: where a steward's policy starts.
   */
  public static MaskingPolicy defaults() {
    return new MaskingPolicy(EnumSet.allOf(EntityType.class), Map.of(), defaultNeverMasked());
  }

  /** The built-in never-masked terms (never-masked.txt beside this class). */
  public static Set<String> defaultNeverMasked() {
    try (java.io.InputStream in = MaskingPolicy.class.getResourceAsStream("never-masked.txt")) {
      if (in == null) {
        throw new IllegalStateException("never-masked.txt is missing from the masking jar");
      }
      Set<String> terms = new TreeSet<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          terms.add(t);
        }
      }
      return terms;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** SHA-256 of the policy's canonical text, in hex. */
  public String hash() {
    StringBuilder canonical = new StringBuilder("enclave-masking-policy/1\n");
    new TreeSet<>(masked.stream().map(Enum::name).toList())
        .forEach(t -> canonical.append("mask ").append(t).append('\n'));
    alwaysMasked.forEach(
        (t, type) -> canonical.append("always ").append(type).append(' ').append(t).append('\n'));
    neverMasked.forEach(t -> canonical.append("never ").append(t).append('\n'));
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
