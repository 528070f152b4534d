package org.enclave.infra.keys;

/**
 * Signing keys that never leave their holder: a file on this machine locally, AWS KMS in
 * production. Callers get the public key and signatures, never the private key.
 */
public interface KeyService {

  /** The raw 32-byte Ed25519 public key of {@code keyName}, creating the key if it is new. */
  byte[] publicKey(String keyName);

  /** The 64-byte Ed25519 signature of {@code message} under {@code keyName}. */
  byte[] sign(String keyName, byte[] message);
}
