package org.enclave.api.sharedtask.scoring.io;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Independent tasks run on the common fork-join pool, the calling thread taking part. */
public final class Parallel {

  private Parallel() {}

  /** How many threads work on {@link #map}'s tasks at once: the pool's and the caller's. */
  public static int threads() {
    return ForkJoinPool.getCommonPoolParallelism() + 1;
  }

  /** {@code task(0) .. task(count - 1)}, run in parallel; the results in task order. */
  public static <T> List<T> map(int count, IntFunction<T> task) {
    return IntStream.range(0, count).parallel().mapToObj(task).toList();
  }
}
