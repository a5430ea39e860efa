package org.jdistcc.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.Log;
import org.jdistcc.exec.Cancel;
import org.jdistcc.exec.Command;
import org.jdistcc.exec.ProcessResult;
import org.jdistcc.exec.ProcessRunner;

/**
 * Runs the compiler of one accepted job, the same way for every protocol: under {@code --nice},
 * with the job's environment and {@code --job-lifetime}, in its own process group, and watching the
 * client while it runs, so that a client that goes away gets its compiler's whole group killed
 * ({@link ClientWatch.Disconnected}) instead of a compile nobody receives. What the command is and
 * what is answered stay with the protocol's handler.
 */
final class VolunteerCompiler {
  private VolunteerCompiler() {}

  /**
   * @param argv the volunteer's command, the compiler's executable first
   * @param client the connection's input, watched for the client's end while the compiler runs
   * @throws ClientWatch.Disconnected when the client went away
   */
  static ProcessResult run(
      DaemonConfig config,
      Log log,
      List<String> argv,
      Path cwd,
      Map<String, String> env,
      Path stdout,
      Path stderr,
      InputStream client)
      throws IOException {
    List<String> command = new ArrayList<>();
    config.nice().ifPresent(n -> command.addAll(List.of("nice", "-n", Integer.toString(n))));
    command.addAll(argv);
    log.debug("running " + String.join(" ", command) + " in " + cwd);
    Cancel cancel = new Cancel();
    try (ClientWatch watch = ClientWatch.start(client, cancel)) {
      ProcessResult result =
          ProcessRunner.run(
              new Command(
                  command,
                  cwd,
                  env,
                  Optional.of(stdout),
                  Optional.of(stderr),
                  config.jobLifetime().isZero()
                      ? Optional.empty()
                      : Optional.of(config.jobLifetime())),
              cancel);
      watch.check();
      return result;
    }
  }
}
