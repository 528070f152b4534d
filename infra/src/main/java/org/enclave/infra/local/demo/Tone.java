package org.enclave.infra.local.demo;

/** What a generated post is about, from everyday chatter to severe distress. */
enum Tone {
  /** Hobbies and daily life, in an ordinary subreddit. */
  EVERYDAY,
  /** Supporting someone else or asking how to, in a mental-health subreddit. */
  SUPPORT,
  /** Stress, poor sleep, low energy. */
  MILD,
  /** Hopelessness and isolation. */
  MODERATE,
  /** Feeling a burden, not wanting to be here; never graphic, never a method. */
  SEVERE;

  /** Whether the post speaks of the author's own distress, and so may be evidence. */
  boolean isDistress() {
    return this == MILD || this == MODERATE || this == SEVERE;
  }
}
