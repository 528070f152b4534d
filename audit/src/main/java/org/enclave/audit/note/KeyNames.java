package org.enclave.audit.note;

/**
 * The key-name rule of C2SP signed-note: non-empty, well-formed Unicode, no plus sign and no
 * Unicode space. "Space" follows Go's {@code unicode.IsSpace}, which the reference implementation
 * uses: the ASCII spaces (tab, newline, vertical tab, form feed, carriage return, space), U+0085,
 * U+00A0 and every other code point with the Unicode White_Space property. Control characters are
 * refused too, since a note may not contain them anyway.
 */
final class KeyNames {
  private KeyNames() {}

  static boolean isValid(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (Character.isSurrogate((char) cp)) {
        return false; // an unpaired surrogate cannot be encoded as UTF-8
      }
      if (cp == '+' || Character.isISOControl(cp) || isUnicodeSpace(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  static String require(String name) {
    if (!isValid(name)) {
      throw new NoteKeyException(
          "invalid key name: it must be non-empty, well-formed Unicode, without '+', spaces or"
              + " control characters");
    }
    return name;
  }

  private static boolean isUnicodeSpace(int cp) {
    return switch (cp) {
      case 0x09,
          0x0A,
          0x0B,
          0x0C,
          0x0D,
          0x20,
          0x85,
          0xA0,
          0x1680,
          0x2028,
          0x2029,
          0x202F,
          0x205F,
          0x3000 ->
          true;
      default -> cp >= 0x2000 && cp <= 0x200A;
    };
  }
}
