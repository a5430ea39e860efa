package org.jdistcc.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;
import org.jdistcc.Settings;
import org.jdistcc.TempDir;
import org.jdistcc.args.ArgScanner;
import org.jdistcc.args.LocalArgs;
import org.jdistcc.args.Preprocessing;
import org.jdistcc.args.ScanResult;
import org.jdistcc.cpp.ModeChoice;
import org.jdistcc.cpp.ModeRules;
import org.jdistcc.args.Sources;
import org.jdistcc.exec.DirectRunner;
import org.jdistcc.hosts.HostList;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.hosts.Slot;
import org.jdistcc.protocol.CompileRequest;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.state.Phase;
import org.jdistcc.state.StateDir;
import org.jdistcc.transport.Connection;

/**
 * One compile command from start to exit status: decide where it runs, preprocess locally, send
 * it to a volunteer, put the results in place, and fall back to a local compile when distribution
 * fails. Choosing the host slot is {@link Volunteers}' and the hosts package's business.
 *
 * <p>Fallback rules (distcc 3.4, and where they differ): a failure before the volunteer ran the
 * compiler (connect, protocol, timeout) backs the host off and compiles locally, unless
 * DISTCC_FALLBACK=0. A compile that fails on the volunteer is retried locally unless
 * DISTCC_SKIP_LOCAL_RETRY is set or DISTCC_FALLBACK=0 ({@link #retriesLocally}), and the user sees
 * only the local compiler's messages. Unlike
 * distcc 3.4, a compile error alone does not back the host off: the same error locally proves the
 * host innocent.
 *
 * <p>Slots: the remote slot is held from before preprocessing until the answer is in; the
 * preprocessor also holds a local cpp slot ({@code --localslots_cpp}); a local compile after a
 * failure gives the remote slot back first and takes a local one ({@code --localslots}).
 */
final class CompileJob {
  private final JobContext context;
  private final Settings settings;
  private final Log log;
  private final Volunteers volunteers;
  private final PrintStream stdout;
  private final PrintStream stderr;
  private final Leftovers leftovers;

  CompileJob(JobContext context, Log log, Volunteers volunteers) {
    this.context = context;
    this.settings = context.settings();
    this.log = log;
    this.volunteers = volunteers;
    this.stdout = context.out();
    this.stderr = context.err();
    this.leftovers = context.leftovers();
  }

  /** How a distribution attempt ended. */
  private sealed interface Outcome {}

  /** Finished, remotely or because preprocessing failed: this is the exit status. */
  private record Done(int exit) implements Outcome {}

  /** Distribution failed before the volunteer compiled; compile here instead. */
  private record Failed(DistccException why, HostSpec host) implements Outcome {}

  /** Preprocessing failed in every mode tried; compile here to get the one-step messages. */
  private record PreprocessFailed(String why) implements Outcome {}

  /** The volunteer's compiler failed; compile here to get the messages and status first hand. */
  private record RetryLocally(HostSpec host) implements Outcome {}

  /** Runs the compile and returns the process exit status. */
  int run(Invocation.Compile invocation) throws IOException {
    List<String> argv = invocation.argv();
    ScanResult scan = ArgScanner.scan(argv);
    String file = scan instanceof ScanResult.Distribute d ? d.input() : firstSource(argv);
    try (JobTracker tracker = new JobTracker(new StateDir(settings.distccDir().resolve("state")),
        settings.trace(), context.pid(), file, context.clock(), log)) {
      try {
        int exit = run(argv, scan, invocation, tracker);
        tracker.exit(exit);
        return exit;
      } catch (DistccException e) {
        tracker.exit(e.exitCode().code());
        throw e;
      }
    }
  }

  private int run(List<String> argv, ScanResult scan, Invocation.Compile invocation, JobTracker tracker)
      throws IOException {
    CompilerLocator.Located compiler =
        CompilerLocator.locate(argv.get(0), settings.path(), invocation.masqueradeDir(), settings.cwd());
    Map<String, String> env = new HashMap<>(settings.environment());
    env.put("PATH", compiler.path());
    List<String> local = withExecutable(argv, compiler.executable());

    if (scan instanceof ScanResult.RunLocally why) {
      log.info("running locally: " + why.reason());
      tracker.local("not distributable: " + why.reason());
      tracker.phase(Phase.LOCAL);
      return context.local().run(local, env);
    }
    ScanResult.Distribute job = (ScanResult.Distribute) scan;
    Path outputDir = settings.resolve(job.output()).getParent();
    if (outputDir != null && !Files.isDirectory(outputDir)) {
      // The local compiler says it in its own words and exit status, as without distcc (distcc
      // 3.4 creates the directory instead).
      log.info("running locally: the output directory " + outputDir + " does not exist");
      tracker.local("no output directory");
      tracker.phase(Phase.LOCAL);
      return context.local().run(local, env);
    }
    Outcome outcome;
    HostList hosts = null;
    try {
      hosts = volunteers.hosts();
      tracker.phase(Phase.BLOCKED);
      try (Slot slot = volunteers.pick(hosts)) {
        if (slot.host() instanceof HostSpec.Local) {
          log.info("compiling " + job.input() + " on localhost");
          tracker.local("localhost slot");
          tracker.phase(Phase.LOCAL);
          return context.local().run(local, env);
        }
        tracker.remote(slot.host().toString(), slot.index());
        outcome = distribute(local, env, job, hosts, slot, tracker);
      }
    } catch (DistccException e) {
      outcome = new Failed(e, null);
    }
    if (outcome instanceof Done done) {
      return done.exit();
    }
    if (outcome instanceof PreprocessFailed failed) {
      log.info("compiling " + job.input() + " locally: " + failed.why());
      tracker.local(failed.why());
    } else if (outcome instanceof Failed failed) {
      String where = failed.host() == null ? "" : " to " + failed.host();
      if (!settings.fallback()) {
        log.error("failed to distribute " + job.input() + where + " and fallbacks are disabled: "
            + failed.why().getMessage());
        throw failed.why();
      }
      log.warning("failed to distribute " + job.input() + where + ": " + failed.why().getMessage()
          + "; running locally instead");
      tracker.local("fallback" + where + ": " + failed.why().getMessage());
    } else {
      HostSpec host = ((RetryLocally) outcome).host();
      log.warning("remote compilation of " + job.input() + " on " + host + " failed, retrying locally");
      tracker.local("retry after the compile failed on " + host);
    }
    return compileHere(local, env, hosts, tracker);
  }

  @SuppressWarnings("try") // the slot is held for the body, not used in it
  private int compileHere(List<String> local, Map<String, String> env, HostList hosts, JobTracker tracker)
      throws IOException {
    if (hosts == null) {
      tracker.phase(Phase.LOCAL);
      return context.local().run(local, env);
    }
    tracker.phase(Phase.BLOCKED);
    try (Slot slot = volunteers.pickLocal(hosts)) {
      tracker.phase(Phase.LOCAL);
      return context.local().run(local, env);
    }
  }

  @SuppressWarnings("try") // the slot is held for the body, not used in it
  private Outcome distribute(
      List<String> local, Map<String, String> env, ScanResult.Distribute job, HostList hosts, Slot slot,
      JobTracker tracker) throws IOException {
    HostSpec host = slot.host();
    TempDir temp = TempDir.create(settings.tmpDir(), "distcc-");
    if (settings.saveTemps()) {
      temp.keep();
      log.info("keeping temporary files in " + temp.path());
    } else {
      leftovers.add(temp.path());
    }
    try (temp) {
      byte[] cppMessages;
      boolean preprocessed = Sources.isPreprocessed(job.input());
      String suffix = Sources.preprocessedExtension(job.argv(), job.input());
      Path source = preprocessed ? settings.resolve(job.input())
          : temp.resolve(Sources.impliedOutput(job.input(), suffix).orElse("input" + suffix));
      ModeChoice choice = preprocessed ? new ModeChoice(Preprocessing.CLASSIC, "the input is preprocessed")
          : ModeRules.choose(job.argv(), settings.classicCpp());
      byte[] text;
      long start = System.nanoTime();
      Connection connection;
      Abort abort;
      try (Slot cppSlot = preprocessed ? null : volunteers.pickLocalCpp(hosts)) {
        CppRun cpp = null;
        if (!preprocessed) {
          tracker.phase(Phase.PREPROCESS);
          cpp = CppRun.start(local, job, source, temp.resolve("cpp.err"), env, log, choice,
              settings.distccDir().resolve("cpp-scan"), context);
        }
        // Connecting overlaps with preprocessing, as in distcc.
        try {
          tracker.phase(Phase.CONNECT);
          connection = volunteers.connect(host);
          abort = new Abort(connection);
          leftovers.add(abort);
        } catch (DistccException e) {
          if (cpp != null) {
            cpp.cancel();
          }
          volunteers.backOff(host);
          return new Failed(e, host);
        }
        if (cpp == null) {
          text = Files.readAllBytes(source);
          cppMessages = new byte[0];
        } else {
          tracker.phase(Phase.PREPROCESS);
          CppRun.Result result = cpp.finish();
          if (result instanceof CppRun.Unusable unusable) {
            // Reported by the local compile, which says exactly what a one-step compile says.
            connection.close();
            return new PreprocessFailed(unusable.why());
          }
          CppRun.Preprocessed done = (CppRun.Preprocessed) result;
          choice = done.choice();
          text = done.text();
          cppMessages = done.stderr();
        }
      }
      if (choice.mode() == Preprocessing.CLASSIC) {
        log.info("preprocessing " + job.input() + " with plain -E: " + choice.reason());
        tracker.preprocessed("classic -E: " + choice.reason());
      }
      long cppDone = System.nanoTime();
      RemoteCompile.Exchange exchange;
      CompileRequest request;
      try (connection) {
        List<String> remote = LocalArgs.remote(job.argv(), choice.mode());
        if (!settings.noRewriteCross()) {
          remote = new CrossCompiler(settings.distccDir(), log).rewrite(
              remote, Path.of(local.get(0)), env.get("PATH"), env);
        }
        request = new CompileRequest(Volunteers.protocolOf(host), remote, text);
        log.debug("sending " + request.source().length + " bytes of " + job.input() + " to " + connection.describe());
        exchange = RemoteCompile.exchange(connection, request, tracker);
      } catch (DistccException e) {
        if (leftovers.cancelled()) {
          throw e;
        }
        volunteers.backOff(host);
        return new Failed(e, host);
      } finally {
        leftovers.remove(abort);
      }
      long end = System.nanoTime();
      CompileResponse response = exchange.response();
      log.info(job.input() + " on " + host + ": status " + response.shellExitCode() + ", preprocess "
          + (cppDone - start) / 1_000_000 + " ms (" + choice.mode() + "), remote " + (end - cppDone) / 1_000_000 + " ms, "
          + exchange.sent() + " bytes sent, " + exchange.received() + " received");
      if (response.succeeded() || !retriesLocally(settings)) {
        stderr.write(cppMessages);
        stderr.write(response.stderr());
        stdout.write(response.stdout());
        stderr.flush();
        stdout.flush();
        if (!response.succeeded()) {
          return new Done(response.shellExitCode());
        }
        byte[] object = response.object();
        Verification verification = new Verification(settings, log);
        if (verification.chosen(job.argv())) {
          java.util.Optional<byte[]> checked = verification.check(host, job.input(), Path.of(local.get(0)), request,
              source.getFileName().toString(), object, env);
          if (checked.isEmpty()) {
            return new Done(ExitCode.DISTCC_FAILED.code());
          }
          object = checked.get();
        }
        try {
          ObjectFile.write(settings.resolve(job.output()), object, settings.umask(), leftovers);
        } catch (IOException e) {
          throw new DistccException(ExitCode.IO_ERROR, "cannot write " + job.output() + ": " + e.getMessage(), e);
        }
        return new Done(0);
      }
      return new RetryLocally(host);
    } finally {
      leftovers.remove(temp.path());
    }
  }

  /**
   * Whether a compile that failed on the volunteer is compiled again here. distcc 3.4: not with
   * DISTCC_SKIP_LOCAL_RETRY, and not with DISTCC_FALLBACK=0, so an error that happens only
   * remotely stays visible and costs no second compile.
   */
  static boolean retriesLocally(Settings settings) {
    return settings.fallback() && !settings.skipLocalRetry();
  }

  /** Aborts a job's connection when the job is cancelled. */
  private record Abort(Connection connection) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      connection.abort();
    }
  }

  private static String firstSource(List<String> argv) {
    for (String arg : argv.subList(1, argv.size())) {
      if (Sources.isSource(arg)) {
        return arg;
      }
    }
    return "";
  }

  private static List<String> withExecutable(List<String> argv, Path executable) {
    List<String> local = new ArrayList<>(argv);
    local.set(0, executable.toString());
    return local;
  }
}
