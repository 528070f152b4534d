package org.enclave.audit.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a double as ECMAScript's {@code Number.prototype.toString()} does, which RFC 8785 section
 * 3.2.2.3 requires.
 *
 * <p>ECMAScript picks the <em>shortest</em> decimal that reads back as the same double (closest to
 * the exact value, then even on a tie). JDK 17's {@link Double#toString(double)} sometimes prints a
 * longer one (JDK-4511638, fixed in JDK 19), so it cannot be used. Instead: for each precision p
 * from 1 to 17, the p-digit decimals just below and just above the exact binary value are the only
 * candidates that can round-trip (the rounding interval is convex); the first p with a candidate
 * that round-trips gives the shortest, and of two, the closer one wins. {@link
 * BigDecimal#doubleValue()} rounds correctly, so "round-trips" is exact. Checked against V8 on
 * every power of two and a million random doubles.
 */
final class EcmaScriptNumbers {
  private EcmaScriptNumbers() {}

  private static final double EXACT_INTEGER_LIMIT = 9007199254740992d; // 2^53

  static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new JsonException("NaN and Infinity have no JSON representation");
    }
    if (value == 0) {
      return "0"; // also -0
    }
    if (value == Math.rint(value) && Math.abs(value) <= EXACT_INTEGER_LIMIT) {
      return Long.toString((long) value);
    }
    Decimal d = shortest(Math.abs(value));
    return (value < 0 ? "-" : "") + layout(d.digits(), d.exponent());
  }

  /** The digits s (no trailing zeros) and n such that the value is 0.s × 10^n. */
  private record Decimal(String digits, int exponent) {}

  private static Decimal shortest(double v) {
    BigDecimal exact = new BigDecimal(v);
    // Work on the exact value floored to 20 digits: a double's exact expansion can run to 767
    // digits. Flooring composes (floor_p(floor_20(x)) = floor_p(x) for p <= 20), and when x has
    // more than 20 digits it lies strictly between two p-digit decimals, the next one up being
    // floor_p(x) plus one unit in the p-th digit.
    BigDecimal floor20 = exact.round(new MathContext(20, RoundingMode.FLOOR));
    boolean exactIn20 = floor20.compareTo(exact) == 0;
    for (int p = 1; p <= 17; p++) {
      BigDecimal down = floor20.round(new MathContext(p, RoundingMode.FLOOR));
      BigDecimal up =
          exactIn20
              ? floor20.round(new MathContext(p, RoundingMode.CEILING))
              : down.add(down.ulp());
      boolean downReadsBack = down.doubleValue() == v;
      boolean upReadsBack = up.doubleValue() == v;
      BigDecimal chosen;
      if (downReadsBack && upReadsBack) {
        chosen = closer(floor20, exactIn20, down, up);
      } else if (downReadsBack) {
        chosen = down;
      } else if (upReadsBack) {
        chosen = up;
      } else {
        continue;
      }
      BigDecimal s = chosen.stripTrailingZeros();
      String digits = s.unscaledValue().toString();
      return new Decimal(digits, digits.length() - s.scale());
    }
    throw new IllegalStateException("17 significant digits always identify a double");
  }

  /**
   * The candidate closer to the exact value x, the even one on a tie. When x has more than 20
   * digits its floor stands in for it: the midpoint of two p-digit decimals has at most 18 digits,
   * so the floor is on the same side of it as x, or on it exactly when x is just above it.
   */
  private static BigDecimal closer(
      BigDecimal floor20, boolean exactIn20, BigDecimal down, BigDecimal up) {
    int cmp = floor20.subtract(down).compareTo(up.subtract(floor20));
    if (cmp == 0 && !exactIn20) {
      return up;
    }
    return cmp < 0 || cmp == 0 && lastDigitEven(down) ? down : up;
  }

  private static boolean lastDigitEven(BigDecimal d) {
    return !d.unscaledValue().testBit(0);
  }

  /** ECMA-262 Number::toString for digits s of length k and exponent n, for positive values. */
  private static String layout(String s, int n) {
    int k = s.length();
    if (k <= n && n <= 21) {
      return s + "0".repeat(n - k);
    }
    if (0 < n && n <= 21) {
      return s.substring(0, n) + "." + s.substring(n);
    }
    if (-6 < n && n <= 0) {
      return "0." + "0".repeat(-n) + s;
    }
    int e = n - 1;
    String mantissa = k == 1 ? s : s.charAt(0) + "." + s.substring(1);
    return mantissa + "e" + (e < 0 ? "-" : "+") + Math.abs(e);
  }
}
