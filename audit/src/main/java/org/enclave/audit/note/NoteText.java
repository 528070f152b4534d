package org.enclave.audit.note;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The character rules every signed note and note text follows. */
final class NoteText {
  private NoteText() {}

  /** Decodes strictly: malformed UTF-8 (overlong forms, encoded surrogates...) is refused. */
  static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedNoteException("note is not valid UTF-8");
    }
  }

  /** Refuses ASCII control characters other than newline, and unpaired surrogates. */
  static void requireCharacters(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new MalformedNoteException(
            String.format("%s contains control character U+%04X", what, (int) c));
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new MalformedNoteException(what + " contains an unpaired surrogate");
      }
    }
  }

  /** A note text: the rules above, and a final newline. */
  static void requireText(String text) {
    if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
      throw new MalformedNoteException("note text must end with a newline");
    }
    requireCharacters(text, "note text");
  }
}
