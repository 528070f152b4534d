package org.enclave.masking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Capitalises the lower-case words a word list knows only as proper nouns ("jess", "manchester"),
 * so that a model trained on edited text sees them as names. Only the first letter changes, so
 * offsets into the result are offsets into the original. Words that are also common words ("hope",
 * "phoenix") stay as they are.
 */
public final class Truecaser {
  /** Debian's wamerican, which {@code ./enclave} installs. */
  public static final Path DEBIAN_WORDS = Path.of("/usr/share/dict/american-english");

  private static final Pattern LOWER_WORD =
      Pattern.compile("(?<![\\p{L}\\p{N}_])\\p{Ll}+(?![\\p{L}\\p{N}_])");

  private final Set<String> properOnly;

  private Truecaser(Set<String> properOnly) {
    this.properOnly = Set.copyOf(properOnly);
  }

  /** A truecaser that knows no proper nouns and so changes no text. */
  public static Truecaser none() {
    return new Truecaser(Set.of());
  }

  /** Reads a word list, one word per line: capitalised entries are proper nouns. */
  public static Truecaser fromWordList(Path words) throws IOException {
    Set<String> common = new HashSet<>();
    Set<String> proper = new HashSet<>();
    for (String line : Files.readAllLines(words, StandardCharsets.UTF_8)) {
      String w = line.strip();
      if (w.isEmpty() || w.contains("'")) {
        continue;
      }
      if (Character.isUpperCase(w.charAt(0))) {
        proper.add(w.toLowerCase(Locale.ROOT));
      } else {
        common.add(w);
      }
    }
    proper.removeAll(common);
    return new Truecaser(proper);
  }

  public String apply(String text) {
    Matcher m = LOWER_WORD.matcher(text);
    StringBuilder out = null;
    while (m.find()) {
      if (m.end() - m.start() > 1 && properOnly.contains(m.group())) {
        if (out == null) {
          out = new StringBuilder(text);
        }
        out.setCharAt(m.start(), Character.toUpperCase(text.charAt(m.start())));
      }
    }
    return out == null ? text : out.toString();
  }

  /** A recognizer that reads the truecased text; its spans hold for the original. */
  public Recognizer before(Recognizer model) {
    return text -> model.find(apply(text));
  }
}
