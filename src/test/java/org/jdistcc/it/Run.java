package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion in a directory with a clean distcc environment (no DISTCC_*
 * inherited from the developer's shell) plus the given variables; captures both streams.
 */
record Run(int exit, String stdout, String stderr) {
  static Run of(Path dir, Map<String, String> extraEnv, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    // DISTCC_AGENT stays: DISTCC_AGENT=0 mvn verify runs the whole suite with the in-process
    // client.
    env.keySet()
        .removeIf(
            k ->
                (k.startsWith("DISTCC_") && !k.equals("DISTCC_AGENT"))
                    || k.equals("CCACHE_PREFIX"));
    env.putAll(extraEnv);
    // An agent started by a test goes away soon after the tests instead of after ten minutes.
    env.putIfAbsent("DISTCC_AGENT_IDLE", "60");
    Path out = Files.createTempFile(dir, ".out", "");
    Path err = Files.createTempFile(dir, ".err", "");
    builder
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("timed out: " + command + "\n" + Files.readString(err));
    }
    Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return run;
  }

  static Run of(Path dir, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    return of(dir, env, List.of(command));
  }

  /** The same command with no extra environment. */
  static Run local(Path dir, String... command) throws IOException, InterruptedException {
    return of(dir, new HashMap<>(), List.of(command));
  }

  @Override
  public String toString() {
    return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
  }
}
