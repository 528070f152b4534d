package org.enclave.audit.merkle;

/**
 * A Merkle proof did not verify: it is malformed, has the wrong length, or leads to a different
 * root. The message says which, in terms an auditor can act on.
 *
 * <p>A refused proof is an expected outcome, not a programming error, so the exception carries no
 * stack trace: a verifier checking millions of proofs pays nothing for the ones it refuses.
 */
public class ProofException extends Exception {
  public ProofException(String message) {
    super(message, null, false, false);
  }
}
