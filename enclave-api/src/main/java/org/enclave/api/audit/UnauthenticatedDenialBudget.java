package org.enclave.api.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many refused unauthenticated requests get an audit entry each. Anyone can send requests
 * without a token, and each refusal would otherwise cost a durable log entry: a loop of curl calls
 * could grow the log by thousands of entries a second. Per client address and per one-minute
 * window, the first {@code perAddress} refusals are recorded one by one; the rest are counted and
 * recorded as one summary when the window has ended. Across all addresses at most {@code overall}
 * individual entries are written per window (so that a flood from many addresses is bounded too),
 * and at most {@code maxAddresses} addresses are tracked; refusals beyond either are summarized
 * under the address {@value #OTHERS}. Nothing is ever dropped without being counted. Thread-safe.
 */
public final class UnauthenticatedDenialBudget {
  /** The address under which refusals are counted once the overall budget or table is full. */
  public static final String OTHERS = "*";

  static final Duration WINDOW = Duration.ofMinutes(1);

  private final int perAddress;
  private final int overall;
  private final int maxAddresses;
  private final Map<String, Window> windows = new LinkedHashMap<>();
  private long overallWindow = Long.MIN_VALUE;
  private int overallRecorded;

  /** Refusals from one address that were counted but not recorded one by one. */
  public record Summary(String address, int suppressed, Instant first, Instant last) {}

  /**
   * @param record whether this refusal gets an entry of its own
   * @param due summaries of windows that have ended, to record now
   */
  public record Admission(boolean record, List<Summary> due) {}

  private static final class Window {
    final long index;
    int recorded;
    int suppressed;
    Instant first;
    Instant last;

    Window(long index) {
      this.index = index;
    }
  }

  public UnauthenticatedDenialBudget(int perAddress, int overall, int maxAddresses) {
    if (perAddress < 0 || overall < 0 || maxAddresses < 1) {
      throw new IllegalArgumentException("budgets must be >= 0 and maxAddresses >= 1");
    }
    this.perAddress = perAddress;
    this.overall = overall;
    this.maxAddresses = maxAddresses;
  }

  /** Decides for one refused request from {@code address} at {@code now}. */
  public synchronized Admission admit(String address, Instant now) {
    long index = windowOf(now);
    List<Summary> due = ended(index);
    if (index != overallWindow) {
      overallWindow = index;
      overallRecorded = 0;
    }
    String key = address == null || address.isBlank() ? OTHERS : address;
    Window w = windows.get(key);
    if (w == null && !key.equals(OTHERS) && windows.size() >= maxAddresses) {
      key = OTHERS;
      w = windows.get(key);
    }
    if (w == null) {
      w = new Window(index);
      windows.put(key, w);
    }
    boolean record = !key.equals(OTHERS) && w.recorded < perAddress && overallRecorded < overall;
    if (record) {
      w.recorded++;
      overallRecorded++;
    } else {
      if (w.suppressed == 0) {
        w.first = now;
      }
      w.suppressed++;
      w.last = now;
    }
    return new Admission(record, due);
  }

  /** Summaries of every window that ended before {@code now}, each handed out once. */
  public synchronized List<Summary> flush(Instant now) {
    return ended(windowOf(now));
  }

  private List<Summary> ended(long currentIndex) {
    List<Summary> due = new ArrayList<>();
    for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Window> e = it.next();
      Window w = e.getValue();
      if (w.index < currentIndex) {
        if (w.suppressed > 0) {
          due.add(new Summary(e.getKey(), w.suppressed, w.first, w.last));
        }
        it.remove();
      }
    }
    return due;
  }

  private static long windowOf(Instant now) {
    return Math.floorDiv(now.toEpochMilli(), WINDOW.toMillis());
  }
}
