package org.jdistcc.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdistcc.ExitCode;
import org.jdistcc.FileBytes;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;
import org.jdistcc.TempDir;
import org.jdistcc.args.ArgRewriter;
import org.jdistcc.args.Preprocessing;
import org.jdistcc.args.ScanResult;
import org.jdistcc.args.Sources;
import org.jdistcc.exec.ProcessResult;
import org.jdistcc.protocol.CompileRequest;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.RequestCodec;
import org.jdistcc.protocol.ResponseCodec;
import org.jdistcc.server.unsplit.OrdinaryCompile;

/**
 * Serves one protocol 1 or 2 job on one connection: read the request, check it against the daemon's
 * rules, compile in a private directory, answer (the steps after the request are {@link
 * VolunteerJob}'s). Access control by address happens before, in main. Protocol 3 (pump) jobs are
 * handed to {@link PumpHandler} once their version is known.
 */
final class JobHandler extends VolunteerJob<CompileRequest, JobHandler.Job, CompileResponse> {
  private final SystemIncludeDirs systemDirs;

  JobHandler(DaemonConfig config, Log log, Leftovers leftovers) {
    super(config, log, leftovers, "job");
    this.systemDirs = new SystemIncludeDirs(config.tempRoot(), config.environment());
  }

  /** Serves the connection and returns the daemon's exit status. */
  int serve(InputStream in, OutputStream out, String client, Watchdog watchdog) {
    long start = System.nanoTime();
    CompileRequest request;
    try {
      watchdog.arm("reading the request");
      ProtocolVersion version = RequestCodec.readVersion(in);
      if (version == ProtocolVersion.PUMP) {
        return new PumpHandler(config, log, leftovers, systemDirs)
            .serve(in, out, client, watchdog, start);
      }
      request = RequestCodec.readBody(in, version, config.limits());
    } catch (IOException e) {
      return unreadable(client, e, start);
    } finally {
      watchdog.disarm(); // a cut request too: the caller may live on (a test, a warm daemon)
    }
    return answer(request, in, out, client, watchdog, start);
  }

  @Override
  boolean succeeded(CompileResponse answer) {
    return answer.succeeded();
  }

  @Override
  int waitStatus(CompileResponse answer) {
    return answer.waitStatus();
  }

  @Override
  String names(Job job) {
    return job.compilerName() + " " + job.input();
  }

  @Override
  void write(CompileResponse answer, OutputStream out) throws IOException {
    ResponseCodec.write(answer, out);
  }

  /** What a request asks for once it passed every rule. */
  record Job(Path compiler, String compilerName, String input, String output, List<String> argv) {}

  @Override
  Job check(CompileRequest request) throws Refusal {
    List<String> argv = request.argv();
    ScanResult.Distribute job = distributable(argv);
    judge(job.argv(), job);
    Path compiler = config.compilers().resolve(argv.get(0));
    return new Job(compiler, argv.get(0), job.input(), job.output(), job.argv());
  }

  @Override
  CompileResponse compile(CompileRequest request, Job job, TempDir dir, InputStream client)
      throws IOException {
    Path output =
        dir.resolve("output" + Sources.extension(job.output()).map(e -> "." + e).orElse(""));
    List<String> argv = commandFor(request, job, dir, output);
    List<String> command = new ArrayList<>(argv);
    command.set(0, job.compiler().toString());
    Path stdout = dir.resolve("stdout");
    Path stderr = dir.resolve("stderr");
    ProcessResult result =
        VolunteerCompiler.run(
            config, log, command, dir.path(), jobEnvironment(dir), stdout, stderr, client);
    byte[] errors = Files.readAllBytes(stderr);
    int status = result.waitStatus();
    if (result.timedOut()) {
      errors = append(errors, killedMessage());
      status = CompileResponse.exitStatus(ExitCode.TIMEOUT.code());
    }
    byte[] object = status == 0 && Files.exists(output) ? FileBytes.read(output) : new byte[0];
    return new CompileResponse(
        request.version(), status, errors, Files.readAllBytes(stdout), object);
  }

  /**
   * The compiler's command, its input written into {@code dir}: a directives-only job laid out as
   * ordinary source (identical objects with -g, see {@link OrdinaryCompile}), anything else, or a
   * text that does not lay out, compiled as it came.
   */
  private List<String> commandFor(CompileRequest request, Job job, TempDir dir, Path output)
      throws IOException {
    if (OrdinaryCompile.applies(job.argv())) {
      String name = job.compilerName().substring(job.compilerName().lastIndexOf('/') + 1);
      OrdinaryCompile.Plan plan =
          OrdinaryCompile.prepare(
              job.argv(),
              job.input(),
              output,
              request.source(),
              dir.path(),
              Preprocessing.isGccFamily(name));
      if (plan instanceof OrdinaryCompile.Ordinary ordinary) {
        return ordinary.argv();
      }
      log.info("compiling " + job.input() + " as sent: " + ((OrdinaryCompile.Plain) plan).reason());
    }
    Path input = dir.resolve("input" + Sources.preprocessedExtension(job.input()));
    FileBytes.writeNew(input, request.source());
    return ArgRewriter.withOutput(
        ArgRewriter.withInput(job.argv(), job.input(), input.toString()), output.toString());
  }

  /**
   * The daemon's environment, with TMPDIR in the job directory: gcc's own temporary files stay
   * there.
   */
  private Map<String, String> jobEnvironment(TempDir dir) {
    Map<String, String> env = new HashMap<>(config.environment());
    env.put("TMPDIR", dir.path().toString());
    return env;
  }

  @Override
  CompileResponse refusal(CompileRequest request, String message) {
    byte[] text = ("distccd: " + message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new CompileResponse(
        request.version(),
        CompileResponse.exitStatus(ExitCode.BAD_ARGUMENTS.code()),
        text,
        new byte[0],
        new byte[0]);
  }

  private static byte[] append(byte[] a, String text) {
    byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
