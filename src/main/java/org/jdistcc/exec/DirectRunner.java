package org.jdistcc.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * Starts the client's own compiler and preprocessor runs with the JDK's ProcessBuilder: a local
 * compile inherits the terminal (so the compiler still sees a tty and colours its messages), and
 * the client's start path stays free of commons-exec. The daemon uses {@link ProcessRunner}.
 *
 * <p>Every child starts in the job's working directory. The JDK cannot set a child's umask, so when
 * a job's umask differs from this process's (a job the agent runs for a launcher), the child is
 * started through {@code /bin/sh -c 'umask NNN && exec "$@"'}, which costs a shell start (about a
 * millisecond) only in that case.
 */
public final class DirectRunner {
  private DirectRunner() {}

  /** Runs the command with this process's stdin, stdout and stderr; returns the shell exit code. */
  public static int runInherited(
      List<String> argv, Map<String, String> environment, Path cwd, Optional<Integer> umask)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(withUmask(argv, umask)).inheritIO().directory(cwd.toFile());
    replaceEnvironment(builder, environment);
    return waitFor(start(builder, argv));
  }

  /**
   * Starts the command with stdout into {@code stdout} and stderr into {@code stderr}, without
   * waiting: the caller overlaps it with other work (connecting to a volunteer).
   */
  public static Process startToFiles(
      List<String> argv,
      Map<String, String> environment,
      Path cwd,
      Optional<Integer> umask,
      Path stdout,
      Path stderr)
      throws IOException {
    return start(
        outputTo(argv, environment, cwd, umask, stdout).redirectError(stderr.toFile()), argv);
  }

  /**
   * Starts the command with stdout into {@code stdout} and stderr into a pipe, without waiting: the
   * caller reads {@link Process#getErrorStream()} to its end before waiting, which spares a file
   * created and removed per run (the preprocessor's messages are small, and a full pipe only holds
   * the child back until the caller reads).
   */
  public static Process startErrToPipe(
      List<String> argv,
      Map<String, String> environment,
      Path cwd,
      Optional<Integer> umask,
      Path stdout)
      throws IOException {
    return start(outputTo(argv, environment, cwd, umask, stdout), argv);
  }

  /** A child in {@code cwd} reading /dev/null and writing its stdout into {@code stdout}. */
  private static ProcessBuilder outputTo(
      List<String> argv,
      Map<String, String> environment,
      Path cwd,
      Optional<Integer> umask,
      Path stdout) {
    ProcessBuilder builder =
        new ProcessBuilder(withUmask(argv, umask))
            .directory(cwd.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(stdout.toFile());
    replaceEnvironment(builder, environment);
    return builder;
  }

  /**
   * The first line a short command prints on stdout when it succeeds, or empty when it cannot be
   * run or fails (its stderr is discarded). For questions such as {@code gcc -dumpmachine}.
   */
  public static java.util.Optional<String> firstLine(
      List<String> argv, Map<String, String> environment) {
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    replaceEnvironment(builder, environment);
    try {
      Process process = builder.start();
      byte[] out = process.getInputStream().readAllBytes();
      if (waitFor(process) != 0) {
        return java.util.Optional.empty();
      }
      String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      return java.util.Optional.of((end < 0 ? text : text.substring(0, end)).trim());
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * What a short command writes to stderr when it succeeds (its stdout is discarded), or empty when
   * it cannot be run or fails. For questions such as {@code gcc -x c -v -E /dev/null}.
   */
  public static java.util.Optional<String> errorText(
      List<String> argv, Map<String, String> environment, Path cwd) {
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(cwd.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    replaceEnvironment(builder, environment);
    try {
      Process process = builder.start();
      byte[] err = process.getErrorStream().readAllBytes();
      if (waitFor(process) != 0) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new String(err, java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** The command, run under {@code umask} when one is given. */
  static List<String> withUmask(List<String> argv, Optional<Integer> umask) {
    if (umask.isEmpty()) {
      return argv;
    }
    List<String> wrapped = new ArrayList<>(argv.size() + 4);
    wrapped.add("/bin/sh");
    wrapped.add("-c");
    wrapped.add("umask " + Integer.toOctalString(umask.get() & 0777) + " && exec \"$@\"");
    wrapped.add("sh");
    wrapped.addAll(argv);
    return wrapped;
  }

  /** Waits for a process and returns its exit code as a shell reports it. */
  public static int waitFor(Process process) throws IOException {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      destroyTree(process);
      Thread.currentThread().interrupt();
      throw new DistccException(
          ExitCode.DISTCC_FAILED, "interrupted while waiting for the compiler");
    }
  }

  /**
   * Kills a process and everything it started: gcc's driver leaves cc1 running when only the driver
   * is killed. Descendants first, so none is re-parented out of reach.
   */
  public static void destroyTree(Process process) {
    for (ProcessHandle descendant : process.descendants().toList()) {
      descendant.destroyForcibly();
    }
    process.destroyForcibly();
  }

  private static Process start(ProcessBuilder builder, List<String> argv) throws DistccException {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new DistccException(
          ExitCode.COMPILER_MISSING, "cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    }
  }

  private static void replaceEnvironment(ProcessBuilder builder, Map<String, String> environment) {
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(environment);
  }
}
