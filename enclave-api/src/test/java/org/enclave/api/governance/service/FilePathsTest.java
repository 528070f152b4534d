package org.enclave.api.governance.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.enclave.api.error.EnclaveException;
import org.enclave.api.error.ErrorCode;
import org.enclave.api.error.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FilePathsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "posts.jsonl",
        "train/posts.jsonl",
        "gold/labels-2026_v1.tsv",
        "notes/résumé (v1).txt",
        "données/été.csv",
        "x+y=z@w,v.tsv",
        "with inner space.txt",
        ".hidden",
        "...",
        "a.b.c",
        "数据/训练.jsonl",
        "٣/file"
      })
  void acceptsOrdinaryRelativePaths(String path) {
    assertThat(FilePaths.problem(path)).isNull();
    assertThat(FilePaths.validate(path)).isEqualTo(path);
  }

  @Test
  void acceptsPathsAtEveryLimit() {
    assertThat(FilePaths.problem("d/".repeat(FilePaths.MAX_DEPTH - 1) + "f")).isNull();
    assertThat(FilePaths.problem("a".repeat(FilePaths.MAX_SEGMENT_LENGTH))).isNull();
    String longest = "a".repeat(200) + "/" + "b".repeat(200) + "/" + "c".repeat(110);
    assertThat(longest).hasSize(FilePaths.MAX_PATH_LENGTH);
    assertThat(FilePaths.problem(longest)).isNull();
    assertThat(FilePaths.problem(longest + "c")).contains("longer than 512");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void rejectsNoPath(String path) {
    assertThat(FilePaths.problem(path)).isEqualTo("the path is empty");
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("/etc/passwd", "absolute paths are not allowed"),
        Arguments.of("/a", "absolute paths are not allowed"),
        Arguments.of("a\\b", "backslashes are not allowed"),
        Arguments.of("..\\..\\x", "backslashes are not allowed"),
        Arguments.of("..", "'.' and '..' segments are not allowed"),
        Arguments.of(".", "'.' and '..' segments are not allowed"),
        Arguments.of("a/../b", "'.' and '..' segments are not allowed"),
        Arguments.of("./a", "'.' and '..' segments are not allowed"),
        Arguments.of("a/.", "'.' and '..' segments are not allowed"),
        Arguments.of("a//b", "empty segment"),
        Arguments.of("a/", "empty segment"),
        Arguments.of("a".repeat(FilePaths.MAX_SEGMENT_LENGTH + 1), "a segment is longer than 255"),
        Arguments.of("a".repeat(600), "the path is longer than 512"),
        Arguments.of("d/".repeat(FilePaths.MAX_DEPTH) + "f", "nested deeper than 16"),
        Arguments.of("e\u0301.txt", "Unicode NFC"),
        Arguments.of("a\u0000b", "only letters, digits"),
        Arguments.of("a\nb", "only letters, digits"),
        Arguments.of("a\tb", "only letters, digits"),
        Arguments.of("a\u007fb", "only letters, digits"),
        Arguments.of("\u202etxt.exe", "only letters, digits"),
        Arguments.of("a\u200db", "only letters, digits"),
        Arguments.of("a\uff0fb", "only letters, digits"),
        Arguments.of("a:b", "only letters, digits"),
        Arguments.of("a*b", "only letters, digits"),
        Arguments.of("a?b", "only letters, digits"),
        Arguments.of("a%2e%2e", "only letters, digits"),
        Arguments.of("~/x", "only letters, digits"),
        Arguments.of("$HOME", "only letters, digits"),
        Arguments.of(" a", "cannot start or end with a space"),
        Arguments.of("a /b", "cannot start or end with a space"));
  }

  @ParameterizedTest
  @MethodSource("rejected")
  void rejectsWithTheReason(String path, String reason) {
    assertThat(FilePaths.problem(path)).contains(reason);
  }

  @Test
  void validateThrowsInvalidFileNameNamingThePathField() {
    assertThatThrownBy(() -> FilePaths.validate("a/../b"))
        .isInstanceOfSatisfying(
            EnclaveException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_FILE_NAME);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "file path 'a/../b' is not allowed: '.' and '..' segments are not allowed");
              assertThat(e.fieldErrors())
                  .containsExactly(new FieldError("path", "'.' and '..' segments are not allowed"));
            });
  }

  @Test
  void rejectionMessageShowsControlCharactersEscapedAndLongPathsShortened() {
    assertThatThrownBy(() -> FilePaths.validate("a\u0000b\nc"))
        .hasMessageStartingWith("file path 'a\\u0000b\\u000ac' is not allowed");
    assertThatThrownBy(() -> FilePaths.validate("a".repeat(600)))
        .hasMessageStartingWith("file path '" + "a".repeat(80) + "' is not allowed");
  }

  @Test
  void mediaTypeFollowsTheExtension() {
    assertThat(FilePaths.mediaType("train/posts.jsonl")).isEqualTo("application/x-ndjson");
    assertThat(FilePaths.mediaType("POSTS.NDJSON")).isEqualTo("application/x-ndjson");
    assertThat(FilePaths.mediaType("meta.json")).isEqualTo("application/json");
    assertThat(FilePaths.mediaType("gold.tsv")).isEqualTo("text/tab-separated-values");
    assertThat(FilePaths.mediaType("a.csv")).isEqualTo("text/csv");
    assertThat(FilePaths.mediaType("README.md")).isEqualTo("text/markdown");
    assertThat(FilePaths.mediaType("a.txt")).isEqualTo("text/plain");
    assertThat(FilePaths.mediaType("a.parquet")).isEqualTo("application/vnd.apache.parquet");
    assertThat(FilePaths.mediaType("model.bin")).isEqualTo("application/octet-stream");
    assertThat(FilePaths.mediaType("noextension")).isEqualTo("application/octet-stream");
  }
}
