package org.jdistcc;

import java.io.IOException;

/**
 * The one checked failure of jdistcc: a message for the user plus the distcc exit code it maps to.
 * {@code main} turns it into the process exit status; nothing below {@code main} exits.
 */
public class DistccException extends IOException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public DistccException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public DistccException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
