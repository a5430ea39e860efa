package org.jdistcc;

import java.io.IOException;
import java.io.PrintStream;

/**
 * How every {@code main} (distcc, distccd, distccmon-text, the agent) turns an exception that
 * reached it into a one-line message and an exit status: a {@link DistccException} gives its own
 * {@link ExitCode}, any other IOException {@link ExitCode#IO_ERROR}, and anything else is a bug,
 * {@link ExitCode#DISTCC_FAILED}, said in one line with where it happened instead of a stack trace
 * among the compiler's messages. What to log besides is each main's own business.
 */
public final class MainExit {
  private MainExit() {}

  /** The exit status for {@code e}. */
  public static int status(Exception e) {
    if (e instanceof DistccException distcc) {
      return distcc.exitCode().code();
    }
    return (e instanceof IOException ? ExitCode.IO_ERROR : ExitCode.DISTCC_FAILED).code();
  }

  /** What to tell the user about {@code e}, without the program's name. */
  public static String message(Throwable e) {
    if (e instanceof IOException) {
      return String.valueOf(e.getMessage());
    }
    StackTraceElement[] trace = e.getStackTrace();
    return "internal error: " + e + (trace.length == 0 ? "" : " at " + trace[0]);
  }

  /** Writes {@code program: message} to {@code err} and returns the exit status. */
  public static int report(String program, Exception e, PrintStream err) {
    err.println(program + ": " + message(e));
    return status(e);
  }
}
