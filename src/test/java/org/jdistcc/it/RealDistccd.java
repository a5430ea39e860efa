package org.jdistcc.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * distcc 3.4's own daemon as a volunteer: {@code distccd --daemon --no-detach} listening on a
 * loopback port and accepting 127.0.0.1 only, its stdout and stderr in one file. The tests that
 * compare jdistcc with the reference start it here, so they all talk to the same daemon.
 */
final class RealDistccd {
  private RealDistccd() {}

  /**
   * Starts distccd 3.4 on {@code port} with {@code options} after the listening ones, writing its
   * stdout and stderr to {@code output}, and returns once it accepts connections. Stop it with
   * {@link Tools#stop(Process)}.
   */
  static Process daemon(int port, Path output, String... options)
      throws IOException, InterruptedException {
    return daemon(port, output, Map.of(), options);
  }

  /** As {@link #daemon(int, Path, String...)}, with {@code environment} added to the daemon's. */
  static Process daemon(int port, Path output, Map<String, String> environment, String... options)
      throws IOException, InterruptedException {
    List<String> argv =
        new ArrayList<>(
            List.of(
                Tools.require("distccd").toString(),
                "--daemon",
                "--no-detach",
                "--listen",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--allow",
                "127.0.0.1"));
    argv.addAll(List.of(options));
    ProcessBuilder builder =
        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().putAll(environment);
    Process daemon = builder.start();
    try {
      Tools.awaitPort(port, daemon, output);
    } catch (Throwable e) {
      // The caller never sees the process, so its teardown cannot stop it.
      Tools.stop(daemon);
      throw e;
    }
    return daemon;
  }
}
