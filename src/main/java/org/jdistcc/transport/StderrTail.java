package org.jdistcc.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The first few kilobytes a volunteer's transport writes on its error stream (ssh's "Permission
 * denied", a shell's "command not found"), read by a daemon thread so the stream never fills, and
 * kept for the error message when the protocol fails.
 */
final class StderrTail {
  private static final int KEEP = 4096;

  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

  /** Starts draining {@code stream} until it ends. */
  StderrTail(InputStream stream, String threadName) {
    Thread drain = new Thread(() -> drain(stream), threadName);
    drain.setDaemon(true);
    drain.start();
  }

  private void drain(InputStream stream) {
    byte[] buf = new byte[1024];
    try (stream) {
      int n;
      while ((n = stream.read(buf)) > 0) {
        synchronized (kept) {
          if (kept.size() < KEEP) {
            kept.write(buf, 0, Math.min(n, KEEP - kept.size()));
          }
        }
      }
    } catch (IOException ignored) {
      // the other end went away; what it said so far is kept
    }
  }

  /** What was said so far, trimmed. */
  String text() {
    synchronized (kept) {
      return kept.toString(StandardCharsets.UTF_8).strip();
    }
  }
}
