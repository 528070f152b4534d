package org.enclave.api.broker.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectListingTest {
  record K(String key) implements ObjectListing.Listed {}

  private static final List<K> KEYS =
      sorted(
          "README.md",
          "test/posts.jsonl",
          "train/a/1.jsonl",
          "train/a/2.jsonl",
          "train/b/1.jsonl",
          "train/labels.tsv",
          "train/posts.jsonl");

  private static List<K> sorted(String... keys) {
    List<K> l = new ArrayList<>();
    for (String k : keys) {
      l.add(new K(k));
    }
    l.sort(Comparator.comparing(K::key, ObjectListing::compare));
    return l;
  }

  private static List<String> keys(ObjectListing.Page<K> p) {
    return p.contents().stream().map(K::key).toList();
  }

  @Test
  void listsEverythingWithoutPrefixOrDelimiter() {
    var p = ObjectListing.page(KEYS, null, null, null, 1000);
    assertThat(keys(p)).hasSize(7);
    assertThat(p.truncated()).isFalse();
    assertThat(p.nextContinuationToken()).isNull();
  }

  @Test
  void delimiterRollsKeysUpIntoCommonPrefixes() {
    var p = ObjectListing.page(KEYS, "", "/", null, 1000);
    assertThat(keys(p)).containsExactly("README.md");
    assertThat(p.commonPrefixes()).containsExactly("test/", "train/");
    var train = ObjectListing.page(KEYS, "train/", "/", null, 1000);
    assertThat(keys(train)).containsExactly("train/labels.tsv", "train/posts.jsonl");
    assertThat(train.commonPrefixes()).containsExactly("train/a/", "train/b/");
  }

  @Test
  void pagesOfTwoWalkTheWholeListingOnce() {
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      var p = ObjectListing.page(KEYS, "train/", "/", after, 2);
      seen.addAll(keys(p));
      seen.addAll(p.commonPrefixes());
      assertThat(p.keyCount()).isLessThanOrEqualTo(2);
      after =
          p.nextContinuationToken() == null
              ? null
              : ObjectListing.decodeToken(p.nextContinuationToken());
      pages++;
    } while (after != null);
    assertThat(seen)
        .containsExactlyInAnyOrder("train/a/", "train/b/", "train/labels.tsv", "train/posts.jsonl");
    assertThat(pages).isEqualTo(2);
  }

  @Test
  void pageBoundaryOnACommonPrefixSkipsItsKeys() {
    var first = ObjectListing.page(KEYS, "train/", "/", null, 1);
    assertThat(first.commonPrefixes()).containsExactly("train/a/");
    var second =
        ObjectListing.page(
            KEYS, "train/", "/", ObjectListing.decodeToken(first.nextContinuationToken()), 1);
    assertThat(second.commonPrefixes()).containsExactly("train/b/");
  }

  @Test
  void startAfterIsExclusive() {
    var p = ObjectListing.page(KEYS, "", null, "train/a/2.jsonl", 1000);
    assertThat(keys(p)).first().isEqualTo("train/b/1.jsonl");
  }

  @Test
  void maxKeysZeroGivesAnEmptyTruncatedPage() {
    var p = ObjectListing.page(KEYS, "", null, null, 0);
    assertThat(p.keyCount()).isZero();
  }

  @Test
  void keysSortByUtf8Bytes() {
    assertThat(ObjectListing.compare("Z", "a")).isNegative();
    assertThat(ObjectListing.compare("\uFFFD", "\uD83D\uDE00")).isNegative();
  }

  @Test
  void rejectsForeignContinuationTokens() {
    assertThatThrownBy(() -> ObjectListing.decodeToken("not a token!"))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_ARGUMENT));
    assertThatThrownBy(() -> ObjectListing.decodeToken("Zm9v")).isInstanceOf(S3Exception.class);
  }
}
