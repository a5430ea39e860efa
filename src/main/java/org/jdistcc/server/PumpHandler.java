package org.jdistcc.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
import org.jdistcc.args.PumpArgs;
import org.jdistcc.args.ScanResult;
import org.jdistcc.args.Sources;
import org.jdistcc.exec.ProcessResult;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.PumpCodec;
import org.jdistcc.protocol.PumpRequest;
import org.jdistcc.protocol.PumpResponse;

/**
 * Serves one protocol 3 (pump) job after {@link JobHandler} read its version: unpack the client's
 * files under a private root ({@link ClientTree}), run the compiler there with the paths rewritten
 * ({@link PumpArgs}), answer with the object and the dependency file in the client's paths. The
 * same argument rules as for protocol 2 apply, to the command as the user wrote it.
 */
final class PumpHandler extends VolunteerJob<PumpRequest, PumpHandler.Job, PumpResponse> {
  private final SystemIncludeDirs systemDirs;

  PumpHandler(DaemonConfig config, Log log, Leftovers leftovers, SystemIncludeDirs systemDirs) {
    super(config, log, leftovers, "pump job");
    this.systemDirs = systemDirs;
  }

  /** Serves the rest of the connection and returns the daemon's exit status. */
  int serve(InputStream in, OutputStream out, String client, Watchdog watchdog, long start) {
    PumpRequest request;
    try {
      watchdog.arm("reading the request");
      request = PumpCodec.readRequestBody(in, config.limits());
    } catch (IOException e) {
      return unreadable(client, e, start);
    } finally {
      watchdog.disarm();
    }
    return answer(request, in, out, client, watchdog, start);
  }

  @Override
  boolean succeeded(PumpResponse answer) {
    return answer.result().succeeded();
  }

  @Override
  int waitStatus(PumpResponse answer) {
    return answer.result().waitStatus();
  }

  @Override
  String names(Job job) {
    return job.compilerName() + " " + job.scan().input();
  }

  @Override
  void write(PumpResponse answer, OutputStream out) throws IOException {
    PumpCodec.writeResponse(answer, out);
  }

  record Job(Path compiler, String compilerName, ScanResult.Distribute scan, boolean hadOutput) {}

  @Override
  Job check(PumpRequest request) throws Refusal {
    List<String> argv = request.argv();
    ScanResult.Distribute job = distributable(argv);
    // The dependency file's name is the volunteer's choice (it is rewritten), so the rules judge
    // the command without it; everything else, include options too, is judged as sent.
    judge(PumpArgs.withoutDependencyFile(job.argv()), job);
    Path compiler = config.compilers().resolve(argv.get(0));
    return new Job(compiler, argv.get(0), job, job.argv().size() == argv.size());
  }

  @Override
  PumpResponse compile(PumpRequest request, Job job, TempDir dir, InputStream client)
      throws IOException {
    Path rootDir = dir.resolve("root");
    Files.createDirectory(rootDir);
    ClientTree tree = new ClientTree(rootDir, () -> systemDirs.of(job.compiler()));
    Path cwd = tree.makeDirectory(request.cwd());
    tree.unpack(request.entries());
    log.log(
        Log.Level.NOTICE,
        "pump job for "
            + job.scan().input()
            + ": "
            + request.entries().size()
            + " files and links unpacked");
    String root = tree.root().toString();
    Path object =
        dir.resolve("output" + Sources.extension(job.scan().output()).map(e -> "." + e).orElse(""));
    Path deps = dir.resolve("deps.d");
    List<String> argv =
        PumpArgs.forVolunteer(
            job.scan(), job.hadOutput(), root, deps.toString(), object.toString());
    List<String> command = new ArrayList<>(argv);
    command.set(0, job.compiler().toString());
    Path stdout = dir.resolve("stdout");
    Path stderr = dir.resolve("stderr");
    ProcessResult result =
        VolunteerCompiler.run(
            config, log, command, cwd, jobEnvironment(dir), stdout, stderr, client);
    String errors = read(stderr).replace(root + "/", "/");
    int status = result.waitStatus();
    if (result.timedOut()) {
      errors += killedMessage();
      status = CompileResponse.exitStatus(ExitCode.TIMEOUT.code());
    }
    boolean ok = status == 0 && Files.exists(object);
    byte[] objectBytes = ok ? FileBytes.read(object) : new byte[0];
    byte[] dotd =
        ok && Files.exists(deps)
            ? PumpArgs.clientDependencies(read(deps), root, isClang(job))
                .getBytes(StandardCharsets.ISO_8859_1)
            : new byte[0];
    return new PumpResponse(
        new CompileResponse(
            ProtocolVersion.PUMP,
            status,
            errors.getBytes(StandardCharsets.ISO_8859_1),
            Files.readAllBytes(stdout),
            objectBytes),
        dotd);
  }

  private static boolean isClang(Job job) {
    return job.compiler().getFileName().toString().contains("clang");
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
  }

  private Map<String, String> jobEnvironment(TempDir dir) {
    Map<String, String> env = new HashMap<>(config.environment());
    env.put("TMPDIR", dir.path().toString());
    // Include paths from the daemon's environment would reach outside what the client sent.
    env.remove("CPATH");
    env.remove("C_INCLUDE_PATH");
    env.remove("CPLUS_INCLUDE_PATH");
    env.remove("OBJC_INCLUDE_PATH");
    return env;
  }

  @Override
  PumpResponse refusal(PumpRequest request, String message) {
    byte[] text = ("distccd: " + message + "\n").getBytes(StandardCharsets.UTF_8);
    return new PumpResponse(
        new CompileResponse(
            ProtocolVersion.PUMP,
            CompileResponse.exitStatus(ExitCode.BAD_ARGUMENTS.code()),
            text,
            new byte[0],
            new byte[0]),
        new byte[0]);
  }
}
