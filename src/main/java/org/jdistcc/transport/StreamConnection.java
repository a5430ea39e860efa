package org.jdistcc.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What every transport shares: the two streams of the job and a description for log lines. A
 * request ends with a flush, never with end of file: distccd 3.4 watches its input while compiling
 * and kills the job when it reads end of file there, taking it for a client that went away.
 */
abstract class StreamConnection implements Connection {
  private final InputStream in;
  private final OutputStream out;
  private final String description;

  StreamConnection(InputStream in, OutputStream out, String description) {
    this.in = in;
    this.out = out;
    this.description = description;
  }

  @Override
  public final InputStream input() {
    return in;
  }

  @Override
  public final OutputStream output() {
    return out;
  }

  @Override
  public final void finishSending() throws IOException {
    out.flush();
  }

  @Override
  public final String describe() {
    return description;
  }
}
