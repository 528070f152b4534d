package org.enclave.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.enclave.audit.AuditException;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {

  /** A writer that assigns contiguous positions, like the log does, and records batch sizes. */
  static final class Sequencer implements BatchWriter<String, Long> {
    final AtomicLong next = new AtomicLong();
    final List<String> durable = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    @Override
    public List<Long> write(List<String> batch) throws InterruptedException {
      Thread.sleep(1); // a commit costs time: that is what batching amortizes
      batchSizes.add(batch.size());
      List<Long> out = new ArrayList<>();
      for (String s : batch) {
        durable.add(s);
        out.add(next.getAndIncrement());
      }
      return out;
    }
  }

  @Test
  void concurrentAppendsGetContiguousPositionsAndAreBatched() throws Exception {
    Sequencer seq = new Sequencer();
    int writers = 16;
    int each = 2_000;
    List<Long> positions = new CopyOnWriteArrayList<>();
    try (GroupCommitter<String, Long> log = new GroupCommitter<>("test", seq, 512, 4096)) {
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    positions.add(log.append(id + ":" + i));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }
    assertThat(positions).hasSize(writers * each).doesNotHaveDuplicates();
    assertThat(Collections.max(positions)).isEqualTo(writers * each - 1L);
    assertThat(seq.batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0))
        .as("concurrent appends share commits")
        .isGreaterThan(1);
  }

  @Test
  void appendReturnsOnlyAfterTheWriteAndFailsClosedWithTheBatch() {
    CountDownLatch release = new CountDownLatch(1);
    BatchWriter<String, Long> failing =
        batch -> {
          release.await();
          throw new java.io.IOException("disk full");
        };
    try (GroupCommitter<String, Long> log = new GroupCommitter<>("test", failing, 8, 8)) {
      CompletableFuture<Long> pending = log.submit("a");
      assertThat(pending).isNotDone();
      release.countDown();
      assertThatThrownBy(() -> log.append("b"))
          .isInstanceOf(AuditException.class)
          .hasRootCauseMessage("disk full");
      assertThat(pending).isCompletedExceptionally();
    }
  }

  @Test
  void closeWritesWhatWasSubmittedAndRefusesMore() {
    Sequencer seq = new Sequencer();
    GroupCommitter<String, Long> log = new GroupCommitter<>("test", seq, 4, 64);
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(log.submit("x" + i));
    }
    log.close();
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(seq.durable).hasSize(50);
    assertThatThrownBy(() -> log.append("late")).isInstanceOf(AuditException.class);
  }

  @Test
  void aWriterReturningTheWrongNumberOfResultsFailsTheBatch() {
    try (GroupCommitter<String, Long> log =
        new GroupCommitter<>("test", batch -> List.of(), 4, 4)) {
      assertThatThrownBy(() -> log.append("a"))
          .isInstanceOf(AuditException.class)
          .hasRootCauseMessage("batch writer returned 0 results for 1 items");
    }
  }
}
