package org.enclave.infra.local.demo;

import java.util.List;
import java.util.Map;

/**
 * The template fragments posts are composed from. Every line here was written for this generator;
 * none is taken from a real post. Distress phrasing speaks of feelings only: nothing graphic and no
 * method is ever mentioned.
 *
 * <p>Slots in braces are filled by {@link TextComposer}: {@code {thing}} and {@code {activity}}
 * from a {@link Topic}, the others from {@link #SLOTS}.
 */
final class Phrases {

  static final Map<String, List<String>> SLOTS =
      Map.of(
          "person",
          List.of(
              "my sister",
              "my brother",
              "my roommate",
              "my partner",
              "my mum",
              "my dad",
              "a coworker",
              "my best friend",
              "a neighbour"),
          "day",
          List.of("Monday", "Wednesday", "Friday", "Saturday", "Sunday", "weekend", "week"),
          "duration",
          List.of(
              "a few weeks",
              "about a month",
              "three months",
              "half a year",
              "almost a year",
              "two years"),
          "place",
          List.of("work", "school", "uni", "home", "my new job", "family dinners"),
          "age",
          List.of("19", "22", "24", "27", "31", "35", "42"),
          "situation",
          List.of(
              "work full time",
              "live with two roommates",
              "just moved to a new city",
              "am in my final year at uni",
              "work night shifts",
              "recently started a new job",
              "live on my own"),
          "worry",
          List.of("money", "exams", "my job", "my health", "the future", "rent"));

  static final List<String> EVERYDAY_TITLES =
      List.of(
          "Question about {thing}",
          "Finally tried {thing}",
          "Anyone else into {thing}?",
          "Small win this {day}",
          "Looking for advice on {activity}",
          "Thoughts on {thing}?",
          "Update after {duration} of {activity}",
          "Beginner here, be gentle");

  static final List<String> EVERYDAY =
      List.of(
          "I have been {activity} for {duration} now and I still enjoy it.",
          "Last {day} I finally tried {thing} with {person}.",
          "It went better than I expected, although it took longer than planned.",
          "Does anyone have tips for {activity} when you only have an hour or two?",
          "Not sure if this is the right place to ask, but what do you think about {thing}?",
          "{person} recommended {thing} and now I understand the hype.",
          "My budget is small, so I am looking for options that do not cost much.",
          "I started {activity} again after a long break.",
          "Honestly {thing} was the highlight of my {day}.",
          "Any advice is welcome, I am still pretty new to this.",
          "I made a list of things to try next and {thing} is at the top.",
          "A friend once told me \"just start small\" and that stuck with me.",
          "The weather was awful on {day}, so I stayed in and spent the time {activity}.",
          "I will post an update in {duration} if anyone is interested.",
          "What would you do differently if you were starting over?");

  static final List<String> EVERYDAY_CLOSINGS =
      List.of("Thanks for reading!", "Edit: thanks for all the replies.", "Cheers.");

  static final List<String> FLAT_MOOD =
      List.of(
          "I have not had much energy lately, but this helped a little.",
          "Things have been a bit rough recently, so this was a nice distraction.",
          "I have been keeping to myself more than usual.");

  static final List<String> CONTEXT =
      List.of(
          "I am {age} and I {situation}.",
          "Throwaway account because {person} knows my main one.",
          "I have never posted here before.",
          "Some background: I {situation}.");

  static final List<String> SUPPORT_TITLES =
      List.of(
          "How can I support my friend?",
          "For anyone having a rough night",
          "Things that helped me last year",
          "You are not alone",
          "Worried about {person}");

  static final List<String> SUPPORT =
      List.of(
          "I saw a lot of posts like this tonight and wanted to say you are not alone.",
          "When I was in a rough place, talking to a counsellor really helped me.",
          "{person} has been going through a hard time and I want to know how to support them.",
          "It is okay to ask for help, and it is okay if it takes a few tries to find the right"
              + " person.",
          "Crisis lines are there to listen, even if you think your problem is too small.",
          "Small things helped me, like a short walk or texting one friend.",
          "Please look after yourselves this week.",
          "My friend told me \"you do not have to carry this alone\" and it stuck with me.");

  static final List<String> MILD_TITLES =
      List.of(
          "Stressed and not sleeping",
          "Is this normal?",
          "Feeling off lately",
          "Can't switch off",
          "Anxious about {worry}");

  static final List<String> MILD =
      List.of(
          "Lately I have been really stressed about {worry} and it is hard to switch off.",
          "I have not been sleeping well for {duration}.",
          "Some days I feel flat and cannot get started on anything.",
          "I get anxious before {place} and it takes hours to calm down.",
          "I used to enjoy {activity} but lately I cannot be bothered.",
          "I feel tired all the time, even when I rest.",
          "I know a lot of people have it worse, so I feel silly posting this.",
          "{person} says I seem distant lately and I do not know what to say.");

  static final List<String> MODERATE_TITLES =
      List.of(
          "Everything feels pointless",
          "Feeling really alone",
          "Stuck",
          "I don't know what to do anymore",
          "Nobody would notice");

  static final List<String> MODERATE =
      List.of(
          "It feels like nothing I try is going to make things better.",
          "I have stopped answering messages and now it is quiet all the time.",
          "I feel alone even when there are people around me.",
          "Most days I do not see the point in trying anymore.",
          "I keep pretending to be fine at {place}, but I am not.",
          "Everyone else seems to be moving forward and I am stuck.",
          "I cannot remember the last time I felt good about anything.",
          "I do not think anyone would notice if I stopped showing up.");

  static final List<String> SEVERE_TITLES =
      List.of(
          "I feel like a burden",
          "Tired of everything",
          "I don't want to be here",
          "Can't keep doing this",
          "Everyone would be better off");

  static final List<String> SEVERE =
      List.of(
          "I keep thinking that everyone would be better off without me.",
          "I feel like a burden to {person} and I hate it.",
          "Lately I have been thinking that I do not want to be here anymore.",
          "I am so tired of feeling like this and I do not know how much longer I can keep going.",
          "I have not told anyone how bad it has got.",
          "It feels like I am only taking up space.");

  static final List<String> DISTRESS_CLOSINGS =
      List.of(
          "I do not really know why I am posting this.",
          "Sorry for the long post.",
          "I just needed to say it somewhere.",
          "Has anyone felt like this and found a way through?",
          "Thanks for reading, if anyone does.");

  private Phrases() {}
}
