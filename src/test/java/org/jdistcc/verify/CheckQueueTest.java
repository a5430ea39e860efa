package org.jdistcc.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdistcc.Log;
import org.junit.jupiter.api.Test;

class CheckQueueTest {
  private final List<String> ran = new CopyOnWriteArrayList<>();

  /** A check that can start once {@code free} is set, and records that it ran. */
  private final class Check implements CheckQueue.Check {
    private final String name;
    private final long bytes;
    private final AtomicBoolean free;
    private final AtomicInteger asked;

    Check(String name, long bytes, AtomicBoolean free, AtomicInteger asked) {
      this.name = name;
      this.bytes = bytes;
      this.free = free;
      this.asked = asked;
    }

    @Override
    public long bytes() {
      return bytes;
    }

    @Override
    public boolean tryRun() throws IOException {
      asked.incrementAndGet();
      if (!free.get()) {
        return false;
      }
      if (name.equals("broken")) {
        throw new IOException("cannot compile");
      }
      ran.add(name);
      return true;
    }

    @Override
    public String describe() {
      return name;
    }
  }

  /** A gate with no quiet period: idle whenever no job is in flight. */
  private static IdleGate idle() {
    return new IdleGate(Duration.ZERO, System::nanoTime);
  }

  @Test
  void aCheckStartsNeitherWhileAJobIsInFlightNorWithinTheQuietPeriodAfterIt() throws Exception {
    AtomicLong now = new AtomicLong(0);
    IdleGate gate = new IdleGate(Duration.ofMillis(300), now::get);
    CheckQueue queue = new CheckQueue(Log.none(), gate, 1000, Duration.ofMillis(5));
    AtomicBoolean free = new AtomicBoolean(true);
    AtomicInteger asked = new AtomicInteger();
    gate.jobStarted();
    assertTrue(queue.submit(new Check("a", 10, free, asked)));
    while (!queue.waitingForIdle()) {
      Thread.sleep(1);
    }
    // The clock is ours: nothing but the gate decides from here on.
    now.addAndGet(Duration.ofHours(1).toNanos());
    gate.jobStarted(); // wakes the queue, which must go on waiting
    gate.jobEnded();
    assertTrue(queue.waitingForIdle());
    assertEquals(0, asked.get(), "asked to start while a job was in flight");
    gate.jobEnded(); // the last job ends at "now": the quiet period starts
    now.addAndGet(Duration.ofMillis(299).toNanos());
    assertFalse(gate.quiet());
    assertTrue(queue.waitingForIdle());
    assertEquals(0, asked.get(), "asked to start within the quiet period");
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertTrue(gate.quiet());
    assertTrue(queue.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(List.of("a"), ran);
  }

  @Test
  void checksRunInArrivalOrderOnlyOnceTheyCanStart() throws Exception {
    CheckQueue queue = new CheckQueue(Log.none(), idle(), 1000, Duration.ofMillis(5));
    AtomicBoolean free = new AtomicBoolean(false);
    AtomicInteger asked = new AtomicInteger();
    assertTrue(queue.submit(new Check("a", 10, free, asked)));
    assertTrue(queue.submit(new Check("b", 10, free, asked)));
    while (asked.get() < 3) {
      Thread.sleep(5);
    }
    assertEquals(List.of(), ran, "ran while it could not start");
    assertEquals(2, queue.pending());
    free.set(true);
    assertTrue(queue.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(List.of("a", "b"), ran);
    assertEquals(0, queue.pending());
  }

  @Test
  void aCheckBeyondTheBudgetIsRefusedAndTheBudgetIsFreedWhenChecksEnd() throws Exception {
    CheckQueue queue = new CheckQueue(Log.none(), idle(), 100, Duration.ofMillis(5));
    AtomicBoolean free = new AtomicBoolean(false);
    AtomicInteger asked = new AtomicInteger();
    assertTrue(queue.submit(new Check("a", 60, free, asked)));
    assertFalse(queue.submit(new Check("b", 60, free, asked)));
    assertTrue(queue.submit(new Check("c", 40, free, asked)));
    free.set(true);
    assertTrue(queue.awaitIdle(Duration.ofSeconds(10)));
    assertTrue(queue.submit(new Check("d", 100, free, asked)));
    assertTrue(queue.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(List.of("a", "c", "d"), ran);
  }

  @Test
  void aCheckThatFailsIsLoggedAndTheNextOneStillRuns() throws Exception {
    java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
    Log log =
        new Log(
            new java.io.PrintStream(logged, true, "UTF-8"),
            Log.Level.WARNING,
            "distcc-agent",
            1,
            null);
    CheckQueue queue = new CheckQueue(log, idle(), 100, Duration.ofMillis(5));
    AtomicBoolean free = new AtomicBoolean(true);
    AtomicInteger asked = new AtomicInteger();
    assertTrue(queue.submit(new Check("broken", 10, free, asked)));
    assertTrue(queue.submit(new Check("b", 10, free, asked)));
    assertTrue(queue.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(List.of("b"), ran);
    assertTrue(
        logged.toString("UTF-8").contains("not verified: broken: cannot compile"),
        logged.toString("UTF-8"));
  }

  @Test
  void aWarningGoesToOneLaterJobOfTheSameDistccDirOnly() {
    CheckQueue queue = new CheckQueue(Log.none(), idle(), 100, Duration.ofMillis(5));
    queue.warn(Path.of("/home/a/.distcc"), "objects differ: x");
    assertEquals(List.of(), queue.takeWarnings(Path.of("/home/b/.distcc")));
    assertEquals(List.of("objects differ: x"), queue.takeWarnings(Path.of("/home/a/.distcc")));
    assertEquals(List.of(), queue.takeWarnings(Path.of("/home/a/.distcc")));
  }

  @Test
  void aVolunteerIsTrustedWithLaterChecksOnlyAfterPassingOneAndUntilItFailsOne() {
    CheckQueue queue = new CheckQueue(Log.none(), idle(), 1 << 20, Duration.ofMillis(1));
    assertFalse(queue.trusts("h\0gcc"), "a host nothing was checked of");
    queue.trust("h\0gcc");
    assertTrue(queue.trusts("h\0gcc"));
    assertFalse(queue.trusts("h\0clang"), "trust is per compiler");
    queue.distrust("h\0gcc");
    assertFalse(queue.trusts("h\0gcc"), "a host that failed a check");
  }
}
