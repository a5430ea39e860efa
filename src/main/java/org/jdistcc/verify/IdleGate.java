package org.jdistcc.verify;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When deferred checks may use this machine: only while the client is idle, that is no job of the
 * agent has been in flight for a quiet period. The agent says when each job starts and ends; a
 * check waits here before it starts, and a running one is stopped while the gate is not quiet, so
 * that even at nice 19 it takes no processor time from the build's own compilers.
 *
 * <p>A free local slot is not enough: on a machine whose volunteers share its cores (or that runs
 * the build's other programs), the checks then compete with the build between two jobs.
 */
public final class IdleGate {
  private final long quietNanos;
  private final LongSupplier nanoTime;
  private int inFlight;
  private long lastEnd;

  /**
   * @param quiet how long after the last job ended the client counts as idle
   * @param nanoTime the clock, {@code System::nanoTime} but in tests
   */
  public IdleGate(Duration quiet, LongSupplier nanoTime) {
    this.quietNanos = quiet.toNanos();
    this.nanoTime = nanoTime;
    this.lastEnd = nanoTime.getAsLong() - quietNanos;
  }

  /** A job of the agent started. */
  public synchronized void jobStarted() {
    inFlight++;
    notifyAll();
  }

  /** A job of the agent ended. */
  public synchronized void jobEnded() {
    inFlight = Math.max(0, inFlight - 1);
    lastEnd = nanoTime.getAsLong();
    notifyAll();
  }

  /** True when no job is in flight and none ended within the quiet period. */
  public synchronized boolean quiet() {
    return inFlight == 0 && nanoTime.getAsLong() - lastEnd >= quietNanos;
  }

  /** Waits until {@link #quiet}. */
  public synchronized void awaitQuiet() throws InterruptedException {
    while (!quiet()) {
      if (inFlight > 0) {
        wait();
      } else {
        long left = quietNanos - (nanoTime.getAsLong() - lastEnd);
        wait(Math.max(1, Math.min(left / 1_000_000, 1000)));
      }
    }
  }
}
