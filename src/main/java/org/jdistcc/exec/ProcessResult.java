package org.jdistcc.exec;

import java.time.Duration;

/**
 * How a finished child process ended, as data.
 *
 * @param waitStatus Unix wait status: exit code shifted left 8, or the terminating signal
 * @param timedOut whether it was killed for running past its time limit
 * @param elapsed wall time from start to end
 */
public record ProcessResult(int waitStatus, boolean timedOut, Duration elapsed) {

  /** The exit code, or 128 + signal, as a shell would report it. */
  public int exitCode() {
    int signal = waitStatus & 0x7f;
    return signal != 0 ? 128 + signal : (waitStatus >> 8) & 0xff;
  }

  public boolean succeeded() {
    return waitStatus == 0 && !timedOut;
  }

  /**
   * The wait status for an exit value as Java reports it. The JDK reports death by signal N as
   * 128 + N; compilers exit with small codes, so values above 128 are read as signals.
   */
  static int waitStatusOf(int javaExitValue) {
    if (javaExitValue > 128 && javaExitValue < 128 + 65) {
      return javaExitValue - 128;
    }
    return (javaExitValue & 0xff) << 8;
  }
}
