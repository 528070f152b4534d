package org.enclave.api.sharedtask.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.enclave.api.sharedtask.scoring.Direction;

/**
 * What participants may learn of a score, so that repeated submissions tell them as little as
 * possible about hidden labels. Two mechanisms, both set per task (docs/shared-tasks.md):
 *
 * <ul>
 *   <li><b>Rounding</b>: every value shown to participants is rounded half-up to {@code decimals}
 *       decimal places.
 *   <li><b>Ladder</b> (Blum &amp; Hardt, "The Ladder", ICML 2015): a team's shown primary score
 *       starts at its first defined score rounded to the nearest multiple of {@code step}, and
 *       changes only when a later submission beats the shown score by more than {@code step}; the
 *       new shown score is that submission's score rounded to the nearest multiple of {@code step}.
 *       Any other submission shows the previous value again, so a team learns one bit ("not better
 *       by more than the step") from most submissions.
 * </ul>
 */
public final class Disclosure {
  private Disclosure() {}

  /** One submission's shown ladder value and whether it moved the team's shown score. */
  public record LadderStep(Double shown, boolean improved) {}

  /** The value rounded half-up to {@code decimals} places; unchanged if decimals is null. */
  public static Double round(Double value, Integer decimals) {
    if (value == null || decimals == null || value.isNaN() || value.isInfinite()) {
      return value;
    }
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }

  /** The nearest multiple of {@code step} (halves away from zero), without binary noise. */
  public static double toStep(double value, double step) {
    BigDecimal s = BigDecimal.valueOf(step);
    BigDecimal k = BigDecimal.valueOf(value).divide(s, 0, RoundingMode.HALF_UP);
    return k.multiply(s).doubleValue();
  }

  /**
   * The ladder over one team's primary scores in submission order; null (undefined or not scored)
   * values never move it and show the current value.
   */
  public static List<LadderStep> ladder(List<Double> scores, Direction direction, double step) {
    List<LadderStep> out = new ArrayList<>(scores.size());
    Double shown = null;
    for (Double s : scores) {
      boolean improved = false;
      if (s != null && !s.isNaN()) {
        boolean better =
            shown == null
                || (direction == Direction.HIGHER_IS_BETTER ? s > shown + step : s < shown - step);
        if (better) {
          shown = toStep(s, step);
          improved = true;
        }
      }
      out.add(new LadderStep(shown, improved));
    }
    return out;
  }

  /** Whether {@code a} is strictly better than {@code b}; undefined values are worst. */
  public static boolean better(Double a, Double b, Direction direction) {
    boolean aDefined = a != null && !a.isNaN();
    boolean bDefined = b != null && !b.isNaN();
    if (!aDefined) {
      return false;
    }
    if (!bDefined) {
      return true;
    }
    return direction == Direction.HIGHER_IS_BETTER ? a > b : a < b;
  }
}
