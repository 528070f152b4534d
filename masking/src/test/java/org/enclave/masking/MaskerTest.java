package org.enclave.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskerTest {
  private static final Recognizer NOTHING = text -> List.of();

  /** A stand-in model that tags every occurrence of the given words. */
  private static Recognizer model(EntityType type, String... words) {
    return text -> {
      List<Span> spans = new java.util.ArrayList<>();
      for (String w : words) {
        for (int i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) {
          spans.add(Span.of(i, i + w.length(), type, "ner:test"));
        }
      }
      return spans;
    };
  }

  @Test
  void aUsernameInTheTextBecomesItsUsersPseudonymAloneOrAsAHandle() {
    Masker masker = new Masker(MaskingPolicy.everything(), List.of());
    Map<String, String> users = Map.of("tired_owl_92", "user_aaaa", "quietriver", "user_bbbb");
    assertThat(
            masker
                .mask(
                    "- tired_owl_92 (thanks u/QuietRiver and @quietriver, not @someone_else)",
                    users)
                .text())
        .isEqualTo("- user_aaaa (thanks u/user_bbbb and @user_bbbb, not [HANDLE])");
  }

  @Test
  void overlappingFindingsAreMaskedAsOneSpanTypedByTheStrongestRule() {
    Masker masker =
        new Masker(
            MaskingPolicy.everything(),
            List.of(model(EntityType.PERSON, "Sarah Jones", "Jones.com")));
    Masked m = masker.mask("ask Sarah Jones at sarah@jones.com or Jones.com/blog", Map.of());
    assertThat(m.text()).isEqualTo("ask [PERSON] at [EMAIL] or [URL]");
    assertThat(m.spans())
        .extracting(Span::rule)
        .containsExactly("ner:test", "pattern:email", "pattern:url");
  }

  @Test
  void neverMaskedTermsDropOnlyTheModelsFindings() {
    MaskingPolicy policy =
        new MaskingPolicy(
            EnumSet.allOf(EntityType.class), Map.of("Bex", EntityType.PERSON), Set.of("Mom"));
    Masker masker = new Masker(policy, List.of(model(EntityType.PERSON, "Mom", "Kay")));
    assertThat(masker.mask("Mom said bex and Kay can come, call 07911 123456", Map.of()).text())
        .isEqualTo("Mom said [PERSON] and [PERSON] can come, call [PHONE]");
  }

  @Test
  void aNameFoundOnceIsMaskedWhereverElseThePostWritesIt() {
    Masker masker = Masker.standard(MaskingPolicy.defaults(), truecaser(), NOTHING);
    assertThat(
            masker
                .mask("my friend Hope left. Hope was the only one. I have hope.", Map.of())
                .text())
        .isEqualTo("my friend [PERSON] left. [PERSON] was the only one. I have hope.");
    // months are not carried over from "May from work"
    assertThat(masker.mask("May from work called. See you in May", Map.of()).text())
        .isEqualTo("[PERSON] from work called. See you in May");
  }

  @Test
  void typesOutsideThePolicyStayReadable() {
    MaskingPolicy policy = new MaskingPolicy(EnumSet.of(EntityType.EMAIL), Map.of(), Set.of());
    Masker masker = new Masker(policy, List.of(model(EntityType.PERSON, "Ana")));
    assertThat(masker.mask("Ana: ana@example.org, 07911 123456", Map.of()).text())
        .isEqualTo("Ana: [EMAIL], 07911 123456");
  }

  @Test
  void nameCuesFindWordNamesThatAModelReadsAsWords() {
    NameCues cues = new NameCues();
    String text =
        "Will texted me. my sister Grace, May from work and a guy we call Biscuit. I told Dr Okafor."
            + " She said my mom and I should go. Will it ever stop? WE ARE TIRED";
    assertThat(cues.find(text))
        .extracting(s -> text.substring(s.start(), s.end()))
        .containsExactlyInAnyOrder("Will", "Grace", "May", "Biscuit", "Okafor");
  }

  @Test
  void theTruecaserCapitalisesOnlyWordsTheListKnowsAsProperNouns(@TempDir Path dir)
      throws Exception {
    Path words = dir.resolve("words");
    Files.writeString(
        words, "Jess\nManchester\nHope\nhope\nphoenix\nPhoenix\nwalk\n", StandardCharsets.UTF_8);
    Truecaser t = Truecaser.fromWordList(words);
    assertThat(t.apply("me and jess walk in manchester, phoenix, hope"))
        .isEqualTo("me and Jess walk in Manchester, phoenix, hope");
  }

  @Test
  void aPolicyRefusesEmptyTermsAndATermOnBothLists() {
    assertThatThrownBy(() -> new MaskingPolicy(Set.of(), Map.of(" ", EntityType.PERSON), Set.of()))
        .hasMessageContaining("always-masked term is empty");
    assertThatThrownBy(() -> new MaskingPolicy(Set.of(), Map.of(), Set.of("")))
        .hasMessageContaining("never-masked term is empty");
    assertThatThrownBy(
            () -> new MaskingPolicy(Set.of(), Map.of("Grace", EntityType.PERSON), Set.of("grace ")))
        .hasMessageContaining("'grace' is both always and never masked");
  }

  @Test
  void thePolicyHashChangesWithTheListsAndNotWithTheirOrderOrCase() {
    MaskingPolicy a =
        new MaskingPolicy(
            Set.of(EntityType.PERSON, EntityType.URL),
            Map.of("Bex", EntityType.PERSON),
            Set.of("Mom", "Dad"));
    MaskingPolicy b =
        new MaskingPolicy(
            Set.of(EntityType.URL, EntityType.PERSON),
            Map.of("bex", EntityType.PERSON),
            Set.of("dad", "MOM"));
    MaskingPolicy c =
        new MaskingPolicy(
            Set.of(EntityType.URL, EntityType.PERSON),
            Map.of("bex", EntityType.LOCATION),
            Set.of("dad", "MOM"));
    assertThat(a.hash()).isEqualTo(b.hash()).hasSize(64).isNotEqualTo(c.hash());
    assertThat(MaskingPolicy.defaults().neverMasked()).contains("mom", "reddit", "cbt");
  }

  private static Truecaser truecaser() {
    try {
      return Truecaser.fromWordList(Truecaser.DEBIAN_WORDS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
