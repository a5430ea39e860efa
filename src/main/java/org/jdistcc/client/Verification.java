package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.Log;
import org.jdistcc.Settings;
import org.jdistcc.hosts.EarnedTrust;
import org.jdistcc.hosts.HostList;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.hosts.Quarantine;
import org.jdistcc.protocol.CompileRequest;
import org.jdistcc.verify.CheckQueue;
import org.jdistcc.verify.Recompile;
import org.jdistcc.verify.Sampling;
import org.jdistcc.verify.SourceStamps;

/**
 * {@code DISTCC_VERIFY}: the request a volunteer answered is compiled again here for the sampled
 * jobs, and the objects compared. A volunteer whose code differs (debug information alone does not
 * count: distccd 3.4 cannot make it identical) is put in {@link Quarantine} with one warning line.
 * Where the local compile itself fails nothing is judged. A pump job, whose volunteer preprocessed,
 * is checked by compiling its sources here again, while every file it sent is unchanged.
 *
 * <p>When: in the agent, once a volunteer and compiler have passed one check (which ran before its
 * job was delivered, so a bad host is quarantined after its first job; a pass is remembered in
 * DISTCC_DIR for a day, {@link EarnedTrust}), the job delivers the volunteer's object at once and
 * the check waits in the agent's {@link CheckQueue} until the client is idle and a local slot is
 * free ({@link DeferredCheck}); a mismatch then replaces the object it delivered, if nobody changed
 * it since, and its warning goes to the next job's stderr. In the in-process client, and with
 * {@code DISTCC_VERIFY_STRICT=1}, the check runs before the object is delivered: a mismatch
 * delivers the object compiled here, or under strict fails the job.
 */
final class Verification {
  private final JobContext context;
  private final Settings settings;
  private final Log log;
  private final Volunteers volunteers;
  private final HostList hosts;
  private final JobTracker tracker;
  private DeferredCheck deferred;

  Verification(
      JobContext context, Log log, Volunteers volunteers, HostList hosts, JobTracker tracker) {
    this.context = context;
    this.settings = context.settings();
    this.log = log;
    this.volunteers = volunteers;
    this.hosts = hosts;
    this.tracker = tracker;
  }

  /**
   * The object to deliver for a remote job: the volunteer's, or the one compiled here when the
   * volunteer's code differs; empty when it differs under DISTCC_VERIFY_STRICT (the error is
   * logged, and the job must fail rather than fall back). A job whose check runs later gets the
   * volunteer's object; call {@link #delivered} once it is in place.
   */
  Optional<byte[]> beforeDelivery(
      HostSpec host,
      String input,
      Path compiler,
      CompileRequest request,
      String preprocessedName,
      byte[] remoteObject,
      Map<String, String> env,
      List<String> argv)
      throws IOException {
    if (!Sampling.chosen(settings.verifyPerThousand(), argv)) {
      return Optional.of(remoteObject);
    }
    return check(
        host,
        compiler,
        new Recompile(compiler, request.argv(), input, request.source(), preprocessedName),
        remoteObject,
        env);
  }

  /**
   * As {@link #beforeDelivery}, for a pump job, whose volunteer preprocessed: the check compiles
   * the user's command {@code local} again in {@code cwd}, from the files as they are then, and
   * judges nothing when any file sent ({@code sent}, {@code sentSystem}) changed since (the trace
   * says "not verified").
   */
  Optional<byte[]> beforePumpDelivery(
      HostSpec host,
      String input,
      List<String> local,
      Path cwd,
      java.util.Collection<Path> sent,
      java.util.Collection<Path> sentSystem,
      byte[] remoteObject,
      Map<String, String> env,
      List<String> argv)
      throws IOException {
    if (!Sampling.chosen(settings.verifyPerThousand(), argv)) {
      return Optional.of(remoteObject);
    }
    Path compiler = Path.of(local.get(0));
    List<Path> files = new java.util.ArrayList<>(sent);
    files.addAll(sentSystem);
    return check(
        host,
        compiler,
        Recompile.ofSources(compiler, local, input, cwd, SourceStamps.of(files)),
        remoteObject,
        env);
  }

  private Optional<byte[]> check(
      HostSpec host,
      Path compiler,
      Recompile recompile,
      byte[] remoteObject,
      Map<String, String> env)
      throws IOException {
    String input = recompile.input();
    String key = trustKey(host, compiler);
    if (context.checks().isPresent() && !settings.verifyStrict() && trusted(key, host, compiler)) {
      deferred =
          new DeferredCheck(
              context,
              context.checks().get(),
              volunteers,
              hosts,
              host,
              recompile,
              remoteObject,
              Map.copyOf(env));
      return Optional.of(remoteObject);
    }
    Recompile.Result result =
        recompile.run(remoteObject, env, settings.tmpDir(), !settings.verifyStrict());
    tracker.verified(verdict(result));
    if (!result.localFailure().isEmpty()) {
      log.info(
          "not verified: compiling "
              + input
              + " again here failed ("
              + result.localFailure()
              + ")");
      return Optional.of(remoteObject);
    }
    if (!result.mismatch()) {
      log.info("verified " + input + " from " + host + ": " + result.comparison().verdict());
      context.checks().ifPresent(queue -> queue.trust(key));
      remember(settings, log, host, compiler, context.clock().instant());
      return Optional.of(remoteObject);
    }
    String message = quarantine(settings, host, input, result);
    if (settings.verifyStrict()) {
      log.error(message + "; DISTCC_VERIFY_STRICT is set, so the job fails");
      return Optional.empty();
    }
    log.warning(message + "; using the object compiled here");
    return Optional.of(result.localObject());
  }

  /**
   * Whether the agent trusts {@code host} with {@code compiler}: it passed a check in this agent's
   * life, or one that {@link EarnedTrust} remembers in DISTCC_DIR (read for sampled jobs only).
   */
  private boolean trusted(String key, HostSpec host, Path compiler) {
    CheckQueue queue = context.checks().get();
    if (queue.trusts(key)) {
      return true;
    }
    if (new EarnedTrust(settings.distccDir().resolve("lock"))
        .holds(host, compiler, context.clock().instant())) {
      queue.trust(key);
      return true;
    }
    return false;
  }

  /** Writes down that a check passed; failing to is logged, never fatal. */
  static void remember(Settings settings, Log log, HostSpec host, Path compiler, Instant now) {
    try {
      new EarnedTrust(settings.distccDir().resolve("lock")).grant(host, compiler, now);
    } catch (IOException e) {
      log.info("cannot remember that " + host + " passed a check: " + e.getMessage());
    }
  }

  /** Which volunteer and compiler a check vouches for. */
  static String trustKey(HostSpec host, Path compiler) {
    return host + "\0" + compiler;
  }

  /** Queues the deferred check, if this job has one, now that its object is at {@code target}. */
  void delivered(Path target) {
    if (deferred == null) {
      return;
    }
    CheckQueue queue = context.checks().get();
    if (queue.submit(deferred.at(target))) {
      tracker.verified("queued");
    } else {
      String why = "the checks waiting hold " + (queue.budget() >> 20) + " MB already";
      tracker.verified("not verified: " + why);
      log.info("not verified: " + deferred.describe() + ": " + why);
    }
    deferred = null;
  }

  /**
   * Puts the host in quarantine for the difference {@code result} found and returns the warning
   * that says so, without what was done about the object.
   */
  static String quarantine(Settings settings, HostSpec host, String input, Recompile.Result result)
      throws IOException {
    String where = result.comparison().firstDifference().orElse("?");
    new Quarantine(settings.distccDir().resolve("lock"))
        .put(host, "objects differ: " + input + " (" + where + ")");
    return "objects differ: "
        + host
        + " compiled "
        + input
        + " unlike this machine (first in "
        + where
        + "); "
        + host
        + " is in quarantine until 'distcc --check-hosts' passes";
  }

  /** The trace's "verified" value for a check's result. */
  static String verdict(Recompile.Result result) {
    if (!result.localFailure().isEmpty()) {
      return "not verified: " + result.localFailure();
    }
    return switch (result.comparison().verdict()) {
      case IDENTICAL -> "identical";
      case SAME_CODE -> "same code";
      case DIFFERENT -> "DIFFERENT (" + result.comparison().firstDifference().orElse("?") + ")";
    };
  }
}
