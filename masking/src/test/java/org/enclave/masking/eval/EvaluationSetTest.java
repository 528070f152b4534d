package org.enclave.masking.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.enclave.masking.EntityType;
import org.junit.jupiter.api.Test;

class EvaluationSetTest {
  @Test
  void readsTheTitleBodyAndMarksWithOffsetsIntoTheUnmarkedText() {
    List<LabelledPost> posts =
        EvaluationSet.parse(
            "t.txt",
            "### post x1 user=u1 username=owl time=2024-01-01T00:00:00Z\n"
                + "title: hi [[PERSON:Ana]]\n"
                + "call [[PHONE:07911 123456]]\n\n"
                + "### post x2 user=u2 username=fox time=2024-01-02T00:00:00Z\n"
                + "nothing here\n");
    assertThat(posts).hasSize(2);
    LabelledPost p = posts.get(0);
    assertThat(p.text()).isEqualTo("hi Ana\ncall 07911 123456");
    assertThat(p.gold())
        .extracting(g -> p.text().substring(g.start(), g.end()) + "/" + g.type())
        .containsExactly("Ana/PERSON", "07911 123456/PHONE");
    assertThat(posts.get(1).gold()).isEmpty();
    assertThat(posts.get(1).username()).isEqualTo("fox");
  }

  @Test
  void everyHandLabelledFileReads() {
    List<LabelledPost> posts = EvaluationSet.handLabelled();
    assertThat(posts).hasSize(330);
    assertThat(posts.stream().mapToInt(p -> p.gold().size()).sum()).isEqualTo(771);
    assertThat(posts).allSatisfy(p -> assertThat(p.gold()).allMatch(g -> g.type() != null));
    assertThat(posts.stream().flatMap(p -> p.gold().stream()).map(LabelledPost.Gold::type))
        .contains(EntityType.values());
  }

  @Test
  void aBrokenFileFailsNamingTheFileAndWhere() {
    assertThatThrownBy(() -> EvaluationSet.parse("t.txt", "### post x1 user=u1\nbody\n"))
        .hasMessageContaining("t.txt:1: expected '### post <id>");
    assertThatThrownBy(
            () ->
                EvaluationSet.parse(
                    "t.txt", "### post x1 user=u1 username=a time=t\n[[PERSON:Ana] left\n"))
        .hasMessageContaining("t.txt: post x1: an unclosed or broken [[TYPE:text]] mark");
    assertThatThrownBy(
            () ->
                EvaluationSet.parse(
                    "t.txt", "### post x1 user=u1 username=a time=t\n[[NAME:Ana]]\n"))
        .hasMessageContaining("t.txt: post x1: unknown entity type 'NAME'");
  }
}
