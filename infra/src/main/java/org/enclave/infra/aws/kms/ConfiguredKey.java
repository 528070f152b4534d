package org.enclave.infra.aws.kms;

/** One configured key name, however its private key is held. */
interface ConfiguredKey {
  /** The raw 32-byte Ed25519 public key; the first call may reach KMS, later ones do not. */
  byte[] publicKey();

  /** The 64-byte Ed25519 signature of {@code message}. */
  byte[] sign(byte[] message);
}
