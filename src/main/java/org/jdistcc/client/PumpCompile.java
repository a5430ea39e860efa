package org.jdistcc.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.Log;
import org.jdistcc.MainExit;
import org.jdistcc.Settings;
import org.jdistcc.args.DependencyArgs;
import org.jdistcc.args.PumpArgs;
import org.jdistcc.args.ScanResult;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.include.DefaultSearchPath;
import org.jdistcc.include.IncludeAnalysis;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.protocol.ObjectSink;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.PumpRequest;
import org.jdistcc.protocol.PumpResponse;
import org.jdistcc.state.Phase;
import org.jdistcc.transport.Connection;

/**
 * One job in pump mode on a slot already held: include analysis here, the system-header check of
 * the host when this session has not made it yet, the protocol 3 exchange, and the results put in
 * place as a one-step compile leaves them (object, messages, the dependency file when asked for),
 * the object after its DISTCC_VERIFY check when the job is sampled ({@link Verification}). Whether
 * a job comes here is {@link PumpDecision}'s; what happens after each {@link Result} is the
 * caller's: a failure that may be the analysis's fault is retried in plain mode, which is how a
 * discrepancy is recognised.
 */
final class PumpCompile {
  /** How a pump attempt ended. */
  sealed interface Result {}

  /** Done: the object and the dependency file are in place; this is the exit status. */
  record Delivered(int exit) implements Result {}

  /** Pump mode is not possible for this job (analysis failed, headers differ): go plain. */
  record Plain(String reason) implements Result {}

  /** The volunteer's compiler failed: retry in plain mode to find out whose fault it was. */
  record RemoteFailed(int status) implements Result {}

  /** The connection or the protocol failed: the host is at fault. */
  record Failed(DistccException why) implements Result {}

  private final JobContext context;
  private final Settings settings;
  private final Log log;
  private final Volunteers volunteers;
  private final Includes includes;
  private final PumpSession session;

  PumpCompile(
      JobContext context, Log log, Volunteers volunteers, Includes includes, PumpSession session) {
    this.context = context;
    this.settings = context.settings();
    this.log = log;
    this.volunteers = volunteers;
    this.includes = includes;
    this.session = session;
  }

  /** Whether the host was given with {@code ,cpp}. */
  static boolean hasCpp(HostSpec host) {
    ProtocolVersion protocol =
        host instanceof HostSpec.Tcp t
            ? t.protocol()
            : host instanceof HostSpec.Ssh s
                ? s.protocol()
                : host instanceof HostSpec.Pipe p ? p.protocol() : ProtocolVersion.PLAIN;
    return protocol.serverPreprocesses();
  }

  /**
   * The key of the header check: compiler, language and the options that move the default
   * directories, so that one check serves every job of that kind in the session.
   */
  static String checkKey(List<String> argv, String input) {
    String key =
        argv.get(0)
            + "\0"
            + PumpDecision.language(argv, input).orElse("")
            + "\0"
            + String.join("\0", Includes.searchMoving(argv));
    return Integer.toHexString(key.hashCode());
  }

  /**
   * @param local the user's command with the compiler's executable first
   * @param env the compiler's environment
   * @param job the scanned command
   * @param explicitOutput whether the user gave {@code -o}
   * @param host the host of the slot
   * @param verification the DISTCC_VERIFY check of the job, if it is sampled
   * @param receiver where the object goes as it arrives, when not into memory
   */
  Result run(
      List<String> local,
      Map<String, String> env,
      ScanResult.Distribute job,
      boolean explicitOutput,
      HostSpec host,
      Verification verification,
      JobTracker tracker,
      ObjectReceiver receiver)
      throws IOException {
    Path cwd = settings.cwd();
    String language = PumpDecision.language(job.argv(), job.input()).orElseThrow();
    tracker.phase(Phase.PREPROCESS);
    long start = System.nanoTime();
    DefaultSearchPath defaults;
    IncludeAnalysis.Closure closure;
    try {
      defaults = includes.defaults(Path.of(local.get(0)), language, job.argv(), env, cwd);
      closure = includes.closure(cwd, job.argv(), job.input(), defaults);
    } catch (IOException e) {
      return new Plain("include analysis failed: " + e.getMessage());
    }
    if (!closure.files().contains(cwd.resolve(job.input()).normalize())) {
      return new Plain("the source " + job.input() + " is not a readable file");
    }
    List<String> remote = remoteCommand(local, env, job, explicitOutput);
    List<Path> systemDirs = new ArrayList<>();
    for (String d : defaults.angled()) {
      systemDirs.add(cwd.resolve(d).normalize());
    }
    String key = checkKey(job.argv(), job.input());
    // The first jobs of a build start together: one of them checks the host while the others
    // of this process wait for its verdict instead of each listing and sending the same headers.
    synchronized (includes.checkLock(session.dir() + "\0" + host.key() + "\0" + key)) {
      if (session.headerVerdict(host, key).isEmpty()) {
        List<Path> system;
        try {
          system = includes.systemClosure(cwd, defaults, closure.systemFiles());
        } catch (IOException e) {
          return new Plain("cannot list the system headers to check: " + e.getMessage());
        }
        Optional<Result> failed =
            checkHeaders(host, key, remote.get(0), language, job.argv(), defaults, system, tracker);
        if (failed.isPresent()) {
          return failed.get();
        }
      }
    }
    String verdict = session.headerVerdict(host, key).orElse(SystemHeaderCheck.SAME);
    if (!verdict.equals(SystemHeaderCheck.SAME)) {
      return new Plain("the host's system headers differ: " + verdict);
    }
    PumpRequest request =
        PumpRequests.build(cwd, job, remote, closure, systemDirs, includes.sent());
    long analysed = System.nanoTime();
    PumpExchange.Exchange exchange;
    try {
      tracker.phase(Phase.CONNECT);
      try (Connection connection = volunteers.connect(host)) {
        exchange = PumpExchange.exchange(connection, request, tracker, receiver);
      }
    } catch (DistccException e) {
      return new Failed(e);
    }
    long end = System.nanoTime();
    PumpResponse response = exchange.response();
    CompileResponse result = response.result();
    log.info(
        job.input()
            + " compiled on "
            + host
            + " (pump): status "
            + result.shellExitCode()
            + ", analysis "
            + (analysed - start) / 1_000_000
            + " ms ("
            + request.entries().size()
            + " files; "
            + includes.stats()
            + "), remote "
            + (end - analysed) / 1_000_000
            + " ms, "
            + exchange.sent()
            + " bytes sent, "
            + exchange.received()
            + " received");
    if (!result.succeeded()) {
      return new RemoteFailed(result.shellExitCode());
    }
    PrintStream stderr = context.err();
    PrintStream stdout = context.out();
    stderr.write(result.stderr());
    stdout.write(result.stdout());
    stderr.flush();
    stdout.flush();
    Optional<String> deps = DependencyArgs.dependencyFile(job, explicitOutput);
    try {
      if (deps.isPresent()) {
        boolean clang = Path.of(remote.get(0)).getFileName().toString().contains("clang");
        String dotd = new String(response.dependencies(), StandardCharsets.ISO_8859_1);
        ObjectFile.write(
            settings.resolve(deps.get()),
            PumpArgs.rewrapped(dotd, clang).getBytes(StandardCharsets.ISO_8859_1),
            settings.umask(),
            context.leftovers());
      }
    } catch (IOException e) {
      throw new DistccException(
          ExitCode.IO_ERROR, "cannot write " + job.output() + ": " + MainExit.message(e), e);
    }
    Path target = settings.resolve(job.output());
    if (receiver.received()) {
      receiver.place(settings.umask());
      verification.delivered(target);
      return new Delivered(0);
    }
    Optional<byte[]> object =
        verification.beforePumpDelivery(
            host,
            job.input(),
            local,
            cwd,
            closure.files(),
            closure.systemFiles(),
            result.object(),
            env,
            job.argv());
    if (object.isEmpty()) {
      return new Delivered(ExitCode.DISTCC_FAILED.code());
    }
    try {
      ObjectFile.write(target, object.get(), settings.umask(), context.leftovers());
    } catch (IOException e) {
      throw new DistccException(
          ExitCode.IO_ERROR, "cannot write " + job.output() + ": " + MainExit.message(e), e);
    }
    verification.delivered(target);
    return new Delivered(0);
  }

  /**
   * The command the volunteer gets: the user's, with the compiler's name as given (cross names
   * rewritten as in plain mode) and, for a dependency file without a named target, {@code -MT} with
   * the one-step target, as distcc 3.4's pump client sends it.
   */
  private List<String> remoteCommand(
      List<String> local,
      Map<String, String> env,
      ScanResult.Distribute job,
      boolean explicitOutput) {
    List<String> remote = new ArrayList<>(job.argv());
    Optional<String> target = DependencyArgs.implicitTarget(job, explicitOutput);
    if (target.isPresent()) {
      remote.add("-MT");
      remote.add(target.get());
    }
    if (!settings.noRewriteCross()) {
      remote =
          new CrossCompiler(settings.distccDir(), log)
              .rewrite(remote, Path.of(local.get(0)), env.get("PATH"), env);
    }
    return remote;
  }

  /** Runs the header check and records its verdict; a failed connection is the host's fault. */
  private Optional<Result> checkHeaders(
      HostSpec host,
      String key,
      String compiler,
      String language,
      List<String> argv,
      DefaultSearchPath defaults,
      List<Path> headers,
      JobTracker tracker)
      throws IOException {
    PumpRequest probe =
        SystemHeaderCheck.probe(compiler, language, Includes.searchMoving(argv), headers, defaults);
    String verdict;
    try {
      tracker.phase(Phase.CONNECT);
      try (Connection connection = volunteers.connect(host)) {
        PumpExchange.Exchange exchange =
            PumpExchange.exchange(connection, probe, tracker, ObjectSink.IN_MEMORY);
        verdict = SystemHeaderCheck.verdict(defaults, headers, exchange.response().result());
      }
    } catch (DistccException e) {
      return Optional.of(new Failed(e));
    }
    if (!verdict.equals(SystemHeaderCheck.SAME)) {
      log.warning(
          host
              + ": system headers differ from this machine's ("
              + verdict
              + "); plain mode for it in this pump session");
    } else {
      log.info(host + ": " + headers.size() + " system headers checked, the same as here");
    }
    session.recordHeaderVerdict(host, key, verdict);
    return Optional.empty();
  }
}
