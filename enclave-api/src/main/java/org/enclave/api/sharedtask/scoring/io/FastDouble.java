package org.enclave.api.sharedtask.scoring.io;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Strict, fast parsing of decimal numbers from UTF-8 bytes: {@code [+-]? (d+ (. d*)? | . d+) ([eE]
 * [+-]? d+)?}, nothing else (no spaces, no hex, no {@code f}/{@code d} suffixes, no NaN or
 * Infinity: {@link Double#parseDouble} accepts all of those). Correctly rounded: up to 15
 * significant digits with a power of ten up to 22 are computed exactly in one IEEE operation (both
 * operands are exact doubles); anything else goes to {@link Double#parseDouble} after the strict
 * check.
 */
public final class FastDouble {

  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }

  private FastDouble() {}

  /**
   * The value of {@code bytes[from, to)}, or NaN when they are not a decimal number as above
   * (including the text {@code NaN}); an overflowing exponent gives an infinity.
   */
  public static double parse(byte[] bytes, int from, int to) {
    double plain = plainDecimal(bytes, from, to);
    return plain == plain ? plain : general(bytes, from, to); // NaN: not a plain decimal
  }

  /**
   * The common spelling on its own, cheaply: {@code -? d* (. d*)?} with 1 to 15 digits in all, so
   * that the digits are an exact double and one division by an exact power of ten rounds it: the
   * same operation, so the same value, as {@link #general}'s. NaN for anything else.
   */
  private static double plainDecimal(byte[] bytes, int from, int to) {
    int i = from;
    boolean negative = i < to && bytes[i] == '-';
    if (negative) {
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int point = -1; // digits before the decimal point, once there is one
    while (i < to) {
      int d = bytes[i] - '0';
      if (d >= 0 && d <= 9) {
        mantissa = mantissa * 10 + d;
        digits++;
        i++;
      } else if (d == '.' - '0' && point < 0) {
        point = digits;
        i++;
        if (i + 8 <= to && digits <= 7) {
          long eight = eightDigits(bytes, i); // the usual score: many decimals, eight at once
          if (eight >= 0) {
            mantissa = mantissa * 100_000_000 + eight;
            digits += 8;
            i += 8;
          }
        }
      } else {
        return Double.NaN;
      }
    }
    if (digits == 0 || digits > 15) {
      return Double.NaN;
    }
    if (mantissa == 0) {
      return negative ? -0.0 : 0.0;
    }
    double value = mantissa / POWERS_OF_TEN[point < 0 ? 0 : digits - point];
    return negative ? -value : value;
  }

  private static double general(byte[] bytes, int from, int to) {
    int i = from;
    if (i >= to) {
      return Double.NaN;
    }
    boolean negative = false;
    if (bytes[i] == '-' || bytes[i] == '+') {
      negative = bytes[i] == '-';
      i++;
    }
    long mantissa = 0;
    int significant = 0;
    int digits = 0;
    int scale = 0; // decimal exponent contributed by the digits' position
    while (i < to && isDigit(bytes[i])) {
      int d = bytes[i] - '0';
      if (significant > 0 || d != 0) {
        significant++;
        if (significant <= 18) {
          mantissa = mantissa * 10 + d;
        } else {
          scale++;
        }
      }
      digits++;
      i++;
    }
    if (i < to && bytes[i] == '.') {
      i++;
      while (i < to && isDigit(bytes[i])) {
        int d = bytes[i] - '0';
        if (significant > 0 || d != 0) {
          significant++;
          if (significant <= 18) {
            mantissa = mantissa * 10 + d;
            scale--;
          }
        } else {
          scale--;
        }
        digits++;
        i++;
      }
    }
    if (digits == 0) {
      return Double.NaN;
    }
    int exponent = 0;
    if (i < to && (bytes[i] == 'e' || bytes[i] == 'E')) {
      i++;
      boolean expNegative = false;
      if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
        expNegative = bytes[i] == '-';
        i++;
      }
      int expDigits = 0;
      while (i < to && isDigit(bytes[i])) {
        if (exponent < 100_000) {
          exponent = exponent * 10 + (bytes[i] - '0');
        }
        expDigits++;
        i++;
      }
      if (expDigits == 0) {
        return Double.NaN;
      }
      if (expNegative) {
        exponent = -exponent;
      }
    }
    if (i != to) {
      return Double.NaN;
    }
    if (mantissa == 0) {
      return negative ? -0.0 : 0.0;
    }
    int power = scale + exponent;
    if (significant <= 15 && power >= -22 && power <= 22) {
      double value =
          power >= 0 ? mantissa * POWERS_OF_TEN[power] : mantissa / POWERS_OF_TEN[-power];
      // mantissa < 10^15 < 2^53 and 10^|power| (|power| <= 22) are exact doubles, so the one
      // multiplication or division rounds once: the result is correctly rounded.
      return negative ? -value : value;
    }
    return Double.parseDouble(new String(bytes, from, to - from, StandardCharsets.US_ASCII));
  }

  /** True for spellings of not-a-number or infinity that people write: nan, inf, infinity, ±. */
  public static boolean isNonFiniteSpelling(byte[] bytes, int from, int to) {
    int i = from;
    if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
      i++;
    }
    String word = new String(bytes, i, to - i, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    return word.equals("nan") || word.equals("inf") || word.equals("infinity");
  }

  /**
   * The value of the eight ASCII digits at {@code bytes[i]}, or -1 when they are not all digits:
   * checked and combined in a few word operations (pairs, then quadruples, then the eight).
   */
  static long eightDigits(byte[] bytes, int i) {
    long w = Bytes.word(bytes, i);
    long highNibbles = 0xF0F0F0F0F0F0F0F0L;
    long threes = 0x3030303030303030L;
    if ((w & highNibbles) != threes || ((w + 0x0606060606060606L) & highNibbles) != threes) {
      return -1; // a byte outside 0x30 .. 0x39
    }
    long d = w - threes;
    d = d * 10 + (d >>> 8); // each even byte: two digits
    return (((d & 0x000000FF000000FFL) * (100 + (1000000L << 32)))
            + (((d >>> 16) & 0x000000FF000000FFL) * (1 + (10000L << 32))))
        >>> 32;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
