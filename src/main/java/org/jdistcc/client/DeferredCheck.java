package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.FileBytes;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;
import org.jdistcc.Settings;
import org.jdistcc.hosts.HostList;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.hosts.Quarantine;
import org.jdistcc.hosts.Slot;
import org.jdistcc.state.Phase;
import org.jdistcc.state.TraceFile;
import org.jdistcc.state.TraceRecord;
import org.jdistcc.verify.CheckQueue;
import org.jdistcc.verify.Recompile;

/**
 * A DISTCC_VERIFY check that runs in the agent after its job delivered the volunteer's object: when
 * the client is idle and a local slot is free, it compiles the request again at nice 19 (stopped
 * while a job of the agent runs) and compares. On a mismatch the host goes into quarantine, the
 * delivered object is replaced by the one compiled here if it is still byte for byte what the job
 * wrote (anything else there is the user's, and stays), and one warning line, the first for that
 * host, waits for the next job of the same DISTCC_DIR. Each check adds a "verify" record to the
 * job's DISTCC_TRACE. Which jobs are checked, and the checks that run before delivery, are {@link
 * Verification}'s.
 */
final class DeferredCheck implements CheckQueue.Check {
  private final JobContext context;
  private final Settings settings;
  private final CheckQueue queue;
  private final Volunteers volunteers;
  private final HostList hosts;
  private final HostSpec host;
  private final Recompile recompile;
  private final byte[] remoteObject;
  private final Map<String, String> env;
  private final Path target;
  private final long queuedMicros;

  DeferredCheck(
      JobContext context,
      CheckQueue queue,
      Volunteers volunteers,
      HostList hosts,
      HostSpec host,
      Recompile recompile,
      byte[] remoteObject,
      Map<String, String> env) {
    this(context, queue, volunteers, hosts, host, recompile, remoteObject, env, null);
  }

  private DeferredCheck(
      JobContext context,
      CheckQueue queue,
      Volunteers volunteers,
      HostList hosts,
      HostSpec host,
      Recompile recompile,
      byte[] remoteObject,
      Map<String, String> env,
      Path target) {
    this.context = context;
    this.settings = context.settings();
    this.queue = queue;
    this.volunteers = volunteers;
    this.hosts = hosts;
    this.host = host;
    this.recompile = recompile;
    this.remoteObject = remoteObject;
    this.env = env;
    this.target = target;
    this.queuedMicros = micros(context.clock().instant());
  }

  /** This check for the object delivered at {@code target}. */
  DeferredCheck at(Path target) {
    return new DeferredCheck(
        context, queue, volunteers, hosts, host, recompile, remoteObject, env, target);
  }

  @Override
  public long bytes() {
    return recompile.preprocessed().length + 2L * remoteObject.length;
  }

  @Override
  public String describe() {
    return recompile.input() + " from " + host;
  }

  @Override
  public boolean tryRun() throws IOException {
    Optional<Slot> slot = volunteers.picker().tryPickLocal(hosts);
    if (slot.isEmpty()) {
      return false;
    }
    long start = micros(context.clock().instant());
    Recompile.Result result;
    Running running = new Running(slot.get());
    try {
      result = recompile.runWhenIdle(remoteObject, env, settings.tmpDir(), running);
    } finally {
      running.release();
    }
    long end = micros(context.clock().instant());
    judge(result);
    // Last, so that a reader who sees the record also sees what the check did.
    trace(Verification.verdict(result), slot.get().index(), start, end);
    return true;
  }

  /**
   * The check's compiler runs while the client is idle and it holds a local slot; while a job runs
   * it is stopped and gives its slot back, so that no job (a local compile, a preprocessor) waits
   * for a stopped check.
   */
  private final class Running implements Recompile.Permit {
    private Slot slot;

    Running(Slot slot) {
      this.slot = slot;
    }

    @Override
    public boolean mayRun() throws IOException {
      if (!queue.gate().quiet()) {
        release();
        return false;
      }
      if (slot == null) {
        slot = volunteers.picker().tryPickLocal(hosts).orElse(null);
      }
      return slot != null;
    }

    void release() {
      if (slot != null) {
        slot.close();
        slot = null;
      }
    }
  }

  private void judge(Recompile.Result result) throws IOException {
    Log log = queue.log();
    if (!result.localFailure().isEmpty()) {
      log.info(
          "not verified: compiling "
              + describe()
              + " again here failed ("
              + result.localFailure()
              + ")");
      return;
    }
    if (!result.mismatch()) {
      log.info("verified " + describe() + ": " + result.comparison().verdict());
      Verification.remember(settings, log, host, recompile.compiler(), context.clock().instant());
      return;
    }
    queue.distrust(Verification.trustKey(host, recompile.compiler()));
    boolean known = new Quarantine(settings.distccDir().resolve("lock")).contains(host);
    String message = Verification.quarantine(settings, host, recompile.input(), result);
    Optional<String> left = replace(result.localObject());
    String line =
        message + "; " + left.orElse(target + " was replaced by the object compiled here");
    log.warning(line);
    if (!known || left.isPresent()) {
      queue.warn(settings.distccDir(), line);
    }
  }

  /** Puts the local object in place of the volunteer's; empty when done, else what stopped it. */
  private Optional<String> replace(byte[] local) {
    try {
      if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
          || !Arrays.equals(FileBytes.read(target), remoteObject)) {
        return Optional.of(target + " has changed since the job, so it was left: rebuild it");
      }
      ObjectFile.write(target, local, context.umask(), new Leftovers());
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot replace " + target + " (" + e.getMessage() + "): rebuild it");
    }
  }

  private void trace(String verdict, int slot, long start, long end) {
    if (settings.trace().isEmpty()) {
      return;
    }
    List<TraceRecord.Span> spans =
        List.of(
            new TraceRecord.Span(Phase.BLOCKED, queuedMicros, start),
            new TraceRecord.Span(Phase.VERIFY, start, end));
    try {
      TraceFile.append(
          settings.trace().get(),
          new TraceRecord(
              context.pid(),
              recompile.input(),
              host.toString(),
              slot,
              TraceRecord.Where.VERIFY,
              verdict,
              0,
              verdict,
              spans));
    } catch (IOException e) {
      queue
          .log()
          .warning(
              "cannot append to DISTCC_TRACE " + settings.trace().get() + ": " + e.getMessage());
    }
  }

  private static long micros(Instant now) {
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }
}
