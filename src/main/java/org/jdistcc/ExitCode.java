package org.jdistcc;

/**
 * The exit codes of distcc 3.4's client and daemon, so that scripts written for distcc read ours
 * the same way. A compiler's own exit status is passed through unchanged and is not one of these.
 */
public enum ExitCode {
  /** General failure. */
  DISTCC_FAILED(100),
  BAD_ARGUMENTS(101),
  BIND_FAILED(102),
  CONNECT_FAILED(103),
  COMPILER_CRASHED(104),
  OUT_OF_MEMORY(105),
  BAD_HOSTSPEC(106),
  IO_ERROR(107),
  TRUNCATED(108),
  PROTOCOL_ERROR(109),
  /** The compiler executable was not found. */
  COMPILER_MISSING(110),
  /** distcc called itself. */
  RECURSION(111),
  SETUID_FAILED(112),
  /** The peer's address is not allowed. */
  ACCESS_DENIED(113),
  /** In use by another process. */
  BUSY(114),
  NO_SUCH_FILE(115),
  NO_HOSTS(116),
  GONE(117),
  TIMEOUT(118),
  LOCAL_CPP(120);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }
}
