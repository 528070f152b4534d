package org.enclave.infra.local.demo;

import java.util.ArrayList;
import java.util.List;

/** Composes a post's title and body from {@link Phrases} and a {@link Topic}. */
final class TextComposer {

  /** A composed post text. */
  record Text(String title, String body) {}

  private final SplitMix64 rng;

  TextComposer(SplitMix64 rng) {
    this.rng = rng;
  }

  /**
   * Composes one post.
   *
   * @param tone what the post is about
   * @param topic the subreddit of an everyday post, or one of the author's interests otherwise
   * @param flatMood whether an everyday post carries a line of low mood
   */
  Text compose(Tone tone, Topic topic, boolean flatMood) {
    List<String> sentences = new ArrayList<>();
    String title;
    switch (tone) {
      case EVERYDAY -> {
        title = rng.chance(50) ? rng.pick(topic.titles()) : rng.pick(Phrases.EVERYDAY_TITLES);
        sentences.addAll(rng.pickDistinct(Phrases.EVERYDAY, rng.nextInt(2, 4)));
        if (flatMood) {
          sentences.add(1, rng.pick(Phrases.FLAT_MOOD));
        }
        addSometimes(sentences, Phrases.EVERYDAY_CLOSINGS, 40);
      }
      case SUPPORT -> {
        title = rng.pick(Phrases.SUPPORT_TITLES);
        sentences.addAll(rng.pickDistinct(Phrases.SUPPORT, rng.nextInt(2, 4)));
      }
      case MILD -> {
        title = rng.pick(Phrases.MILD_TITLES);
        addSometimes(sentences, Phrases.CONTEXT, 50);
        sentences.addAll(rng.pickDistinct(Phrases.MILD, rng.nextInt(2, 3)));
        addSometimes(sentences, Phrases.DISTRESS_CLOSINGS, 50);
      }
      case MODERATE -> {
        title = rng.pick(Phrases.MODERATE_TITLES);
        addSometimes(sentences, Phrases.CONTEXT, 60);
        sentences.add(rng.pick(Phrases.MILD));
        sentences.addAll(rng.pickDistinct(Phrases.MODERATE, rng.nextInt(2, 3)));
        addSometimes(sentences, Phrases.DISTRESS_CLOSINGS, 60);
      }
      case SEVERE -> {
        title = rng.pick(Phrases.SEVERE_TITLES);
        addSometimes(sentences, Phrases.CONTEXT, 60);
        sentences.addAll(rng.pickDistinct(Phrases.MODERATE, rng.nextInt(1, 2)));
        sentences.addAll(rng.pickDistinct(Phrases.SEVERE, rng.nextInt(1, 2)));
        addSometimes(sentences, Phrases.DISTRESS_CLOSINGS, 70);
      }
      default -> throw new IllegalArgumentException("unknown tone: " + tone);
    }
    List<String> filled = new ArrayList<>(sentences.size());
    for (String sentence : sentences) {
      filled.add(fill(sentence, topic));
    }
    return new Text(fill(title, topic), layout(filled));
  }

  /** Joins sentences with spaces, sometimes breaking a longer post into two paragraphs. */
  private String layout(List<String> sentences) {
    int breakBefore = -1;
    if (sentences.size() >= 4 && rng.chance(50)) {
      breakBefore = rng.nextInt(2, sentences.size() - 1);
    }
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < sentences.size(); i++) {
      if (i > 0) {
        body.append(i == breakBefore ? "\n\n" : " ");
      }
      body.append(sentences.get(i));
    }
    return body.toString();
  }

  private void addSometimes(List<String> sentences, List<String> choices, int percent) {
    if (rng.chance(percent)) {
      sentences.add(rng.pick(choices));
    }
  }

  private String fill(String template, Topic topic) {
    StringBuilder out = new StringBuilder(template.length() + 32);
    int from = 0;
    int open;
    while ((open = template.indexOf('{', from)) >= 0) {
      int close = template.indexOf('}', open);
      out.append(template, from, open);
      out.append(slot(template.substring(open + 1, close), topic));
      from = close + 1;
    }
    out.append(template, from, template.length());
    if (out.length() > 0) {
      out.setCharAt(0, Character.toUpperCase(out.charAt(0)));
    }
    return out.toString();
  }

  private String slot(String name, Topic topic) {
    return switch (name) {
      case "thing" -> rng.pick(topic.things());
      case "activity" -> rng.pick(topic.activities());
      default -> {
        List<String> values = Phrases.SLOTS.get(name);
        if (values == null) {
          throw new IllegalStateException("no words for slot {" + name + "}");
        }
        yield rng.pick(values);
      }
    };
  }
}
