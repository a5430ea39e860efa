package org.jdistcc.server;

import java.time.Duration;
import org.jdistcc.ExitCode;
import org.jdistcc.Log;

/**
 * Ends the daemon when one I/O phase takes longer than the I/O timeout: a client that connects and
 * never sends, or never reads, must not hold a process forever. Halting is right here because a
 * per-connection daemon has nothing else to finish; the job directory is removed by the shutdown of
 * the try-with-resources only on a normal path, so the halt happens only while no job runs.
 */
final class Watchdog {
  private final Duration timeout;
  private final Log log;
  private String phase;
  private long deadline;
  private Thread thread;

  Watchdog(Duration timeout, Log log) {
    this.timeout = timeout;
    this.log = log;
  }

  synchronized void arm(String what) {
    if (timeout.isZero()) {
      return;
    }
    phase = what;
    deadline = System.nanoTime() + timeout.toNanos();
    if (thread == null) {
      thread = new Thread(this::watch, "io-watchdog");
      thread.setDaemon(true);
      thread.start();
    }
    notifyAll();
  }

  synchronized void disarm() {
    phase = null;
    notifyAll();
  }

  /** Whether a phase is being watched. */
  synchronized boolean armed() {
    return phase != null;
  }

  private synchronized void watch() {
    try {
      while (true) {
        if (phase == null) {
          wait();
          continue;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.error("I/O timeout of " + timeout.toSeconds() + " s while " + phase + "; giving up");
          Runtime.getRuntime().halt(ExitCode.TIMEOUT.code());
        }
        wait(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
