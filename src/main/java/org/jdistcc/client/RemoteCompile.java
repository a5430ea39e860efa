package org.jdistcc.client;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.protocol.CompileRequest;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.protocol.ObjectSink;
import org.jdistcc.protocol.RequestCodec;
import org.jdistcc.protocol.ResponseCodec;
import org.jdistcc.protocol.WireLimits;
import org.jdistcc.state.Phase;
import org.jdistcc.transport.Connection;

/**
 * One request and its response over an open connection; no decisions, no retries. Every failure is
 * a DistccException (TIMEOUT, IO_ERROR or PROTOCOL_ERROR) that names the volunteer and, where the
 * transport said something (an ssh error), what it said.
 */
final class RemoteCompile {
  private RemoteCompile() {}

  /** The answer, and how many bytes went each way on the wire (after compression). */
  record Exchange(CompileResponse response, long sent, long received) {}

  /** The exchange, with a successful answer's object read into {@code sink} when it opens one. */
  static Exchange exchange(
      Connection connection, CompileRequest request, JobTracker tracker, ObjectSink sink)
      throws DistccException {
    try {
      tracker.phase(Phase.SEND);
      CountingOutputStream out = new CountingOutputStream(connection.output());
      RequestCodec.write(request, out);
      connection.finishSending();
      tracker.phase(Phase.COMPILE);
      CountingInputStream in = new CountingInputStream(connection.input(), tracker);
      CompileResponse response =
          ResponseCodec.read(in, request.version(), WireLimits.DEFAULT, sink);
      return new Exchange(response, out.count, in.count);
    } catch (IOException e) { // a DistccException from the codec too
      throw failure(connection, e);
    }
  }

  /**
   * What a failed exchange with {@code connection} means for the job: the codec's own error, a
   * timeout, or a broken connection, each naming the volunteer and what its transport said.
   */
  static DistccException failure(Connection connection, IOException e) {
    if (e instanceof DistccException d) {
      return new DistccException(d.exitCode(), withTransportText(d.getMessage(), connection), d);
    }
    if (e instanceof SocketTimeoutException) {
      return new DistccException(
          ExitCode.TIMEOUT,
          "no answer from " + connection.describe() + " within DISTCC_IO_TIMEOUT",
          e);
    }
    return new DistccException(
        ExitCode.IO_ERROR,
        withTransportText(
            "connection to " + connection.describe() + " failed: " + e.getMessage(), connection),
        e);
  }

  static final class CountingOutputStream extends FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** Counts what arrives and tells the tracker when the first byte of the answer came. */
  static final class CountingInputStream extends FilterInputStream {
    private final JobTracker tracker;
    long count;

    CountingInputStream(InputStream in, JobTracker tracker) {
      super(in);
      this.tracker = tracker;
    }

    private void counted(int n) {
      if (n > 0) {
        if (count == 0) {
          tracker.phase(Phase.RECEIVE);
        }
        count += n;
      }
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      counted(b >= 0 ? 1 : 0);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      counted(n);
      return n;
    }
  }

  static String withTransportText(String message, Connection connection) {
    String said = connection.errorText();
    return said.isEmpty() ? message : message + " (" + said.replace('\n', ' ') + ")";
  }
}
