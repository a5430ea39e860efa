package org.jdistcc.protocol;

import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * The peer broke the distcc wire format; the message says what arrived instead. A stream that ends
 * inside a packet is distcc's TRUNCATED (108), anything else its PROTOCOL_ERROR (109).
 */
public class WireException extends DistccException {
  private static final long serialVersionUID = 1L;

  public WireException(String message) {
    super(ExitCode.PROTOCOL_ERROR, message);
  }

  private WireException(ExitCode code, String message) {
    super(code, message);
  }

  /** The connection closed where more of a packet was due. */
  public static WireException truncated(String message) {
    return new WireException(ExitCode.TRUNCATED, message);
  }

  /** The same failure, its message prefixed with where it happened. */
  public WireException within(String where) {
    return new WireException(exitCode(), where + ": " + getMessage());
  }
}
