package org.jdistcc.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdistcc.Leftovers;

/**
 * The agent's side of one connection: replies as frames, each written with one call so that output
 * frames from the job's threads never interleave within a frame. Once the launcher has been told to
 * exec a compiler nothing more is written: the connection then belongs to that compiler, held open
 * only so the agent sees when it ends.
 */
final class Replies implements Leftovers.Witness {
  private final OutputStream out;
  private boolean closed;

  Replies(OutputStream out) {
    this.out = out;
  }

  synchronized void output(char stream, byte[] bytes, int offset, int length) throws IOException {
    // Large outputs in pieces, so neither side needs a buffer the size of a compiler's messages.
    for (int done = 0; done < length; ) {
      int n = Math.min(length - done, 1 << 16);
      send(stream, bytes, offset + done, n);
      done += n;
    }
  }

  synchronized void exit(int status) throws IOException {
    send('X', Integer.toString(status).getBytes(StandardCharsets.US_ASCII), 0, -1);
    closed = true;
  }

  synchronized void notHandled() throws IOException {
    send('N', new byte[0], 0, 0);
    closed = true;
  }

  /**
   * {@link #notHandled} unless the launcher was already told how the job ends (its status, a
   * compiler to run): it then runs the job in a JVM of its own, showing again any output relayed so
   * far. Returns whether it was sent.
   */
  synchronized boolean handBack() throws IOException {
    if (closed) {
      return false;
    }
    notHandled();
    return true;
  }

  /**
   * {@code F}: a file this job is about to create outside the agent's own directories (an object's
   * temporary twin), which the launcher removes should the agent end before the job does.
   */
  @Override
  public synchronized void claimed(Path path) throws IOException {
    send('F', path.toString().getBytes(StandardCharsets.UTF_8), 0, -1);
  }

  /** {@code f}: a claimed name that was taken by someone else, so the launcher must leave it. */
  @Override
  public synchronized void disowned(Path path) throws IOException {
    send('f', path.toString().getBytes(StandardCharsets.UTF_8), 0, -1);
  }

  /** Tells the launcher to exec {@code argv} (argv[0] the executable) with {@code environment}. */
  synchronized void exec(List<String> argv, Map<String, String> environment) throws IOException {
    java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
    for (String arg : argv) {
      Frames.write(frames, 'a', arg);
    }
    for (Map.Entry<String, String> entry : environment.entrySet()) {
      Frames.write(frames, 'e', entry.getKey() + "=" + entry.getValue());
    }
    Frames.write(frames, 'R', argv.get(0));
    if (!closed) {
      out.write(frames.toByteArray());
      out.flush();
    }
    closed = true;
  }

  private void send(char type, byte[] bytes, int offset, int length) throws IOException {
    if (closed) {
      return;
    }
    int n = length < 0 ? bytes.length : length;
    byte[] frame = new byte[5 + n];
    frame[0] = (byte) (n >>> 24);
    frame[1] = (byte) (n >>> 16);
    frame[2] = (byte) (n >>> 8);
    frame[3] = (byte) n;
    frame[4] = (byte) type;
    System.arraycopy(bytes, offset, frame, 5, n);
    out.write(frame);
    out.flush();
  }

  /**
   * A stream whose every write becomes one output frame: {@code '1'} or {@code '2'} for stdout or
   * stderr, {@code 'u'} for the descriptor the job's UNCACHED_ERR_FD names.
   */
  OutputStream stream(char which) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] buffer, int offset, int length) throws IOException {
        output(which, buffer, offset, length);
      }
    };
  }
}
