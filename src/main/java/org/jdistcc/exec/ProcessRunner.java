package org.jdistcc.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.PumpStreamHandler;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * Runs a {@link Command} to completion and reports how it ended. The only user of commons-exec;
 * decisions about what to run belong to the callers.
 */
public final class ProcessRunner {
  private ProcessRunner() {}

  /**
   * Runs the command, waiting for it to end or time out. A program that cannot be started is a
   * DistccException with COMPILER_MISSING; a program that fails is a result, not an exception.
   */
  public static ProcessResult run(Command command) throws IOException {
    return run(command, null);
  }

  /**
   * Runs the command as {@link #run(Command)} does; with {@code cancel}, in a process group of its
   * own that {@link Cancel#cancel()} or the timeout kills whole.
   */
  public static ProcessResult run(Command command, Cancel cancel) throws IOException {
    List<String> argv = command.argv();
    if (cancel != null && Cancel.SETSID != null) {
      argv = new ArrayList<>(argv);
      argv.add(0, Cancel.SETSID.toString());
    }
    CommandLine line = new CommandLine(argv.get(0));
    for (String arg : argv.subList(1, argv.size())) {
      line.addArgument(arg, false); // no quoting games: the argument reaches the program as is
    }
    ExecuteWatchdog watchdog =
        ExecuteWatchdog.builder()
            .setTimeout(command.timeout().orElse(ExecuteWatchdog.INFINITE_TIMEOUT_DURATION))
            .get();
    List<OutputStream> opened = new ArrayList<>(2);
    try {
      OutputStream out = open(command.stdout().orElse(null), opened);
      OutputStream err = open(command.stderr().orElse(null), opened);
      DefaultExecutor executor =
          DefaultExecutor.builder().setWorkingDirectory(command.directory().toFile()).get();
      executor.setStreamHandler(new PumpStreamHandler(out, err, null));
      executor.setWatchdog(watchdog);
      executor.setExitValues(null); // every exit value is a result
      if (cancel != null) {
        executor.setProcessDestroyer(new GroupKeeper(cancel));
      }
      int exit;
      try {
        exit = executor.execute(line, command.environment());
      } catch (ExecuteException e) {
        exit = e.getExitValue();
      } catch (IOException e) {
        throw new DistccException(
            ExitCode.COMPILER_MISSING,
            "cannot run " + command.argv().get(0) + ": " + e.getMessage(),
            e);
      }
      if (cancel != null && watchdog.killedProcess()) {
        cancel.killRest(); // the watchdog killed the leader only
      }
      return new ProcessResult(ProcessResult.waitStatusOf(exit), watchdog.killedProcess());
    } finally {
      for (OutputStream stream : opened) {
        stream.close();
      }
    }
  }

  /** Hands the started process to its Cancel: commons-exec's one hook that sees the Process. */
  private static final class GroupKeeper implements ProcessDestroyer {
    private final Cancel cancel;
    private int size;

    GroupKeeper(Cancel cancel) {
      this.cancel = cancel;
    }

    @Override
    public boolean add(Process process) {
      cancel.started(process);
      size++;
      return true;
    }

    @Override
    public boolean remove(Process process) {
      cancel.ended();
      size--;
      return true;
    }

    @Override
    public int size() {
      return size;
    }
  }

  private static OutputStream open(java.nio.file.Path file, List<OutputStream> opened)
      throws IOException {
    if (file == null) {
      return OutputStream.nullOutputStream();
    }
    OutputStream stream = Files.newOutputStream(file);
    opened.add(stream);
    return stream;
  }
}
