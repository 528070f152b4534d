package org.enclave.api.broker.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

  @Test
  void firstByteOnly() {
    assertThat(ByteRange.parse("bytes=0-0", 100)).contains(new ByteRange(0, 0));
  }

  @Test
  void openEndedRangeRunsToTheLastByte() {
    assertThat(ByteRange.parse("bytes=5-", 100)).contains(new ByteRange(5, 99));
  }

  @Test
  void suffixRangeIsTheLastBytes() {
    assertThat(ByteRange.parse("bytes=-10", 100)).contains(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=-1000", 100)).contains(new ByteRange(0, 99));
  }

  @Test
  void lastPastTheEndIsCut() {
    assertThat(ByteRange.parse("bytes=90-1000", 100)).contains(new ByteRange(90, 99));
    assertThat(new ByteRange(90, 99).contentRange(100)).isEqualTo("bytes 90-99/100");
    assertThat(new ByteRange(90, 99).length()).isEqualTo(10);
  }

  @Test
  void noHeaderMeansTheWholeObject() {
    assertThat(ByteRange.parse(null, 100)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bytes=0-1,5-6",
        "items=0-1",
        "bytes=abc",
        "bytes=5-2",
        "bytes=-",
        "bytes=1",
        "bytes=0x10-20",
        "bytes=99999999999999999999-",
        "bytes= 1 - 2 3",
        ""
      })
  void invalidOrMultipleRangesAreIgnored(String header) {
    assertThat(ByteRange.parse(header, 100)).isEqualTo(Optional.empty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=-0", "bytes=1000-1001"})
  void rangesStartingPastTheEndAreUnsatisfiable(String header) {
    assertThatThrownBy(() -> ByteRange.parse(header, 100))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_RANGE));
  }

  @Test
  void anyRangeOfAnEmptyObjectIsUnsatisfiable() {
    assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(S3Exception.class);
    assertThatThrownBy(() -> ByteRange.parse("bytes=-5", 0)).isInstanceOf(S3Exception.class);
  }
}
