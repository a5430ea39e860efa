package org.jdistcc.exec;

/**
 * How a finished child process ended, as data.
 *
 * @param waitStatus Unix wait status: exit code shifted left 8, or the terminating signal
 * @param timedOut whether it was killed for running past its time limit
 */
public record ProcessResult(int waitStatus, boolean timedOut) {

  /**
   * The wait status for an exit value as Java reports it. The JDK reports death by signal N as 128
   * + N; compilers exit with small codes, so values above 128 are read as signals.
   */
  static int waitStatusOf(int javaExitValue) {
    if (javaExitValue > 128 && javaExitValue < 128 + 65) {
      return javaExitValue - 128;
    }
    return (javaExitValue & 0xff) << 8;
  }
}
