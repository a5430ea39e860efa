package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.FileBytes;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;
import org.jdistcc.Settings;
import org.jdistcc.Utf8;
import org.jdistcc.args.ArgScanner;
import org.jdistcc.args.ResponseFiles;
import org.jdistcc.args.ScanResult;
import org.jdistcc.args.Sources;
import org.jdistcc.client.Outcome.Answered;
import org.jdistcc.client.Outcome.Failed;
import org.jdistcc.client.Outcome.PreprocessFailed;
import org.jdistcc.client.Outcome.PumpDelivered;
import org.jdistcc.client.Outcome.Refused;
import org.jdistcc.hosts.HostList;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.hosts.Slot;
import org.jdistcc.state.Phase;
import org.jdistcc.state.StateDir;
import org.jdistcc.verify.Sampling;

/**
 * One compile command from start to exit status: decide where it runs, then an attempt on a
 * volunteer's slot, in plain mode ({@link PlainCompile}: preprocess here with {@link
 * LocalPreprocessor}, the exchange with {@link RemoteCompile}) or in pump mode ({@link
 * PumpCompile}), and the delivery of its outputs ({@link Delivery}); or fall back to a local
 * compile when distribution fails. Choosing the host slot is {@link Volunteers}' and the hosts
 * package's business.
 *
 * <p>What follows a failure (compile here, fail, back the host off) is {@link Fallback}'s decision,
 * a table of rules; this class only carries it out and says why.
 *
 * <p>Slots: the remote slot is held from before preprocessing until the answer is delivered; the
 * preprocessor also holds a local cpp slot ({@code --localslots_cpp}); a local compile after a
 * failure gives the remote slot back first and takes a local one ({@code --localslots}).
 */
final class CompileJob {
  private final JobContext context;
  private final Settings settings;
  private final Log log;
  private final Volunteers volunteers;
  private final Leftovers leftovers;
  private final Includes includes;
  private final PlainCompile plainMode;

  CompileJob(JobContext context, Log log, Volunteers volunteers) {
    this(context, log, volunteers, new Includes());
  }

  /**
   * @param includes the include analysis for pump jobs and its caches, kept by the agent
   */
  CompileJob(JobContext context, Log log, Volunteers volunteers, Includes includes) {
    this.includes = includes;
    this.context = context;
    this.settings = context.settings();
    this.log = log;
    this.volunteers = volunteers;
    this.leftovers = context.leftovers();
    this.plainMode = new PlainCompile(context, log, volunteers);
  }

  /** Runs the compile and returns the process exit status. */
  int run(Invocation.Compile invocation) throws IOException {
    // A command in response files is judged, and run, as the command they hold (gcc's own
    // reading of them); one that cannot be read keeps the job local, as written.
    List<String> written = invocation.argv();
    List<String> expanded =
        ResponseFiles.anyIn(written) ? ResponseFiles.expand(written, this::responseFile) : written;
    ScanResult scan = ArgScanner.scan(expanded);
    List<String> argv = scan instanceof ScanResult.Distribute ? expanded : written;
    String file = scan instanceof ScanResult.Distribute d ? d.input() : firstSource(argv);
    try (JobTracker tracker =
        new JobTracker(
            new StateDir(settings.distccDir().resolve("state")),
            settings.trace(),
            context.pid(),
            file,
            context.clock(),
            log)) {
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

  private int run(
      List<String> argv, ScanResult scan, Invocation.Compile invocation, JobTracker tracker)
      throws IOException {
    CompilerLocator.Located compiler =
        CompilerLocator.locate(
            argv.get(0), settings.path(), invocation.masqueradeDir(), settings.cwd());
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
    return distributeOrFallBack(local, env, job, tracker);
  }

  /** A response file's text, named relative to the job's directory; empty when it is unreadable. */
  private Optional<String> responseFile(String name) {
    Path file = settings.resolve(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Utf8.decode(FileBytes.read(file)); // empty unless UTF-8, as arguments must be
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** How one attempt ended: the job is done, or what happened is for {@link Fallback} to judge. */
  private sealed interface Step {}

  /** The job is done with this exit status (delivered, or compiled on a localhost slot). */
  private record Done(int exit) implements Step {}

  /** The attempt's outcome, with the decision on it when it was taken during the attempt. */
  private record Judged(Outcome outcome, Fallback.Decision decision) implements Step {}

  /**
   * Sends the job to a volunteer, and to another one while a volunteer fails (connect, I/O,
   * protocol, timeout) and another host is left, each failed one backed off, as with distcc 3.4;
   * then delivers the answer, or falls back as {@link Fallback} decides.
   */
  private int distributeOrFallBack(
      List<String> local, Map<String, String> env, ScanResult.Distribute job, JobTracker tracker)
      throws IOException {
    HostList hosts = null;
    Failed hostFailure = null;
    int attempts = 0;
    while (true) {
      Outcome outcome;
      Fallback.Decision decision;
      try {
        if (hosts == null) {
          hosts = volunteers.hosts();
        }
        Step step = attempt(local, env, job, hosts, tracker, hostFailure, attempts + 1);
        if (step instanceof Done done) {
          return done.exit();
        }
        attempts++;
        Judged judged = (Judged) step;
        outcome = judged.outcome();
        decision = judged.decision();
      } catch (DistccException e) {
        outcome = new Failed(e, null);
        decision = null;
      }
      if (outcome instanceof Refused refused) {
        throw refused.why();
      }
      if (decision == null) {
        decision = decide(outcome, attempts);
      }
      if (decision.action() != Fallback.Action.ANOTHER_HOST) {
        return fallBack(local, env, job, hosts, tracker, outcome, decision, hostFailure);
      }
      hostFailure = (Failed) outcome;
      volunteers.backOff(hostFailure.host());
    }
  }

  /**
   * One attempt on the next free slot: compiles on a localhost slot, or distributes to the slot's
   * host ({@code attempt} counts the hosts tried, this one included) and delivers an answer {@link
   * Fallback} accepts. {@code hostFailure} is the previous host's failure, to say why this host is
   * tried.
   */
  private Step attempt(
      List<String> local,
      Map<String, String> env,
      ScanResult.Distribute job,
      HostList hosts,
      JobTracker tracker,
      Failed hostFailure,
      int attempt)
      throws IOException {
    tracker.phase(Phase.BLOCKED);
    boolean checked = Sampling.chosen(settings.verifyPerThousand(), job.argv());
    try (Slot slot = volunteers.picker().pick(hosts);
        ObjectReceiver receiver =
            new ObjectReceiver(settings.resolve(job.output()), job.output(), !checked, leftovers)) {
      if (hostFailure != null) {
        log.warning(failedTo(job, hostFailure) + "; trying " + slot.host());
      }
      if (slot.host() instanceof HostSpec.Local) {
        log.info("compiling " + job.input() + " on localhost");
        tracker.local("localhost slot");
        tracker.localSlot(slot.index());
        tracker.phase(Phase.LOCAL);
        return new Done(context.local().run(local, env));
      }
      tracker.remote(slot.host(), slot.index());
      Outcome outcome = distribute(local, env, job, hosts, slot, tracker, receiver);
      if (outcome instanceof PumpDelivered delivered) {
        return new Done(delivered.exit());
      }
      Fallback.Decision decision = outcome instanceof Refused ? null : decide(outcome, attempt);
      if (decision != null && decision.action() == Fallback.Action.DELIVER) {
        Delivery.Answer answer = ((Answered) outcome).answer();
        if (decision.backOff()) {
          volunteers.backOff(answer.host());
        }
        // A failure to deliver (the object cannot be written) falls back like any other.
        Verification verification = new Verification(context, log, volunteers, hosts, tracker);
        return new Done(
            new Delivery(context, log, verification)
                .deliver(answer, job, Path.of(local.get(0)), env, receiver));
      }
      return new Judged(outcome, decision);
    }
  }

  /**
   * Carries out a decision other than delivering or trying another host: fails with the error, or
   * says why and compiles here. {@code hostFailure} is the last failed host's, reported when no
   * other host was left.
   */
  private int fallBack(
      List<String> local,
      Map<String, String> env,
      ScanResult.Distribute job,
      HostList hosts,
      JobTracker tracker,
      Outcome outcome,
      Fallback.Decision decision,
      Failed hostFailure)
      throws IOException {
    if (hostFailure != null
        && outcome instanceof Failed failed
        && failed.host() == null
        && failed.why().exitCode() == ExitCode.NO_HOSTS) {
      // No other host to try: the failure to report is the last host's, with distcc 3.4's exit
      // code for it.
      outcome =
          new Failed(
              new DistccException(ExitCode.NO_HOSTS, hostFailure.why().getMessage()),
              hostFailure.host());
    }
    HostSpec host =
        outcome instanceof Failed failed
            ? failed.host()
            : outcome instanceof Answered answered ? answered.answer().host() : null;
    if (decision.backOff() && host != null) {
      volunteers.backOff(host);
    }
    if (decision.action() == Fallback.Action.FAIL) {
      if (!(outcome instanceof Failed failed)) {
        throw new DistccException(ExitCode.DISTCC_FAILED, "cancelled");
      }
      if (!leftovers.cancelled()) {
        String where = host == null ? "" : " to " + host;
        log.error(
            "failed to distribute "
                + job.input()
                + where
                + " and fallbacks are disabled: "
                + failed.why().getMessage());
      }
      throw failed.why();
    }
    if (outcome instanceof PreprocessFailed failed) {
      log.info("compiling " + job.input() + " locally: " + failed.why());
      tracker.local(failed.why());
    } else if (outcome instanceof Failed failed) {
      String where = host == null ? "" : " to " + host;
      log.warning(failedTo(job, failed) + "; running locally instead");
      tracker.local("fallback" + where + ": " + failed.why().getMessage());
    } else {
      int status = ((Answered) outcome).answer().response().shellExitCode();
      if (status >= Fallback.SIGNALLED) {
        log.warning(
            "the compiler for "
                + job.input()
                + " on "
                + host
                + " ended with status "
                + status
                + " (killed there); running locally instead");
        tracker.local("fallback after the compiler ended with status " + status + " on " + host);
      } else {
        log.warning(
            "remote compilation of " + job.input() + " on " + host + " failed, retrying locally");
        tracker.local("retry after the compile failed on " + host);
      }
    }
    return compileHere(local, env, hosts, tracker);
  }

  /** "failed to distribute FILE to HOST: WHY", for a failed attempt. */
  private static String failedTo(ScanResult.Distribute job, Failed failed) {
    String where = failed.host() == null ? "" : " to " + failed.host();
    return "failed to distribute " + job.input() + where + ": " + failed.why().getMessage();
  }

  private Fallback.Decision decide(Outcome outcome, int attempts) {
    Fallback.Attempt attempt;
    if (outcome instanceof Answered answered) {
      attempt = new Fallback.Answered(answered.answer().response().shellExitCode());
    } else if (outcome instanceof PreprocessFailed) {
      attempt = new Fallback.PreprocessFailed();
    } else {
      attempt =
          ((Failed) outcome).host() == null
              ? new Fallback.LocalFailure()
              : new Fallback.HostFailed(attempts);
    }
    return Fallback.decide(attempt, Fallback.Policy.of(settings, leftovers.cancelled()));
  }

  @SuppressWarnings("try") // the slot is held for the body, not used in it
  private int compileHere(
      List<String> local, Map<String, String> env, HostList hosts, JobTracker tracker)
      throws IOException {
    if (hosts == null) {
      tracker.phase(Phase.LOCAL);
      return context.local().run(local, env);
    }
    tracker.phase(Phase.BLOCKED);
    try (Slot slot = volunteers.picker().pickLocal(hosts)) {
      tracker.localSlot(slot.index());
      tracker.phase(Phase.LOCAL);
      return context.local().run(local, env);
    }
  }

  /**
   * Sends the job to the volunteer that holds {@code slot} and brings back its answer. The host's
   * protocol chooses how the job gets there: protocols 1 and 2 send text preprocessed here; a
   * {@code ,cpp} host in a pump session gets protocol 3 ({@link PumpCompile}: sources and headers,
   * results delivered there, with the dependency file the volunteer made).
   */
  private Outcome distribute(
      List<String> local,
      Map<String, String> env,
      ScanResult.Distribute job,
      HostList hosts,
      Slot slot,
      JobTracker tracker,
      ObjectReceiver receiver)
      throws IOException {
    try {
      settings.checkIoTimeout();
    } catch (DistccException e) {
      return new Refused(e);
    }
    OnSlot on = new OnSlot(local, env, job, hosts, slot.host(), tracker, receiver);
    if (!PumpCompile.hasCpp(on.host())) {
      return plainMode.run(on);
    }
    return pumpOrPlain(on);
  }

  /**
   * Protocol 3 when {@link PumpDecision} allows it, else (or when the pump attempt says so) the
   * plain path. A pump job the volunteer failed is retried with local preprocessing on the same
   * slot: if that succeeds, the include analysis or the host's headers were at fault, and the
   * session counts a discrepancy (distcc 3.4 counts one when its local retry succeeds).
   */
  private Outcome pumpOrPlain(OnSlot on) throws IOException {
    int maxDiscrepancy;
    try {
      maxDiscrepancy = settings.maxDiscrepancy();
    } catch (DistccException e) {
      return new Refused(e);
    }
    java.util.Optional<Path> dir = settings.pumpSession();
    PumpSession session = dir.isPresent() ? new PumpSession(dir.get(), log) : null;
    String key = PumpCompile.checkKey(on.job().argv(), on.job().input());
    java.util.Optional<String> mismatch =
        session == null ? java.util.Optional.empty() : session.headerVerdict(on.host(), key);
    if (mismatch.isPresent() && mismatch.get().equals(SystemHeaderCheck.SAME)) {
      mismatch = java.util.Optional.empty();
    }
    PumpDecision.Choice choice =
        PumpDecision.decide(
            session != null,
            true,
            on.job().argv(),
            on.job().input(),
            settings.environment(),
            session == null ? 0 : session.discrepancies(),
            maxDiscrepancy,
            mismatch);
    if (!choice.pump()) {
      log.info("plain mode for " + on.job().input() + ": " + choice.reason());
      return plainMode.run(on);
    }
    boolean explicitOutput = on.job().argv().size() == on.local().size();
    PumpCompile.Result result =
        new PumpCompile(context, log, volunteers, includes, session)
            .run(
                on.local(),
                on.env(),
                on.job(),
                explicitOutput,
                on.host(),
                new Verification(context, log, volunteers, on.hosts(), on.tracker()),
                on.tracker(),
                on.receiver());
    if (result instanceof PumpCompile.Delivered delivered) {
      on.tracker().preprocessed("pump");
      return new PumpDelivered(delivered.exit());
    }
    if (result instanceof PumpCompile.Failed failed) {
      return Outcome.exchangeFailed(failed.why(), on.host(), on.receiver());
    }
    if (result instanceof PumpCompile.Plain plain) {
      log.info("plain mode for " + on.job().input() + ": " + plain.reason());
      on.tracker().preprocessed("plain after pump: " + plain.reason());
      return plainMode.run(on);
    }
    int status = ((PumpCompile.RemoteFailed) result).status();
    log.info(
        on.job().input()
            + " failed on "
            + on.host()
            + " in pump mode (status "
            + status
            + "); retrying with local preprocessing");
    Outcome retried = plainMode.run(on);
    if (retried instanceof Answered answered && answered.answer().response().succeeded()) {
      log.warning(
          "remote compilation of '"
              + on.job().input()
              + "' failed in pump mode and succeeded"
              + " with local preprocessing");
      on.tracker().preprocessed("plain after a pump discrepancy");
      session.noteDiscrepancy(maxDiscrepancy);
    }
    return retried;
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
