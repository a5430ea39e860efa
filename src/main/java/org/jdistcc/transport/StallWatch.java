package org.jdistcc.transport;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.jdistcc.exec.DirectRunner;

/**
 * The I/O timeout a socket has, for a child process's pipes, which have none: when one read from
 * the child or one write to it waits longer than the timeout, a watcher thread ends the child and
 * its descendants (its pipes then close) and the read or write fails with {@link
 * SocketTimeoutException}, as a TCP volunteer's would. Without it an ssh volunteer that stops
 * answering, or stops reading, held the job, and the build, for ever. A zero timeout waits for
 * ever, as on a socket. The watcher starts with the first wait and ends with {@link #close()}.
 */
final class StallWatch implements AutoCloseable {
  private final Process process;
  private final long timeoutNanos;
  private final Object lock = new Object();
  private long waitingSince; // System.nanoTime() when the current read or write began; 0 if none
  private boolean fired;
  private boolean closed;
  private Thread watcher;

  StallWatch(Process process, Duration timeout) {
    this.process = process;
    this.timeoutNanos = timeout.toNanos();
  }

  /** The child's output, each read bounded by the timeout. */
  InputStream input(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        return timed(in::read);
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return timed(() -> in.read(b, off, len));
      }
    };
  }

  /** The child's input, each write bounded by the timeout. */
  OutputStream output(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        timed(
            () -> {
              out.write(b, off, len);
              return len;
            });
      }

      @Override
      public void flush() throws IOException {
        timed(
            () -> {
              out.flush();
              return 0;
            });
      }
    };
  }

  /** One read, write or flush on the child's pipes; a read's result is its count. */
  private interface Io {
    int run() throws IOException;
  }

  /**
   * Runs {@code io} under the watch: a read or write the watcher cut short by ending the child
   * fails as a timeout, whatever the pipe returned or threw after the child was gone.
   */
  private int timed(Io io) throws IOException {
    begin();
    try {
      int n = io.run();
      if (fired()) {
        throw timedOut();
      }
      return n;
    } catch (IOException e) {
      throw fired() ? timedOut() : e;
    } finally {
      end();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }

  private void begin() {
    if (timeoutNanos <= 0) {
      return;
    }
    synchronized (lock) {
      waitingSince = Math.max(1, System.nanoTime());
      if (watcher == null && !closed) {
        watcher = new Thread(this::watch, "volunteer-stall");
        watcher.setDaemon(true);
        watcher.start();
      }
      lock.notifyAll();
    }
  }

  private void end() {
    synchronized (lock) {
      waitingSince = 0;
    }
  }

  private boolean fired() {
    synchronized (lock) {
      return fired;
    }
  }

  private SocketTimeoutException timedOut() {
    return new SocketTimeoutException(
        "volunteer stalled for " + Duration.ofNanos(timeoutNanos).toSeconds() + " s; ended it");
  }

  private void watch() {
    synchronized (lock) {
      try {
        while (!closed) {
          if (waitingSince == 0) {
            lock.wait();
            continue;
          }
          long left = waitingSince + timeoutNanos - System.nanoTime();
          if (left <= 0) {
            fired = true;
            DirectRunner.destroyTree(process);
            return;
          }
          lock.wait(left / 1_000_000 + 1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
