package org.jdistcc.server;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * A client's side of a connection in a unit test: the request's bytes, then a connection that stays
 * open until {@link #close()}, as a real client waits for its answer. A plain ByteArrayInputStream
 * would end right after the request, which distccd takes for a client that went away. The thread
 * that made it (the one serving the request) still sees the end after the bytes, so a truncated
 * request ends as it would on a closed connection; other threads (the disconnect watch) block.
 */
final class HeldOpen extends InputStream {
  private final ByteArrayInputStream bytes;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread owner = Thread.currentThread();

  HeldOpen(byte[] request) {
    this.bytes = new ByteArrayInputStream(request);
  }

  @Override
  public int read() {
    int b = bytes.read();
    return b >= 0 ? b : waitForClose();
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    int n = bytes.read(buffer, offset, length);
    return n > 0 ? n : waitForClose();
  }

  private int waitForClose() {
    if (Thread.currentThread() == owner) {
      return -1;
    }
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return -1;
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
