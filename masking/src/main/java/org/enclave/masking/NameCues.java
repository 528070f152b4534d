package org.enclave.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names that the words around them give away, whatever the name is ("my sister Grace", "Will texted
 * me", "May from work", "a guy we call Biscuit", "his mate Dev"): where a model reads "Grace",
 * "Will" and "May" as words, these phrases say a person is meant. Run it on truecased text, so
 * lower-case names known to the word list count too.
 */
public final class NameCues implements Recognizer {
  /** A capitalised name of two letters or more, or an initial with its full stop. */
  private static final String NAME =
      "(?:(?:Dr|Mr|Mrs|Ms|Miss|Prof|Sr|Fr)\\.?\\s+)?(\\p{Lu}[\\p{L}’'-]*\\p{L}|\\p{Lu}\\.)";

  private static final String PEOPLE =
      "friend|sister|brother|sis|bro|cousin|mum|mom|mother|dad|father|boyfriend|girlfriend|bf|gf"
          + "|partner|wife|husband|ex|son|daughter|niece|nephew|aunt|auntie|uncle|nan|gran|grandma"
          + "|grandpa|grandmother|grandfather|therapist|counsell?or|psychiatrist|psychologist"
          + "|doctor|nurse|teacher|tutor|lecturer|coach|boss|manager|supervisor|co-?worker"
          + "|colleague|mate|bestie|roommate|flatmate|housemate|neighbou?r|landlord|landlady"
          + "|fianc[ée]e?|crush|pastor|priest|dog|cat|puppy|kitten|stepdad|stepmom|stepmum"
          + "|friends|sisters|brothers|cousins|kids|son|baby";

  private static final Pattern[] CUES = {
    // my (little) sister Grace, his mate Dev, our neighbour Joy, one of them, Ash
    Pattern.compile(
        "(?i:\\b(?:my|our|his|her|their|your|a|the)\\s+(?:(?:little|big|older|younger|best|old"
            + "|new|ex|step|late|twin|lovely)[\\s-]+)?(?:"
            + PEOPLE
            + ")(?:\\s+\\(\\w+\\))?,?\\s+)"
            + NAME),
    // a guy we call Biscuit, she goes by K., let's call him J., named Tash
    Pattern.compile(
        "(?i:\\b(?:called|named|call(?:\\s+(?:him|her|them|me))?|goes\\s+by|go\\s+by|known\\s+as"
            + "|nicknamed)\\s+)"
            + NAME),
    // May from work, Joy from my support group, Mark from HR
    Pattern.compile(
        NAME
            + "(?=\\s+from\\s+(?:work|school|uni|college|class|church|group|HR|the|my|our|his"
            + "|her|next\\s+door|down\\s+the)\\b)"),
    // Will texted me, Temi said, Bex is coming round
    Pattern.compile(
        NAME
            + "(?:'s|’s)?(?=\\s+(?:texted|messaged|dm'?d|rang|phoned|called\\s+me|told\\s+me"
            + "|said|says|asked|replied|hugged|drove|knocked|stayed|sent\\s+me|came\\s+(?:round"
            + "|over|by)|is\\s+coming|keeps|kept|offered|invited|noticed|checked|found\\s+me"
            + "|picked\\s+me|showed\\s+up|and\\s+I\\b|and\\s+me\\b))"),
    // I called Temi, texted Hope, cancel on Will, hugged Bex, wake Temi, told Priya
    Pattern.compile(
        "(?i:\\b(?:texted|messaged|rang|phoned|called|told|asked|hugged|met|thanked|wake|woke"
            + "|cancel(?:l?ed)?\\s+on|with|me\\s+and|and\\s+me|tell|telling|text|message|miss"
            + "|missing|love|forgive|let)\\s+)"
            + NAME),
  };

  /** Words that follow the cues and are never names. */
  private static final java.util.Set<String> NOT_NAMES =
      java.util.Set.of(
          "I",
          "I'm",
          "I’m",
          "I've",
          "I'd",
          "I'll",
          "Mom",
          "Mum",
          "Dad",
          "Mam",
          "Da",
          "Nan",
          "Gran",
          "God",
          "Jesus",
          "Lord",
          "Someone",
          "Everyone",
          "Nobody",
          "Anyone",
          "Him",
          "Her",
          "Them",
          "Me",
          "You",
          "It",
          "This",
          "That",
          "The",
          "A",
          "An",
          "And",
          "But",
          "So",
          "Or",
          "If",
          "When",
          "My",
          "Your",
          "His",
          "Our",
          "Their",
          "Today",
          "Tonight",
          "Tomorrow",
          "Yesterday",
          "Monday",
          "Tuesday",
          "Wednesday",
          "Thursday",
          "Friday",
          "Saturday",
          "Sunday",
          "Christmas",
          "Easter",
          "Edit",
          "Update",
          "Thanks",
          "Thank",
          "OK",
          "Ok",
          "Lol",
          "LOL",
          "Idk",
          "Therapy",
          "Reddit",
          "Discord",
          "Instagram",
          "Netflix",
          "Facebook",
          "TikTok",
          "Snapchat",
          "WhatsApp",
          "Uber",
          "He",
          "She",
          "They",
          "We",
          "Who",
          "Not",
          "Somebody",
          "Dr",
          "Mr",
          "Mrs",
          "Ms",
          "Miss",
          "Prof",
          "Sir",
          "Madam",
          "Winter",
          "Mondays",
          "Tuesdays",
          "Wednesdays",
          "Thursdays",
          "Fridays",
          "Saturdays",
          "Sundays",
          "January",
          "February",
          "March",
          "April",
          "July",
          "September",
          "October",
          "November",
          "December",
          "Jan",
          "Feb",
          "Mar",
          "Apr",
          "Jun",
          "Jul",
          "Aug",
          "Sep",
          "Sept",
          "Oct",
          "Nov",
          "Dec");

  private static final java.util.Set<String> CALENDAR =
      java.util.Set.of(
          "January",
          "February",
          "March",
          "April",
          "May",
          "June",
          "July",
          "August",
          "September",
          "October",
          "November",
          "December",
          "Monday",
          "Tuesday",
          "Wednesday",
          "Thursday",
          "Friday",
          "Saturday",
          "Sunday");

  /** Names of months and days: not carried from one mention to another (see Masker). */
  public static boolean isCalendarWord(String word) {
    return CALENDAR.contains(word);
  }

  @Override
  public List<Span> find(String text) {
    List<Span> spans = new ArrayList<>();
    for (Pattern cue : CUES) {
      Matcher m = cue.matcher(text);
      while (m.find()) {
        String name = m.group(1);
        boolean shouted = name.length() > 1 && name.equals(name.toUpperCase(java.util.Locale.ROOT));
        if (!NOT_NAMES.contains(name) && !shouted) {
          spans.add(Span.of(m.start(1), m.end(1), EntityType.PERSON, "cue:person"));
        }
      }
    }
    return spans;
  }
}
