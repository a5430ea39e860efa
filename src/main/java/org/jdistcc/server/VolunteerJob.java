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

  /** The compiler's Unix wait status in the answer. */
  abstract int waitStatus(A answer);

  /** The end of the job's log line: the compiler's name and the input, as distccd 3.4 ends it. */
  abstract String names(J job);

  /** A failure answer carrying {@code message}. */
  abstract A refusal(Q request, String message);

  abstract void write(A answer, OutputStream out) throws IOException;

  /**
   * Logs a request that could not be read and returns the daemon's exit status for it: the wire
   * error's own code (108 for a connection closed inside a packet, 109 for anything else that broke
   * the format), or 107 when reading itself failed.
   */
  final int unreadable(String client, IOException e, long start) {
    log.error("bad request from " + client + ": " + e.getMessage());
    int code = e instanceof DistccException d ? d.exitCode().code() : ExitCode.IO_ERROR.code();
    summary(
        client, code == ExitCode.PROTOCOL_ERROR.code() ? "REJ_BAD_REQ" : "OTHER", 0, code, start);
    return code;
  }

  /** Answers {@code request} read from {@code in} and returns the daemon's exit status. */
  final int answer(
      Q request, InputStream in, OutputStream out, String client, Watchdog watchdog, long start) {
    A answer;
    try {
      J job = check(request);
      TempDir dir = TempDir.create(config.tempRoot(), "distccd-");
      leftovers.add(dir.path());
      try (dir) {
        answer = compile(request, job, dir, in);
      } finally {
        leftovers.remove(dir.path());
      }
      // The job's line is written before the answer, so whoever reads the log after the client
      // finished finds it there.
      summary(
          client,
          succeeded(answer) ? "COMPILE_OK" : "COMPILE_ERROR",
          waitStatus(answer),
          0,
          start,
          names(job));
    } catch (ClientWatch.Disconnected d) {
      // No answer: nobody would read it. The compiler's process group is already killed.
      log.warning(
          "the client "
              + client
              + " "
              + d.getMessage()
              + " while compiling; killed the compiler's process group");
      summary(client, "CLI_DISCONN", 0, ExitCode.IO_ERROR.code(), start);
      return ExitCode.IO_ERROR.code();
    } catch (Refusal r) {
      log.warning(
          "refused " + kind + " from " + client + " by rule " + r.rule() + ": " + r.getMessage());
      answer = refusal(request, r.getMessage());
      summary(client, "OTHER", 0, ExitCode.BAD_ARGUMENTS.code(), start);
    } catch (IOException e) {
      log.error(kind + " from " + client + " failed: " + e.getMessage());
      answer = refusal(request, e.getMessage());
      summary(
          client,
          "OTHER",
          0,
          e instanceof DistccException d ? d.exitCode().code() : ExitCode.IO_ERROR.code(),
          start);
    }
    try {
      watchdog.arm("sending the response");
      write(answer, out);
    } catch (IOException e) {
      log.error("cannot send response to " + client + ": " + e.getMessage());
      return ExitCode.IO_ERROR.code();
    } finally {
      watchdog.disarm();
    }
    return 0;
  }

  /**
   * The job's one NOTICE line, laid out as distccd 3.4's, which log readers parse: {@code client:
   * ADDRESS RESULT exit:N sig:N core:N ret:N time:Nms COMPILER INPUT}, the last two only once the
   * request was read. RESULT is COMPILE_OK, COMPILE_ERROR, CLI_DISCONN (the client went away),
   * REJ_BAD_REQ (a request that broke the format) or OTHER (refused, truncated, failed); exit, sig
   * and core come from the compiler's wait status, ret is distcc's exit code for the job.
   */
  private void summary(
      String client, String result, int waitStatus, int ret, long start, String... names) {
    StringBuilder line =
        new StringBuilder("client: ")
            .append(client)
            .append(' ')
            .append(result)
            .append(" exit:")
            .append((waitStatus >> 8) & 0xff)
            .append(" sig:")
            .append(waitStatus & 0x7f)
            .append(" core:")
            .append((waitStatus & 0x80) != 0 ? 1 : 0)
            .append(" ret:")
            .append(ret)
            .append(" time:")
            .append(millisSince(start))
            .append("ms");
    for (String name : names) {
      line.append(' ').append(name);
    }
    log.log(Log.Level.NOTICE, line.toString());
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
