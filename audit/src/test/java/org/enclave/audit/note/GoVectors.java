package org.enclave.audit.note;

/**
 * Test vectors from Go's {@code golang.org/x/mod/sumdb/note} ({@code note_test.go}), copied as
 * data.
 */
final class GoVectors {
  private GoVectors() {}

  static final String PETER_SKEY =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String PETER_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String ENOCH_VKEY =
      "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

  static final String TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";

  static final String PETER_SIG =
      "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
  static final String ENOCH_SIG =
      "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

  static final NoteSignature PETER =
      new NoteSignature(
          "PeterNeumann",
          0xc74f20a3,
          "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=");
  static final NoteSignature ENOCH =
      new NoteSignature(
          "EnochRoot",
          0xaf0cfe78,
          "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=");

  /** Go's test inserts "ABCD" at byte offset 60 of a signature line (the em dash is 3 bytes). */
  static String insertAbcdAtByte60(String line) {
    byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String head = new String(bytes, 0, 60, java.nio.charset.StandardCharsets.UTF_8);
    String tail = new String(bytes, 60, bytes.length - 60, java.nio.charset.StandardCharsets.UTF_8);
    return head + "ABCD" + tail;
  }
}
