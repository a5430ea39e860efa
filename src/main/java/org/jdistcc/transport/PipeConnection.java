package org.jdistcc.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * A volunteer reached through a child process's stdin and stdout: {@code ssh host distccd --inetd}
 * (the DISTCC_SSH way) or a local {@code distccd --inetd}. The child's stderr is kept (bounded) so
 * that an ssh failure can be reported in the user's words, not as a protocol error. A read or write
 * that waits longer than the I/O timeout ends the child and fails as a socket's would ({@link
 * StallWatch}).
 */
public final class PipeConnection extends StreamConnection {
  private final Process process;
  private final StallWatch watch;
  private final StderrTail stderr;
  private final Duration ioTimeout;

  private PipeConnection(Process process, String name, Duration ioTimeout) {
    this(process, name, ioTimeout, new StallWatch(process, ioTimeout));
  }

  private PipeConnection(Process process, String name, Duration ioTimeout, StallWatch watch) {
    super(
        new BufferedInputStream(watch.input(process.getInputStream()), 1 << 16),
        new BufferedOutputStream(watch.output(process.getOutputStream()), 1 << 16),
        name);
    this.process = process;
    this.watch = watch;
    this.ioTimeout = ioTimeout;
    this.stderr = new StderrTail(process.getErrorStream(), "volunteer-stderr");
  }

  /** Starts {@code command}; the environment replaces the child's inherited one when non-null. */
  public static PipeConnection start(
      List<String> command, Map<String, String> environment, String name, Duration ioTimeout)
      throws DistccException {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (environment != null) {
      builder.environment().clear();
      builder.environment().putAll(environment);
    }
    try {
      return new PipeConnection(builder.start(), name, ioTimeout);
    } catch (IOException e) {
      throw new DistccException(
          ExitCode.CONNECT_FAILED, "cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  /** What the child wrote on its error stream so far, trimmed, for error messages. */
  @Override
  public String errorText() {
    return stderr.text();
  }

  @Override
  public void abort() throws IOException {
    process.destroy();
    close();
  }

  @Override
  public void close() throws IOException {
    try {
      output().close();
    } catch (IOException ignored) {
      // the child may have exited already
    }
    try {
      if (!process.waitFor(Math.min(ioTimeout.toMillis(), 2000), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      watch.close();
      input().close();
    }
  }
}
