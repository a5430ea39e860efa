package org.jdistcc.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.Log;
import org.jdistcc.MainExit;
import org.jdistcc.Settings;
import org.jdistcc.args.ScanResult;
import org.jdistcc.cpp.OptionMessages;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.protocol.CompileRequest;
import org.jdistcc.protocol.CompileResponse;

/**
 * What a volunteer's answer becomes on this machine: the preprocessor's and the volunteer's
 * messages on the job's stderr (a message about the command line once, as a one-step compile prints
 * it), its stdout, and for a success the object file, checked first when DISTCC_VERIFY samples the
 * job ({@link Verification}) and written whole or not at all ({@link ObjectFile}). Whether an
 * answer is delivered at all or the job compiled here instead is decided before, in {@link
 * CompileJob}; how it was obtained (the protocol) does not matter here.
 */
final class Delivery {
  /**
   * A volunteer's answer to one job.
   *
   * @param messages what the job's own preprocessing said, shown before the volunteer's stderr
   * @param preprocessedName the file name the volunteer compiled, for compiling it again here
   */
  record Answer(
      HostSpec host,
      CompileRequest request,
      CompileResponse response,
      byte[] messages,
      String preprocessedName) {}

  private final JobContext context;
  private final Log log;
  private final Verification verification;

  Delivery(JobContext context, Log log, Verification verification) {
    this.context = context;
    this.log = log;
    this.verification = verification;
  }

  /**
   * Delivers the answer and returns the job's exit status.
   *
   * @param compiler the compiler's executable here, for verification
   * @param env the environment a compile here runs with
   * @param receiver where the object is when it was not read into the answer
   */
  int deliver(
      Answer answer,
      ScanResult.Distribute job,
      Path compiler,
      Map<String, String> env,
      ObjectReceiver receiver)
      throws IOException {
    Settings settings = context.settings();
    CompileResponse response = answer.response();
    PrintStream stderr = context.err();
    PrintStream stdout = context.out();
    stderr.write(answer.messages());
    // The volunteer's compiler repeats what the driver here said about the command line.
    stderr.write(OptionMessages.withoutRepeats(answer.messages(), response.stderr()));
    stdout.write(response.stdout());
    stderr.flush();
    stdout.flush();
    if (!response.succeeded()) {
      return response.shellExitCode();
    }
    Path target = settings.resolve(job.output());
    if (receiver.received()) {
      receiver.place(settings.umask());
      verification.delivered(target);
      return 0;
    }
    Optional<byte[]> object =
        verification.beforeDelivery(
            answer.host(),
            job.input(),
            compiler,
            answer.request(),
            answer.preprocessedName(),
            response.object(),
            env,
            job.argv());
    if (object.isEmpty()) {
      return ExitCode.DISTCC_FAILED.code();
    }
    try {
      ObjectFile.write(target, object.get(), settings.umask(), context.leftovers());
    } catch (IOException e) {
      throw new DistccException(
          ExitCode.IO_ERROR, "cannot write " + job.output() + ": " + MainExit.message(e), e);
    }
    verification.delivered(target);
    return 0;
  }
}
