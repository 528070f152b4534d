package org.enclave.infra.local.demo;

import java.util.List;

/** The subreddits that generated users post in, in a fixed order. */
final class Subreddits {

  static final String SUICIDE_WATCH = "SuicideWatch";

  /** Mental-health subreddits other than r/SuicideWatch. */
  static final List<String> OTHER_MENTAL_HEALTH =
      List.of("depression", "Anxiety", "lonely", "mentalhealth");

  static final List<Topic> ORDINARY =
      List.of(
          new Topic(
              "AskReddit",
              List.of(
                  "What small thing improved your life this year?",
                  "What did your first job teach you?",
                  "Which hobby is worth starting later in life?",
                  "What is the best advice you ever got?"),
              List.of(
                  "moving to a new city",
                  "a new coffee place",
                  "a weekend without my phone",
                  "learning to drive",
                  "a cheap hobby"),
              List.of(
                  "talking to new people",
                  "planning a weekend trip",
                  "reading the comments here",
                  "trying new things")),
          new Topic(
              "gaming",
              List.of(
                  "Best co-op games for two?",
                  "Finally cleared my backlog",
                  "Is the new update worth it?"),
              List.of(
                  "the new co-op update",
                  "an old strategy game",
                  "a cozy farming game",
                  "a handheld console"),
              List.of(
                  "playing co-op with friends",
                  "speedrunning an old platformer",
                  "climbing the ranked ladder",
                  "building a new PC")),
          new Topic(
              "cooking",
              List.of(
                  "My first loaf of bread",
                  "Easy weeknight dinners?",
                  "Which spice do you use the most?"),
              List.of(
                  "a slow-cooker chili",
                  "homemade bread",
                  "a one-pan pasta",
                  "a cast iron skillet",
                  "a new curry recipe"),
              List.of(
                  "meal prepping on Sundays",
                  "baking sourdough",
                  "cooking for friends",
                  "practising knife skills")),
          new Topic(
              "running",
              List.of(
                  "First half marathon done",
                  "How do you stay motivated in winter?",
                  "Shin splints advice?"),
              List.of(
                  "a new pair of trail shoes",
                  "a 10k training plan",
                  "an early morning park run",
                  "interval training"),
              List.of(
                  "training for a half marathon",
                  "running before work",
                  "building up my mileage",
                  "running in the rain")),
          new Topic(
              "books",
              List.of(
                  "What are you reading this month?",
                  "Books that feel like a warm blanket?",
                  "Finished my reading goal early"),
              List.of(
                  "a long fantasy series",
                  "a short mystery novel",
                  "an audiobook for the commute",
                  "a book club pick",
                  "a classic I skipped in school"),
              List.of(
                  "reading before bed",
                  "keeping a reading journal",
                  "listening to audiobooks",
                  "visiting the library")),
          new Topic(
              "movies",
              List.of("Underrated comedies?", "Saw the new sci-fi film last night"),
              List.of(
                  "an old black-and-white film",
                  "the new sci-fi release",
                  "a director's cut",
                  "a comedy from the nineties"),
              List.of(
                  "watching films with my roommate",
                  "going to late screenings",
                  "rewatching a trilogy")),
          new Topic(
              "gardening",
              List.of(
                  "My tomatoes finally turned red",
                  "Balcony garden progress",
                  "Why are my basil leaves yellow?"),
              List.of(
                  "tomato seedlings",
                  "a small balcony herb garden",
                  "a compost bin",
                  "raised beds"),
              List.of(
                  "repotting my houseplants",
                  "growing herbs on the windowsill",
                  "weeding on weekends")),
          new Topic(
              "personalfinance",
              List.of(
                  "Finally paid off my card",
                  "How big should an emergency fund be?",
                  "Budgeting app or spreadsheet?"),
              List.of(
                  "an emergency fund",
                  "a simple budget spreadsheet",
                  "a high-interest savings account",
                  "my first retirement account"),
              List.of(
                  "tracking every expense", "paying down a credit card", "saving for a deposit")),
          new Topic(
              "boardgames",
              List.of("Game night recommendations for six?", "Our group finally beat the campaign"),
              List.of(
                  "a cooperative deck builder",
                  "a two-player strategy game",
                  "a party game for big groups",
                  "a heavy euro game"),
              List.of("hosting game nights", "teaching new players", "painting miniatures")),
          new Topic(
              "travel",
              List.of(
                  "First solo trip done",
                  "Carry-on only for two weeks?",
                  "Underrated weekend destinations?"),
              List.of(
                  "a night train",
                  "a budget hostel",
                  "a weekend city break",
                  "a coastal hiking trail"),
              List.of(
                  "travelling with carry-on only",
                  "planning a trip on a budget",
                  "learning a few phrases before a trip")),
          new Topic(
              "photography",
              List.of("First roll of film developed", "Is a prime lens worth it for beginners?"),
              List.of(
                  "a secondhand prime lens", "golden hour light", "a cheap tripod", "film cameras"),
              List.of(
                  "shooting street photos", "editing photos at night", "taking photos on walks")),
          new Topic(
              "cats",
              List.of("Our rescue finally trusts us", "How do I stop the 3am zoomies?"),
              List.of(
                  "a new scratching post",
                  "an automatic feeder",
                  "a rescue kitten",
                  "a window perch"),
              List.of("introducing two cats", "trimming claws", "playing with a feather toy")));

  private Subreddits() {}

  static boolean isMentalHealth(String subreddit) {
    return SUICIDE_WATCH.equals(subreddit) || OTHER_MENTAL_HEALTH.contains(subreddit);
  }

  /** The topic of an ordinary subreddit. */
  static Topic topic(String subreddit) {
    for (Topic topic : ORDINARY) {
      if (topic.subreddit().equals(subreddit)) {
        return topic;
      }
    }
    throw new IllegalArgumentException("not an ordinary subreddit: " + subreddit);
  }
}
