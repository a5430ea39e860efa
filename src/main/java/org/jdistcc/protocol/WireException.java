package org.jdistcc.protocol;

import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/** The peer broke the distcc wire format; the message says what arrived instead. */
public class WireException extends DistccException {
  private static final long serialVersionUID = 1L;

  public WireException(String message) {
    super(ExitCode.PROTOCOL_ERROR, message);
  }
}
