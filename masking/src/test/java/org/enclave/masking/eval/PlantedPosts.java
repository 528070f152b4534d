package org.enclave.masking.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.enclave.masking.EntityType;

/**
 * Posts made from templates with names and places planted from lists, none of them tuned on: the
 * model and the cues meet names they have not been shown. A fifth of the posts are written all in
 * lower case, as many posters do. The same seed gives the same posts.
 */
public final class PlantedPosts {
  private static final List<String> FIRST =
      List.of(
          "Aisha",
          "Bronwyn",
          "Chidi",
          "Dmitri",
          "Eilidh",
          "Farhan",
          "Giulia",
          "Hamish",
          "Ifeoma",
          "Jasper",
          "Keanu",
          "Leilani",
          "Mateo",
          "Niamh",
          "Oluwaseun",
          "Pranav",
          "Quinn",
          "Rosalind",
          "Siobhan",
          "Tomasz",
          "Uchenna",
          "Valentina",
          "Wiremu",
          "Ximena",
          "Yusuf",
          "Zainab",
          "Anneliese",
          "Bartholomew",
          "Cosima",
          "Darnell",
          "Esperanza",
          "Fergus",
          "Gwendolyn",
          "Horatio",
          "Imogen",
          "Jamal",
          "Kristof",
          "Lorcan",
          "Marisela",
          "Nkechi",
          "Orla",
          "Perpetua",
          "Rhiannon",
          "Soren",
          "Tahlia",
          "Ulrich",
          "Vikram",
          "Wilhelmina",
          "Yolanda",
          "Zeynep",
          "Callum",
          "Deepika",
          "Emeka",
          "Freya",
          "Gaurav",
          "Hana",
          "Ingrid",
          "Jolene",
          "Kwame",
          "Lucinda");
  private static final List<String> LAST =
      List.of(
          "Okonkwo",
          "Fitzgerald",
          "Nakamura",
          "Przybylski",
          "Haddad",
          "MacLeod",
          "Van der Berg",
          "Castellano",
          "Abernathy",
          "Oyelaran",
          "Lindqvist",
          "Ramasamy",
          "Kowalczyk",
          "Delacroix",
          "Mbeki",
          "Thorvaldsen",
          "Achterberg",
          "Quispe",
          "Rahimi",
          "Szabo");
  private static final List<String> PLACES =
      List.of(
          "Tulsa",
          "Aberdeen",
          "Wollongong",
          "Tauranga",
          "Kumasi",
          "Ipoh",
          "Bydgoszcz",
          "Curitiba",
          "Chattanooga",
          "Inverness",
          "Ballarat",
          "Nelson",
          "Enugu",
          "Davao",
          "Graz",
          "Saskatoon",
          "Shreveport",
          "Galway",
          "Mysore",
          "Eldoret",
          "Zaragoza",
          "Plovdiv",
          "Tromsø",
          "Hobart",
          "Bulawayo",
          "Kalamazoo",
          "Dunedin",
          "Coimbra",
          "Lviv",
          "Chiang Mai",
          "Oaxaca",
          "Tampere",
          "Swindon",
          "Macon",
          "Harare",
          "Brno",
          "Kraków",
          "Fresno",
          "Lagos",
          "Nairobi");
  private static final List<String> TEMPLATES =
      List.of(
          "i havent told anyone except {P}. they said i should talk to someone but idk",
          "My friend {P} drove all the way from {L} just to sit with me. I didn't deserve it.",
          "{P} texted me tonight and I couldn't even answer. Everything feels heavy.",
          "we moved to {L} last year and I still don't know a single person here",
          "Update: I finally called the number {P} gave me. It helped a bit.",
          "Does anyone else from {L} feel like the winters make it worse?",
          "my ex {P} posted pics with someone new and i havent slept since",
          "Me and {P} used to walk by the river in {L} every Sunday. Now I just stay in bed.",
          "I told my therapist about {F} and she said it wasn't my fault.",
          "{F} from my old school messaged me out of nowhere. I don't know what to say.",
          "Grew up in {L}, moved to {L2} for uni, and now I'm back home and feel like a failure.",
          "Shoutout to {P} who stayed on the phone with me until 4am. You know who you are.",
          "My sister {P} is the only reason I'm still trying.",
          "I keep thinking about {P}. It's been a year since the funeral in {L}.",
          "Flying to {L} tomorrow to see {P}. Scared but hopeful.",
          "There's a support group in {L} on Thursdays, {P} is going to come with me.",
          "nobody in {L} gets it. not my parents, not {P}, nobody",
          "Dr. {S} upped my dose again. Still numb.",
          "{P} and {P2} both said they're worried about me. I didn't realise it showed.",
          "Three weeks clean of self-hatred, as {P} calls it. Small wins.",
          "The bus from {L} to {L2} takes four hours and I cried the whole way.",
          "I work nights at a warehouse outside {L}. {P} on my shift is the only person I talk to.",
          "Posting for my brother {P}, he won't post himself. He's not ok.",
          "Hi, it's me again. {P} finally convinced me to see a GP.",
          "Anyone know decent counselling in {L}? Asking for me, obviously.");

  private static final Pattern SLOT = Pattern.compile("\\{(P2?|F|S|L2?)}");

  private PlantedPosts() {}

  public static List<LabelledPost> generate(int count, long seed) {
    Random random = new Random(seed);
    List<LabelledPost> posts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String template = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
      boolean lower = random.nextInt(5) == 0;
      StringBuilder text = new StringBuilder();
      List<LabelledPost.Gold> gold = new ArrayList<>();
      Matcher m = SLOT.matcher(template);
      int at = 0;
      while (m.find()) {
        text.append(template, at, m.start());
        String slot = m.group(1);
        String value =
            switch (slot) {
              case "P", "P2" -> pick(random, FIRST);
              case "F" -> pick(random, FIRST) + " " + pick(random, LAST);
              case "S" -> pick(random, LAST);
              default -> pick(random, PLACES);
            };
        int start = text.length();
        text.append(value);
        gold.add(
            new LabelledPost.Gold(
                start,
                text.length(),
                slot.startsWith("L") ? EntityType.LOCATION : EntityType.PERSON));
        at = m.end();
      }
      text.append(template.substring(at));
      String body = lower ? text.toString().toLowerCase(Locale.ROOT) : text.toString();
      posts.add(
          new LabelledPost(
              "g" + i, "g-user" + i, "planted" + i, "2024-01-01T00:00:00Z", body, gold));
    }
    return posts;
  }

  private static String pick(Random random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
