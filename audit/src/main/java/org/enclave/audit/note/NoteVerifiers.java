package org.enclave.audit.note;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a reader trusts, looked up by key name and key id together: a signature that shares only
 * the name or only the id with a trusted key is from an unknown key.
 *
 * <p>Listing the same verifier twice is harmless. Two different public keys with the same name and
 * id make that pair <em>ambiguous</em>: looking it up fails, because the list itself cannot be
 * trusted (as in Go's {@code VerifierList}).
 */
public final class NoteVerifiers {

  private final Map<Key, List<NoteVerifier>> byKey;

  private NoteVerifiers(Map<Key, List<NoteVerifier>> byKey) {
    this.byKey = byKey;
  }

  /** The trusted keys. */
  public static NoteVerifiers of(NoteVerifier... verifiers) {
    return of(List.of(verifiers));
  }

  /** The trusted keys. */
  public static NoteVerifiers of(Collection<NoteVerifier> verifiers) {
    Map<Key, List<NoteVerifier>> byKey = new HashMap<>();
    for (NoteVerifier v : verifiers) {
      byKey.merge(
          new Key(v.name(), v.keyId()),
          List.of(v),
          (a, b) -> a.contains(b.get(0)) ? a : List.of(a.get(0), b.get(0)));
    }
    return new NoteVerifiers(Map.copyOf(byKey));
  }

  /**
   * The trusted key with this name and id, if any.
   *
   * @throws NoteVerificationException if two different trusted keys share the name and id
   */
  public Optional<NoteVerifier> find(String name, int keyId) {
    List<NoteVerifier> found = byKey.get(new Key(name, keyId));
    if (found == null) {
      return Optional.empty();
    }
    if (found.size() > 1) {
      throw new NoteVerificationException(
          "ambiguous key " + name + "+" + NoteVerifier.hexKeyId(keyId));
    }
    return Optional.of(found.get(0));
  }

  private record Key(String name, int keyId) {}
}
