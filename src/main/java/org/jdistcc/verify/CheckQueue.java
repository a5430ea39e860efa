package org.jdistcc.verify;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdistcc.Log;

/**
 * The checks that run after their job has delivered its object ({@code DISTCC_VERIFY} in the
 * agent): one at a time, in arrival order, on a thread of their own, each starting only when the
 * client is idle ({@link IdleGate}: no job of the agent in flight for a quiet period) and when it
 * says it can (when a local slot is free), so no job ever waits for a check, and a check keeps its
 * compiler stopped while a job runs. A check that the user must hear about leaves a warning line
 * here for the next job of the same DISTCC_DIR to print.
 *
 * <p>Waiting checks hold their preprocessed text and objects in memory, so the queue takes at most
 * {@code budget} bytes of them; a check beyond that is refused, and its job is not verified.
 *
 * <p>Not here: the check itself ({@link Recompile}) and what a mismatch does to a host (the
 * client's verification).
 */
public final class CheckQueue {
  /** One deferred check. */
  public interface Check {
    /** The bytes it holds while it waits. */
    long bytes();

    /** Runs the check if it can start now and returns true; false to be asked again later. */
    boolean tryRun() throws IOException;

    /** What it checks, for the log. */
    String describe();
  }

  private final Log log;
  private final IdleGate gate;
  private final long budget;
  private final Duration pause;
  private final ArrayDeque<Check> waiting = new ArrayDeque<>();
  private final Map<Path, List<String>> warnings = new HashMap<>();
  private final Set<String> trusted = new HashSet<>();
  private long held;
  private boolean running;
  private boolean atGate;
  private Thread worker;

  /**
   * @param log where a check that fails is reported
   * @param gate when the client is idle: no check starts before it is
   * @param budget the most bytes waiting checks may hold
   * @param pause how long to wait before asking a check that could not start again
   */
  public CheckQueue(Log log, IdleGate gate, long budget, Duration pause) {
    this.log = log;
    this.gate = gate;
    this.budget = budget;
    this.pause = pause;
  }

  /** The agent's log, where checks say what they found. */
  public Log log() {
    return log;
  }

  /** When the client is idle: a running check keeps its compiler stopped while it is not. */
  public IdleGate gate() {
    return gate;
  }

  /** True while the next check waits for the client to be idle before it may start. */
  public synchronized boolean waitingForIdle() {
    return atGate;
  }

  /** The most bytes waiting checks may hold. */
  public long budget() {
    return budget;
  }

  /** Queues the check; false (and nothing queued) when it would exceed the budget. */
  public synchronized boolean submit(Check check) {
    if (held + check.bytes() > budget) {
      return false;
    }
    held += check.bytes();
    waiting.add(check);
    if (worker == null) {
      worker = new Thread(this::work, "verify");
      worker.setDaemon(true);
      worker.start();
    }
    notifyAll();
    return true;
  }

  /** Checks queued or running. */
  public synchronized int pending() {
    return waiting.size() + (running ? 1 : 0);
  }

  /** Waits until no check is queued or running, or the time is up; true when none is. */
  public synchronized boolean awaitIdle(Duration most) throws InterruptedException {
    long end = System.nanoTime() + most.toNanos();
    while (pending() > 0) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /**
   * Whether checks of {@code key}'s jobs may run after them: a volunteer and compiler (see the
   * caller's key) earn it by passing one check before its job was delivered, so that a bad host is
   * still quarantined after its first job.
   */
  public synchronized boolean trusts(String key) {
    return trusted.contains(key);
  }

  /** {@code key} passed a check: its next checks may run after their jobs. */
  public synchronized void trust(String key) {
    trusted.add(key);
  }

  /** {@code key} failed a check: its next checks run before their jobs are delivered again. */
  public synchronized void distrust(String key) {
    trusted.remove(key);
  }

  /** Keeps a warning for the next job that uses {@code distccDir}. */
  public synchronized void warn(Path distccDir, String line) {
    warnings.computeIfAbsent(distccDir, d -> new ArrayList<>()).add(line);
  }

  /** The warnings kept for jobs of {@code distccDir}, which no other job will see again. */
  public synchronized List<String> takeWarnings(Path distccDir) {
    List<String> lines = warnings.remove(distccDir);
    return lines == null ? List.of() : lines;
  }

  private void awaitIdle() throws InterruptedException {
    synchronized (this) {
      atGate = true;
    }
    try {
      gate.awaitQuiet();
    } finally {
      synchronized (this) {
        atGate = false;
      }
    }
  }

  private void work() {
    while (true) {
      Check check;
      synchronized (this) {
        while (waiting.isEmpty()) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        check = waiting.poll();
        running = true;
      }
      try {
        while (true) {
          awaitIdle();
          if (check.tryRun()) {
            break;
          }
          Thread.sleep(pause.toMillis());
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        log.warning("not verified: " + check.describe() + ": " + e.getMessage());
      } finally {
        synchronized (this) {
          held -= check.bytes();
          running = false;
          notifyAll();
        }
      }
    }
  }
}
