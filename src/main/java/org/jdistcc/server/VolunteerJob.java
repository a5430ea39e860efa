package org.jdistcc.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;
import org.jdistcc.TempDir;
import org.jdistcc.args.ArgPolicy;
import org.jdistcc.args.ArgRewriter;
import org.jdistcc.args.ArgScanner;
import org.jdistcc.args.ScanResult;

/**
 * What a volunteer does with a job once its request is read, for every protocol: the checks, a
 * private directory that goes with the job, the compile, one log line, then the answer. A refused
 * or failed job is answered with the reason on the compiler's error stream; a client that went away
 * while its compiler ran gets no answer. The protocols supply the rest: {@link JobHandler} (1 and
 * 2) and {@link PumpHandler} (3). How the compiler runs is {@link VolunteerCompiler}'s.
 *
 * @param <Q> the request
 * @param <J> what the request asks for once it passed every rule
 * @param <A> the answer
 */
abstract class VolunteerJob<Q, J, A> {
  final DaemonConfig config;
  final Log log;
  final Leftovers leftovers;
  private final String kind;

  /** {@code kind} names the job in log lines: "job", "pump job". */
  VolunteerJob(DaemonConfig config, Log log, Leftovers leftovers, String kind) {
    this.config = config;
    this.log = log;
    this.leftovers = leftovers;
    this.kind = kind;
  }

  /** The job, or the rule it breaks. */
  abstract J check(Q request) throws Refusal;

  /** Compiles the checked job in {@code dir}; {@code client} is watched for going away. */
  abstract A compile(Q request, J job, TempDir dir, InputStream client) throws IOException;

  /** Whether the compile succeeded, for the log line. */
  abstract boolean succeeded(A answer);

  /** The log line's words after COMPILE_OK or COMPILE_ERROR: status, compiler, input. */
  abstract String describe(J job, A answer);

  /** A failure answer carrying {@code message}. */
  abstract A refusal(Q request, String message);

  abstract void write(A answer, OutputStream out) throws IOException;

  /**
   * Logs a request that could not be read and returns the daemon's exit status for it: the wire
   * error's own code (108 for a connection closed inside a packet, 109 for anything else that broke
   * the format), or 107 when reading itself failed.
   */
  final int unreadable(String client, IOException e) {
    log.error("bad request from " + client + ": " + e.getMessage());
    return e instanceof DistccException d ? d.exitCode().code() : ExitCode.IO_ERROR.code();
  }

  /** Answers {@code request} read from {@code in} and returns the daemon's exit status. */
  final int answer(
      Q request, InputStream in, OutputStream out, String client, Watchdog watchdog, long start) {
    A answer;
    String summary;
    try {
      J job = check(request);
      TempDir dir = TempDir.create(config.tempRoot(), "distccd-");
      leftovers.add(dir.path());
      try (dir) {
        answer = compile(request, job, dir, in);
      } finally {
        leftovers.remove(dir.path());
      }
      summary = (succeeded(answer) ? "COMPILE_OK " : "COMPILE_ERROR ") + describe(job, answer);
    } catch (ClientWatch.Disconnected d) {
      // No answer: nobody would read it. The compiler's process group is already killed.
      log.warning(
          "DISCONNECTED time:"
              + millisSince(start)
              + "ms client:"
              + client
              + ": the client "
              + d.getMessage()
              + " while compiling; killed the compiler's process group");
      return ExitCode.IO_ERROR.code();
    } catch (Refusal r) {
      log.warning(
          "refused " + kind + " from " + client + " by rule " + r.rule() + ": " + r.getMessage());
      answer = refusal(request, r.getMessage());
      summary = "REFUSED rule:" + r.rule();
    } catch (IOException e) {
      log.error(kind + " from " + client + " failed: " + e.getMessage());
      answer = refusal(request, e.getMessage());
      summary = "FAILED";
    }
    // The job's line is written before the answer, so whoever reads the log after the client
    // finished finds it there.
    log.log(Log.Level.NOTICE, summary + " time:" + millisSince(start) + "ms client:" + client);
    try {
      watchdog.arm("sending the response");
      write(answer, out);
      watchdog.disarm();
    } catch (IOException e) {
      log.error("cannot send response to " + client + ": " + e.getMessage());
      return ExitCode.IO_ERROR.code();
    }
    return 0;
  }

  /** The command as {@link ArgScanner} reads it, refused unless it is one compile job. */
  static ScanResult.Distribute distributable(List<String> argv) throws Refusal {
    ScanResult scan = ArgScanner.scan(argv);
    if (scan instanceof ScanResult.RunLocally local) {
      throw new Refusal("not-distributable", "not a single compile job: " + local.reason());
    }
    return (ScanResult.Distribute) scan;
  }

  /**
   * Refuses {@code job} unless {@code judged} (its arguments as the rules see them) passes the
   * daemon's option rules and its input and output can be rewritten.
   */
  final void judge(List<String> judged, ScanResult.Distribute job) throws Refusal {
    Optional<String> unsafe = ArgPolicy.check(judged, config.allowedOptions());
    if (unsafe.isPresent()) {
      throw new Refusal("unsafe-argument", "argument refused: " + unsafe.get());
    }
    // A command the scanner accepts but the rewriting cannot handle.
    Optional<String> unrewritable = ArgRewriter.refusal(job.argv(), job.input());
    if (unrewritable.isPresent()) {
      throw new Refusal("bad-command", "cannot rewrite the command: " + unrewritable.get());
    }
  }

  /** What a compile killed after --job-lifetime ends with on its error stream. */
  final String killedMessage() {
    return "distccd: compiler killed after --job-lifetime of "
        + config.jobLifetime().toSeconds()
        + " s\n";
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
