package org.enclave.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identifiers that have a shape: e-mail addresses, URLs, @handles and u/names, phone numbers
 * and street addresses. Each rule is a regular expression plus the checks a regular expression says
 * badly (how many digits a phone number has, what a URL may not end with).
 */
public final class PatternRecognizer implements Recognizer {
  private static final String TLDS =
      "com|net|org|edu|gov|io|ly|co|me|info|biz|app|dev|blog|site|online|xyz|gg|tv|fm|to|link"
          + "|uk|ie|au|nz|ca|us|in|ng|ph|za|de|fr|es|it|nl|br|mx|jp|kr|sg|my|pk|ke|gh|eu";

  private static final Pattern EMAIL =
      Pattern.compile(
          "(?<![\\w.+%-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?"
              + "@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*"
              + "[A-Za-z0-9])?)*\\.[A-Za-z]{2,}");

  /** A scheme or www., or a bare host under a known top-level domain, then any path. */
  private static final Pattern URL =
      Pattern.compile(
          "(?i)(?<![\\w@.-])(?:(?:https?|ftp)://[^\\s<>\"]+|www\\.[^\\s<>\"]+"
              + "|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:"
              + TLDS
              + ")(?![\\w-])(?:[/?#][^\\s<>\"]*)?)");

  /**
   * @name (not part of an e-mail address), u/name and /u/name.
   */
  private static final Pattern HANDLE =
      Pattern.compile(
          "(?<![\\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?"
              + "|(?<![\\w/])/?u/[A-Za-z0-9_-]{2,}");

  /**
   * Digits with the separators phone numbers use, an optional country code, area code in brackets
   * and extension; checked afterwards for 7 to 15 digits and for not being a date.
   */
  private static final Pattern PHONE =
      Pattern.compile(
          "(?<![\\w+.,/-])(?:\\+\\d{1,3}[\\s.-]?)?(?:\\(0?\\d{1,5}\\)[\\s.-]?)?\\d(?:[\\s.-]?\\d){4,14}"
              + "(?:\\s*(?:ext\\.?|x|extension)\\s*\\d{1,5})?(?![\\w]|[.,]\\d)");

  private static final Pattern DATE_LIKE =
      Pattern.compile("\\d{4}[-.]\\d{1,2}[-.]\\d{1,2}|\\d{1,2}[-.]\\d{1,2}[-.]\\d{2,4}");

  private static final String STREET_SUFFIX =
      "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Row"
          + "|Close|Crescent|Cres|Terrace|Tce|Grove|Gardens|Gdns|Square|Sq|Parkway|Pkwy|Circle|Cir"
          + "|Highway|Hwy|Mews|Walk|Hill|View|Park|Green|Rise|Wynd|Loop|Trail|Pike|Quay";

  /** A capitalised word of a town's name, not the start of a postcode. */
  private static final String TOWN_WORD = "[A-Z][\\p{L}.'’-]*(?![\\p{N}])";

  /** UK postcode, Canadian postal code, or (after a state abbreviation) a US ZIP code. */
  private static final String POSTCODE =
      "[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2}|[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d"
          + "|(?:[A-Z]{2}\\s+)?\\d{5}(?:-\\d{4})?";

  /**
   * A house number, up to four words of a street name (capitalised, or the suffix spelt out in
   * lower case), a street suffix, then optionally a flat number, a town, a state and a postcode.
   */
  private static final Pattern ADDRESS =
      Pattern.compile(
          "(?:\\b(?:Flat|Apt|Apartment|Unit|Suite)\\.?\\s*#?\\w{1,5},?\\s+)?"
              + "\\b\\d{1,5}[A-Za-z]?(?:[-/]\\d{1,5}[A-Za-z]?)?,?\\s+"
              + "(?:(?:[NSEW]|North|South|East|West)\\.?\\s+)?"
              + "(?:(?:\\d{1,3}(?:st|nd|rd|th)|[A-Z][\\p{L}'’-]*)\\s+){1,4}(?:"
              + STREET_SUFFIX
              + ")\\b\\.?"
              + "|\\b\\d{1,5}\\s+(?:[a-z][\\p{L}'’-]*\\s+){1,3}"
              + "(?:street|road|avenue|lane|drive|boulevard|crescent|terrace|close)\\b");

  private static final Pattern ADDRESS_TAIL =
      Pattern.compile(
          "^(?:\\s+(?:[NSEW]|NE|NW|SE|SW)\\b)?"
              + "(?:,?\\s*(?:Apt|Apartment|Unit|Flat|Suite|Ste)\\.?\\s*#?[\\w-]+)?"
              + "(?:,\\s*"
              + TOWN_WORD
              + "(?:\\s"
              + TOWN_WORD
              + "){0,2}){0,2}"
              + "(?:,?\\s*(?:"
              + POSTCODE
              + "))?");

  /** A street name first and the number after it, as in Portuguese, Spanish or German. */
  private static final Pattern ADDRESS_NUMBER_LAST =
      Pattern.compile(
          "\\b(?:Rua|Avenida|Av\\.|Calle|Carrera|Via|Straße|Strasse|Str\\.|Rue|Jalan)"
              + "\\s+(?:[\\p{L}'’.-]+\\s+){0,4}?[\\p{L}'’.-]+,?\\s+\\d{1,5}[A-Za-z]?\\b"
              + "|\\b[A-Z][\\p{L}-]*(?:straße|strasse|weg|gasse|platz|allee)\\s+\\d{1,5}[a-z]?\\b"
              + "|\\b[A-Z][\\p{L}-]*\\s+(?:Straße|Strasse|Str\\.|Weg|Gasse|Platz|Allee)\\s+\\d{1,5}[a-z]?\\b");

  private static final String TRAILING = ".,;:!?)]}'\"’”";

  @Override
  public List<Span> find(String text) {
    List<Span> spans = new ArrayList<>();
    add(spans, EMAIL.matcher(text), EntityType.EMAIL, "pattern:email");
    Matcher url = URL.matcher(text);
    while (url.find()) {
      int end = trimEnd(text, url.start(), url.end());
      if (end > url.start()) {
        spans.add(Span.of(url.start(), end, EntityType.URL, "pattern:url"));
      }
    }
    Matcher handle = HANDLE.matcher(text);
    while (handle.find()) {
      spans.add(Span.of(handle.start(), handle.end(), EntityType.HANDLE, "pattern:handle"));
    }
    Matcher phone = PHONE.matcher(text);
    while (phone.find()) {
      String number = phone.group();
      long digits = number.chars().filter(Character::isDigit).count();
      if (digits >= 7 && digits <= 17 && !DATE_LIKE.matcher(number).matches()) {
        spans.add(Span.of(phone.start(), phone.end(), EntityType.PHONE, "pattern:phone"));
      }
    }
    Matcher address = ADDRESS.matcher(text);
    while (address.find()) {
      Matcher tail = ADDRESS_TAIL.matcher(text).region(address.end(), text.length());
      int end = tail.lookingAt() ? tail.end() : address.end();
      spans.add(Span.of(address.start(), end, EntityType.ADDRESS, "pattern:address"));
    }
    add(spans, ADDRESS_NUMBER_LAST.matcher(text), EntityType.ADDRESS, "pattern:address");
    return spans;
  }

  private static void add(List<Span> spans, Matcher m, EntityType type, String rule) {
    while (m.find()) {
      spans.add(Span.of(m.start(), m.end(), type, rule));
    }
  }

  /** A URL does not end with the sentence's punctuation, nor with an unmatched bracket. */
  private static int trimEnd(String text, int start, int end) {
    while (end > start && TRAILING.indexOf(text.charAt(end - 1)) >= 0) {
      char c = text.charAt(end - 1);
      if (c == ')' && count(text, start, end, '(') >= count(text, start, end, ')')) {
        break;
      }
      end--;
    }
    return end;
  }

  private static long count(String text, int start, int end, char c) {
    return text.substring(start, end).chars().filter(x -> x == c).count();
  }
}
