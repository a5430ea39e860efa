package org.jdistcc.protocol;

/**
 * The volunteer's answer: the compiler's wait status, its messages and the object file,
 * uncompressed. An empty object with a failing status means "no object", as in distcc 2.8 and on.
 *
 * @param version protocol version the answer uses (the request's)
 * @param waitStatus the compiler's Unix wait status: exit code shifted left 8, or the signal
 * @param stderr what the compiler wrote to its error stream
 * @param stdout what the compiler wrote to its output stream
 * @param object the object file; empty when the compile failed, or when it was read into an {@link
 *     ObjectSink}
 */
public record CompileResponse(
    ProtocolVersion version, int waitStatus, byte[] stderr, byte[] stdout, byte[] object) {

  /** The wait status of a process that exited with {@code code}. */
  public static int exitStatus(int code) {
    return (code & 0xff) << 8;
  }

  /** Whether the compiler exited normally with status 0. */
  public boolean succeeded() {
    return waitStatus == 0;
  }

  /** The exit code, or 128 + signal when the compiler was killed, as a shell reports it. */
  public int shellExitCode() {
    int signal = waitStatus & 0x7f;
    return signal != 0 ? 128 + signal : (waitStatus >> 8) & 0xff;
  }
}
