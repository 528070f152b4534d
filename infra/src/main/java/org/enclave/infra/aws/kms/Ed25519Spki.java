package org.enclave.infra.aws.kms;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.enclave.infra.keys.KeyServiceException;

/** The raw Ed25519 key inside a DER {@code SubjectPublicKeyInfo} (RFC 8410), as KMS returns it. */
final class Ed25519Spki {
  /** id-Ed25519 (RFC 8410). */
  private static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

  private Ed25519Spki() {}

  /**
   * The 32-byte key of {@code der}, which must be exactly one Ed25519 SPKI: algorithm {@code
   * 1.3.101.112} without parameters, a 32-byte key, nothing after it.
   */
  static byte[] rawKey(byte[] der, String what) {
    SubjectPublicKeyInfo spki;
    try {
      spki = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new KeyServiceException(what + " is not a DER SubjectPublicKeyInfo", e);
    }
    if (spki == null || !ED25519.equals(spki.getAlgorithm().getAlgorithm())) {
      throw new KeyServiceException(
          what
              + " is not an Ed25519 key (algorithm "
              + (spki == null ? "none" : spki.getAlgorithm().getAlgorithm().getId())
              + ", expected 1.3.101.112)",
          null);
    }
    if (spki.getAlgorithm().getParameters() != null) {
      throw new KeyServiceException(
          what + " has algorithm parameters, which Ed25519 forbids", null);
    }
    byte[] key;
    try {
      key = spki.getPublicKeyData().getOctets();
    } catch (RuntimeException e) {
      throw new KeyServiceException(what + " has a key that is not a whole number of bytes", e);
    }
    if (key.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new KeyServiceException(
          what + " holds a " + key.length + "-byte key, not a 32-byte Ed25519 key", null);
    }
    return key;
  }
}
