package org.enclave.api.sharedtask.scoring.io;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.enclave.api.sharedtask.scoring.submission.ParseLimits;
import org.enclave.api.sharedtask.scoring.submission.Problem;
import org.enclave.api.sharedtask.scoring.submission.ProblemCode;
import org.enclave.api.sharedtask.scoring.submission.ProblemCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LowLevelTest {

  private static double parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    return FastDouble.parse(b, 0, b.length);
  }

  @Test
  void fastDoubleIsCorrectlyRoundedLikeTheJdk() {
    Random random = new Random(1);
    for (int i = 0; i < 200_000; i++) {
      String s =
          switch (i % 5) {
            case 0 -> Double.toString(random.nextDouble());
            case 1 -> String.format(Locale.ROOT, "%.6f", random.nextGaussian() * 1000);
            case 2 -> Long.toString(random.nextLong());
            case 3 -> random.nextInt(1_000_000) + "e" + (random.nextInt(60) - 30);
            default -> "0." + "0".repeat(random.nextInt(5)) + Math.abs(random.nextLong());
          };
      assertThat(parse(s)).as(s).isEqualTo(Double.parseDouble(s));
    }
    assertThat(parse("1e400")).isInfinite();
    assertThat(parse("1e-400")).isZero();
    assertThat(parse("-0")).isEqualTo(-0.0);
    assertThat(parse("5.")).isEqualTo(5.0);
    assertThat(parse(".5")).isEqualTo(0.5);
    assertThat(parse("+2E+2")).isEqualTo(200.0);
  }

  @Test
  void fastDoubleRejectsWhatIsNotAPlainDecimal() {
    for (String s :
        new String[] {
          "",
          "+",
          ".",
          "e5",
          "1e",
          "1e+",
          "NaN",
          "Infinity",
          "0x10",
          "1f",
          " 1",
          "1 ",
          "1..2",
          "--1"
        }) {
      assertThat(parse(s)).as("'%s'", s).isNaN();
    }
  }

  @Test
  void idIndexNumbersIdsInInsertionOrderAndFindsThemFromBytes() {
    IdIndex index = new IdIndex();
    for (int i = 0; i < 100_000; i++) {
      assertThat(index.add("id-" + i)).isEqualTo(i);
    }
    assertThat(index.add("id-42")).isEqualTo(-43);
    index.trim();
    byte[] line = "xx\tid-99999\tyy".getBytes(StandardCharsets.UTF_8);
    assertThat(index.find(line, 3, 11)).isEqualTo(99_999);
    assertThat(index.find("id-100000")).isEqualTo(-1);
    assertThat(index.id(7)).isEqualTo("id-7");
    assertThat(index.compare(index.find("id-10"), index.find("id-9"))).isNegative();
  }

  @Test
  void stableSortsMatchAStableReferenceSort() {
    Random random = new Random(3);
    for (int round = 0; round < 200; round++) {
      int n = random.nextInt(round < 100 ? 40 : 5000);
      double[] key = new double[n];
      for (int i = 0; i < n; i++) {
        key[i] = random.nextInt(10);
      }
      int[] order = IntStream.range(0, n).toArray();
      StableSort.sortByKeyDescending(order, 0, n, key, null);
      int[] expected =
          IntStream.range(0, n)
              .boxed()
              .sorted(Comparator.comparingDouble((Integer i) -> key[i]).reversed())
              .mapToInt(Integer::intValue)
              .toArray();
      assertThat(order).isEqualTo(expected);
      int[] byRadix = IntStream.range(0, n).toArray();
      StableSort.radixByKeyDescending(byRadix, key);
      assertThat(byRadix).isEqualTo(expected);
      int[] byComparator = IntStream.range(0, n).toArray();
      StableSort.sort(byComparator, 0, n, (a, b) -> Double.compare(key[b], key[a]));
      assertThat(byComparator).isEqualTo(expected);
    }
  }

  @Test
  void aLineOverOneMebibyteStopsReadingHowEverMuchOfItABufferHolds() {
    byte[] fits = ("a\t" + "x".repeat(TsvScanner.MAX_LINE_BYTES - 2) + "\nb\n").getBytes(US_ASCII);
    ProblemCollector problems = new ProblemCollector(10);
    TsvScanner t = new TsvScanner(new ByteArrayInputStream(fits), ParseLimits.DEFAULT, problems);
    assertThat(t.next()).isTrue();
    assertThat(t.length(1)).isEqualTo(TsvScanner.MAX_LINE_BYTES - 2);
    assertThat(t.next()).isTrue();
    assertThat(problems.isEmpty()).isTrue();

    byte[] over = ("a\t" + "x".repeat(TsvScanner.MAX_LINE_BYTES - 1) + "\nb\n").getBytes(US_ASCII);
    TsvScanner u = new TsvScanner(new ByteArrayInputStream(over), ParseLimits.DEFAULT, problems);
    assertThat(u.next()).isFalse();
    assertThat(u.stopped()).isTrue();
    Problem p = problems.report().problem(ProblemCode.LINE_TOO_LONG).orElseThrow();
    assertThat(p.occurrences()).extracting(Problem.Occurrence::line).containsExactly(1L);
  }

  @Test
  void filePartsBeginAtLineStartsAndCoverTheFile(@TempDir Path dir) throws IOException {
    byte[] file = "kind\r\nzoë\tp\r\n\n用户\t1\nlast".repeat(50).getBytes(StandardCharsets.UTF_8);
    Path path = Files.write(dir.resolve("f"), file);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      for (int wanted = 1; wanted < 40; wanted++) {
        FileParts parts = FileParts.split(channel, wanted);
        assertThat(parts.count()).isBetween(1, wanted);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int k = 0; k < parts.count(); k++) {
          long start = parts.start(k);
          assertThat(start == 0 || file[(int) start - 1] == '\n').as("part %d", k).isTrue();
          try (InputStream in = parts.open(k)) {
            in.transferTo(joined);
          }
        }
        assertThat(joined.toByteArray()).isEqualTo(file);
      }
    }
    Path oneLine = Files.write(dir.resolve("g"), "x".repeat(200_000).getBytes(US_ASCII));
    try (FileChannel channel = FileChannel.open(oneLine, StandardOpenOption.READ)) {
      assertThat(FileParts.split(channel, 8).count()).isEqualTo(1);
    }
  }

  @Test
  void radixSortOrdersEveryKindOfDoubleLikeTheJdkAndKeepsTiesInOrder() {
    Random random = new Random(5);
    double[] special = {0.0, -0.0, 1e-300, -1e-300, Double.MIN_VALUE, -Double.MAX_VALUE, 1e300, 7};
    for (int round = 0; round < 50; round++) {
      int n = random.nextInt(3000);
      double[] key = new double[n];
      for (int i = 0; i < n; i++) {
        key[i] =
            switch (random.nextInt(4)) {
              case 0 -> special[random.nextInt(special.length)];
              case 1 -> random.nextInt(5) - 2;
              case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
              default -> Double.longBitsToDouble(random.nextLong() & ~(0x7ffL << 52)) * 1e10;
            };
      }
      int[] order = IntStream.range(0, n).map(i -> n - 1 - i).toArray();
      int[] expected =
          IntStream.of(order)
              .boxed()
              .sorted(Comparator.comparingDouble((Integer i) -> key[i]).reversed())
              .mapToInt(Integer::intValue)
              .toArray();
      StableSort.radixByKeyDescending(order, key);
      assertThat(order).isEqualTo(expected);
    }
  }

  @Test
  void eightDigitsAtOnceOrNone() {
    byte[] b = "x12345678:0000000099999999".getBytes(US_ASCII);
    assertThat(FastDouble.eightDigits(b, 1)).isEqualTo(12_345_678);
    assertThat(FastDouble.eightDigits(b, 2)).isEqualTo(-1); // ':' is not a digit
    assertThat(FastDouble.eightDigits(b, 10)).isZero();
    assertThat(FastDouble.eightDigits(b, 18)).isEqualTo(99_999_999);
    assertThat(FastDouble.eightDigits("/1234567".getBytes(US_ASCII), 0)).isEqualTo(-1);
  }

  @Test
  void stringsNeverStraddleAnArenaAndKeepEveryByte() {
    ChunkedArrays.Strings strings = new ChunkedArrays.Strings();
    Random random = new Random(6);
    java.util.List<String> added = new java.util.ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      int len =
          i % 1000 == 0 ? (1 << 18) - random.nextInt(3) : random.nextInt(i % 7 == 0 ? 300 : 4);
      StringBuilder s = new StringBuilder();
      for (int k = 0; k < len; k++) {
        s.append((char) ('a' + random.nextInt(3)));
      }
      byte[] b = ("x" + s).getBytes(StandardCharsets.UTF_8);
      strings.add(b, 1, b.length); // from an offset, as ids come from a line
      added.add(s.toString());
    }
    strings.trim();
    for (int i = 0; i < added.size(); i++) {
      assertThat(strings.string(i)).isEqualTo(added.get(i));
      byte[] b = added.get(i).getBytes(StandardCharsets.UTF_8);
      assertThat(strings.equal(i, b, 0, b.length)).isTrue();
      assertThat(strings.compare(i, b, 0, b.length)).isZero();
    }
    assertThat(Integer.signum(strings.compare(3, 4)))
        .isEqualTo(Integer.signum(added.get(3).compareTo(added.get(4))));
  }

  @Test
  void chunkedArraysKeepEveryElementAcrossChunks() {
    ChunkedArrays.Ints ints = new ChunkedArrays.Ints();
    ChunkedArrays.Doubles doubles = new ChunkedArrays.Doubles();
    ChunkedArrays.Strings strings = new ChunkedArrays.Strings();
    int n = (1 << 15) * 70 + 17;
    for (int i = 0; i < n; i++) {
      ints.add(i);
      doubles.add(i * 0.5);
    }
    for (int i = 0; i < 1000; i++) {
      byte[] b = ("s" + i).getBytes(StandardCharsets.UTF_8);
      strings.add(b, 0, b.length);
    }
    assertThat(ints.size()).isEqualTo(n);
    assertThat(ints.get(n - 1)).isEqualTo(n - 1);
    assertThat(ints.get(1 << 15)).isEqualTo(1 << 15);
    ints.set(n + 2, 5);
    assertThat(ints.size()).isEqualTo(n + 3);
    assertThat(ints.get(n)).isZero();
    assertThat(doubles.get(n - 1)).isEqualTo((n - 1) * 0.5);
    assertThat(new ChunkedArrays.Doubles(3).size()).isEqualTo(3);
    strings.trim();
    assertThat(strings.string(999)).isEqualTo("s999");
    assertThat(strings.compare(10, 9)).isNegative(); // "s10" < "s9"
  }
}
