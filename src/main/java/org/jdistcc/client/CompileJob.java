package org.jdistcc.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdistcc.DistccException;
import org.jdistcc.Log;
import org.jdistcc.Settings;
import org.jdistcc.TempDir;
import org.jdistcc.args.ArgScanner;
import org.jdistcc.args.DependencyArgs;
import org.jdistcc.args.LocalArgs;
import org.jdistcc.args.ScanResult;
import org.jdistcc.args.Sources;
import org.jdistcc.exec.DirectRunner;
import org.jdistcc.hosts.HostList;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.hosts.Slot;
import org.jdistcc.protocol.CompileRequest;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.transport.Connection;

/**
 * One compile command from start to exit status: decide where it runs, preprocess locally, send
 * it to a volunteer, put the results in place, and fall back to a local compile when distribution
 * fails. Choosing the host slot is {@link Volunteers}' and the hosts package's business.
 *
 * <p>Fallback rules (distcc 3.4, and where they differ): a failure before the volunteer ran the
 * compiler (connect, protocol, timeout) backs the host off and compiles locally, unless
 * DISTCC_FALLBACK=0. A compile that fails on the volunteer is retried locally unless
 * DISTCC_SKIP_LOCAL_RETRY is set, and the user sees only the local compiler's messages. Unlike
 * distcc 3.4, a compile error alone does not back the host off: the same error locally proves the
 * host innocent.
 */
final class CompileJob {
  private final Settings settings;
  private final Log log;
  private final Volunteers volunteers;
  private final PrintStream stdout;
  private final PrintStream stderr;

  CompileJob(Settings settings, Log log, Volunteers volunteers, PrintStream stdout, PrintStream stderr) {
    this.settings = settings;
    this.log = log;
    this.volunteers = volunteers;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Runs the compile and returns the process exit status. */
  int run(Invocation.Compile invocation) throws IOException {
    List<String> argv = invocation.argv();
    CompilerLocator.Located compiler =
        CompilerLocator.locate(argv.get(0), settings.path(), invocation.masqueradeDir());
    Map<String, String> env = new HashMap<>(settings.environment());
    env.put("PATH", compiler.path());
    List<String> local = withExecutable(argv, compiler.executable());

    ScanResult scan = ArgScanner.scan(argv);
    if (scan instanceof ScanResult.RunLocally why) {
      log.info("running locally: " + why.reason());
      return DirectRunner.runInherited(local, env);
    }
    ScanResult.Distribute job = (ScanResult.Distribute) scan;
    HostList hosts;
    try {
      hosts = volunteers.hosts();
    } catch (DistccException e) {
      return fallback(local, env, job, e, null);
    }
    try (Slot slot = volunteers.pick(hosts)) {
      if (slot.host() instanceof HostSpec.Local) {
        log.info("compiling " + job.input() + " on localhost");
        return DirectRunner.runInherited(local, env);
      }
      return distribute(local, env, job, slot.host());
    }
  }

  private int distribute(List<String> local, Map<String, String> env, ScanResult.Distribute job, HostSpec host)
      throws IOException {
    try (TempDir temp = TempDir.create(settings.tmpDir(), "distcc-")) {
      Path cppOut = temp.resolve(cppName(job.input()));
      Path cppErr = temp.resolve("cpp.err");
      List<String> cpp = DependencyArgs.preprocessCommand(local, job, cppOut.toString());
      log.debug("preprocessing: " + String.join(" ", cpp));
      long t0 = System.nanoTime();
      Process preprocessor = DirectRunner.startToFiles(cpp, env, Path.of("/dev/null"), cppErr);
      CompileResponse response;
      int cppStatus;
      try (Connection connection = volunteers.connect(host)) {
        cppStatus = DirectRunner.waitFor(preprocessor);
        if (cppStatus != 0) {
          // A preprocessing error is the user's error: show it once, as a local build would.
          stderr.write(Files.readAllBytes(cppErr));
          return cppStatus;
        }
        CompileRequest request =
            new CompileRequest(
                Volunteers.protocolOf(host), remoteArgv(job), Files.readAllBytes(cppOut));
        log.debug("sending " + request.source().length + " bytes to " + connection.describe());
        response = RemoteCompile.exchange(connection, request);
      } catch (DistccException e) {
        preprocessor.destroy();
        volunteers.backOff(host);
        return fallback(local, env, job, e, host);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (response.succeeded()) {
        stderr.write(Files.readAllBytes(cppErr));
        stderr.write(response.stderr());
        stdout.write(response.stdout());
        ObjectFile.writeAtomically(Path.of(job.output()), response.object());
        log.info(job.input() + " compiled on " + host + " in " + ms + " ms");
        return 0;
      }
      if (settings.skipLocalRetry()) {
        stderr.write(Files.readAllBytes(cppErr));
        stderr.write(response.stderr());
        stdout.write(response.stdout());
        return response.shellExitCode();
      }
      log.warning("remote compilation of " + job.input() + " on " + host + " failed, retrying locally");
      return DirectRunner.runInherited(local, env);
    } finally {
      stderr.flush();
      stdout.flush();
    }
  }

  private int fallback(
      List<String> local, Map<String, String> env, ScanResult.Distribute job, DistccException why, HostSpec host)
      throws IOException {
    String where = host == null ? "" : " to " + host;
    if (!settings.fallback()) {
      log.error("failed to distribute " + job.input() + where + " and fallbacks are disabled: " + why.getMessage());
      throw why;
    }
    log.warning("failed to distribute " + job.input() + where + ": " + why.getMessage() + "; running locally instead");
    return DirectRunner.runInherited(local, env);
  }

  /** The command for the volunteer: preprocessor-only options removed, compiler name as given. */
  private static List<String> remoteArgv(ScanResult.Distribute job) {
    return LocalArgs.strip(job.argv());
  }

  private static String cppName(String input) {
    String base = Path.of(input).getFileName().toString();
    int dot = base.lastIndexOf('.');
    String stem = dot > 0 ? base.substring(0, dot) : base;
    return stem + Sources.preprocessedExtension(input);
  }

  private static List<String> withExecutable(List<String> argv, Path executable) {
    List<String> local = new ArrayList<>(argv);
    local.set(0, executable.toString());
    return local;
  }
}
