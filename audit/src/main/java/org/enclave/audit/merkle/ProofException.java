package org.enclave.audit.merkle;

/**
 * A Merkle proof did not verify: it is malformed, has the wrong length, or leads to a different
 * root. The message says which, in terms an auditor can act on.
 */
public class ProofException extends Exception {
  public ProofException(String message) {
    super(message);
  }
}
