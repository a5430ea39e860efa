package org.jdistcc.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A two-way byte channel to one volunteer for one job: a TCP socket, an SSH session or a child
 * process's pipes. What travels on it is the protocol package's business.
 */
public interface Connection extends AutoCloseable {
  InputStream input();

  OutputStream output();

  /** Says the request is complete: pushes it out, without ending the peer's input. */
  void finishSending() throws IOException;

  /** Who is at the other end, for log lines. */
  String describe();

  /** What the transport itself reported (an ssh error, say), for error messages; often empty. */
  default String errorText() {
    return "";
  }

  @Override
  void close() throws IOException;

  /**
   * Ends the connection because its job was cancelled (the caller went away): a child process is
   * asked to stop (SIGTERM, so a volunteer removes its job directory) before it is closed.
   */
  default void abort() throws IOException {
    close();
  }
}
