package org.jdistcc;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

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
    if (e instanceof FileSystemException file && file.getReason() == null) {
      // The JDK's own often carry only the path: say what went wrong after it.
      return file.getMessage() + ": " + kind(file);
    }
    if (e instanceof IOException) {
      return String.valueOf(e.getMessage());
    }
    StackTraceElement[] trace = e.getStackTrace();
    return "internal error: " + e + (trace.length == 0 ? "" : " at " + trace[0]);
  }

  private static String kind(FileSystemException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof NoSuchFileException) {
      return "no such file";
    } else if (e instanceof FileAlreadyExistsException) {
      return "it exists";
    } else if (e instanceof NotDirectoryException) {
      return "not a directory";
    } else if (e instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    return "failed";
  }

  /** Writes {@code program: message} to {@code err} and returns the exit status. */
  public static int report(String program, Exception e, PrintStream err) {
    err.println(program + ": " + message(e));
    return status(e);
  }
}
