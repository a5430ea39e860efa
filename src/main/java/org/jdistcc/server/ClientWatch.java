package org.jdistcc.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import org.jdistcc.exec.Cancel;

/**
 * Notices, while the compiler runs, that the client went away (it gave up after its I/O timeout,
 * was killed, or lost the connection), and then cancels the job, as distccd 3.4 does: the client
 * has sent its whole request and reads nothing until the answer, so end of stream or an error on
 * the connection can only mean it is gone. Nothing else reads the connection meanwhile.
 */
final class ClientWatch implements AutoCloseable {
  /** The client disconnected during the job; no answer is sent. */
  static final class Disconnected extends IOException {
    private static final long serialVersionUID = 1L;

    Disconnected(String message) {
      super(message);
    }
  }

  private final InputStream in;
  private final Cancel cancel;
  private volatile boolean closed;
  private volatile String gone;

  private ClientWatch(InputStream in, Cancel cancel) {
    this.in = in;
    this.cancel = cancel;
  }

  /** Starts watching {@code in}; {@code cancel} is cancelled when the client goes. */
  static ClientWatch start(InputStream in, Cancel cancel) {
    ClientWatch watch = new ClientWatch(in, cancel);
    Thread thread = new Thread(watch::watch, "client-watch");
    thread.setDaemon(true);
    thread.start();
    return watch;
  }

  private void watch() {
    while (!closed) {
      String why;
      try {
        int b = in.read();
        if (b >= 0) {
          continue; // more bytes than the request: not ours to judge here
        }
        why = "closed the connection";
      } catch (SocketTimeoutException e) {
        continue; // a quiet client is still there
      } catch (IOException e) {
        why = "connection failed: " + e.getMessage();
      }
      if (!closed) {
        gone = why;
        cancel.cancel();
      }
      return;
    }
  }

  /** Throws {@link Disconnected} when the client went away while the job ran. */
  void check() throws Disconnected {
    if (gone != null) {
      throw new Disconnected(gone);
    }
  }

  /** Stops acting on what the connection does; the reader thread ends with the connection. */
  @Override
  public void close() {
    closed = true;
  }
}
