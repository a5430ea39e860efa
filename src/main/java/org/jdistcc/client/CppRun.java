package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.FileBytes;
import org.jdistcc.Log;
import org.jdistcc.args.DependencyArgs;
import org.jdistcc.args.Preprocessing;
import org.jdistcc.args.ScanResult;
import org.jdistcc.cpp.ModeChoice;
import org.jdistcc.cpp.ModeRules;
import org.jdistcc.cpp.RewrittenIncludes;
import org.jdistcc.driver.DriverMemo;
import org.jdistcc.driver.Listing;
import org.jdistcc.exec.DirectRunner;

/**
 * The client's preprocessing of one job, in the mode {@link ModeRules} chose, started early so that
 * connecting to the volunteer overlaps it. Finishing it checks a directives-only result and
 * preprocesses again with classic {@code -E} when the text is unsafe, or when directives-only
 * failed (GCC refuses {@code __COUNTER__} in a directive, for one). clang's rewrite-includes text
 * is checked the same way, and its first line marker made to name the main file. When preprocessing
 * fails in the mode finally used, nothing is reported here: the caller compiles locally, so the
 * user sees exactly what a one-step compile says (a separate preprocessor ignores {@code #pragma
 * GCC diagnostic} for its own warnings, which {@code -Werror} turns into a different status).
 *
 * <p>Which mode is safe is decided in {@link ModeRules}; this class only runs the preprocessor.
 */
final class CppRun {
  /** How preprocessing ended. */
  sealed interface Result {}

  /** The text to send, the mode it was made in, and the preprocessor's messages. */
  record Preprocessed(ModeChoice choice, byte[] text, byte[] stderr) implements Result {}

  /** No usable text: compile this job locally, for this reason. */
  record Unusable(String why) implements Result {}

  private final List<String> local;
  private final ScanResult.Distribute job;
  private final Path output;

  /** What the last run printed on stderr, read from its pipe before waiting for it. */
  private byte[] messages = new byte[0];

  private final Map<String, String> env;
  private final Log log;
  private final Path scanCache;
  private final JobContext context;
  private ModeChoice choice;
  private Process process;

  private CppRun(
      List<String> local,
      ScanResult.Distribute job,
      Path output,
      Map<String, String> env,
      Log log,
      ModeChoice choice,
      Path scanCache,
      JobContext context) {
    this.context = context;
    this.local = local;
    this.job = job;
    this.output = output;
    this.env = env;
    this.log = log;
    this.choice = choice;
    this.scanCache = scanCache;
  }

  /**
   * Starts the preprocessor.
   *
   * @param local the user's command with the compiler's executable first
   * @param output where the preprocessed text goes
   * @param scanCache the {@link ScanCache} file: what earlier jobs found in the files that a
   *     directives-only text names (read only once the preprocessor runs; not used when the context
   *     has a {@link ScanMemo})
   * @param context the job's working directory, umask for children and cancellation list
   */
  static CppRun start(
      List<String> local,
      ScanResult.Distribute job,
      Path output,
      Map<String, String> env,
      Log log,
      ModeChoice choice,
      Path scanCache,
      JobContext context)
      throws IOException {
    CppRun run = new CppRun(local, job, output, env, log, choice, scanCache, context);
    run.process = run.launch();
    return run;
  }

  /** The mode currently run, for logging. */
  ModeChoice choice() {
    return choice;
  }

  /** Stops the preprocessor; the job will not be sent. */
  void cancel() throws IOException {
    DirectRunner.destroyTree(process);
    DirectRunner.waitFor(process);
    context.leftovers().remove(process);
  }

  /** Waits for the preprocessor and returns the text to send, preprocessing again if needed. */
  Result finish() throws IOException {
    int status = waitFor();
    if (choice.mode() != Preprocessing.CLASSIC) {
      Optional<String> unsafe;
      byte[] text = null;
      if (status != 0) {
        unsafe = Optional.of(choice.mode() + " preprocessing failed with status " + status);
      } else {
        text = FileBytes.read(output);
        Path cwd = context.settings().cwd();
        ScanCache cache =
            context.warm().isPresent()
                ? ScanCache.over(context.warm().get().scans(), cwd)
                : ScanCache.load(scanCache, log, cwd);
        unsafe = ModeRules.checkFiles(text, cache);
        cache.save();
      }
      if (unsafe.isEmpty() && choice.mode() == Preprocessing.REWRITE_INCLUDES) {
        unsafe = ModeRules.checkRewritten(text, messages);
      }
      if (unsafe.isEmpty() && choice.mode() == Preprocessing.REWRITE_INCLUDES) {
        Optional<byte[]> ready = RewrittenIncludes.forVolunteer(text);
        if (ready.isEmpty()) {
          unsafe = Optional.of("the rewritten text has no main file marker after <built-in>");
        } else {
          text = ready.get();
        }
      }
      if (unsafe.isEmpty()) {
        return new Preprocessed(choice, text, messages);
      }
      log.debug("preprocessing " + job.input() + " again with plain -E");
      choice = new ModeChoice(Preprocessing.CLASSIC, unsafe.get());
      process = launch();
      status = waitFor();
    }
    if (status != 0) {
      return new Unusable(choice.mode() + " preprocessing failed with status " + status);
    }
    return new Preprocessed(choice, FileBytes.read(output), messages);
  }

  private Process launch() throws IOException {
    List<String> cpp =
        DependencyArgs.preprocessCommand(local, job, output.toString(), choice.mode());
    log.debug("preprocessing (" + choice + "): " + String.join(" ", cpp));
    List<String> run = cpp;
    Map<String, String> runEnv = env;
    if (context.warm().isPresent()) {
      Optional<Listing> direct =
          context
              .warm()
              .get()
              .drivers()
              .direct(
                  cpp,
                  job.input(),
                  output.toString(),
                  env,
                  context.settings().cwd().toString(),
                  new DriverLister());
      if (direct.isPresent()) {
        run = direct.get().argv();
        runEnv = new HashMap<>(env);
        runEnv.putAll(direct.get().environment());
        log.debug("as the driver would: " + String.join(" ", run));
      }
    }
    return startTracked(run, runEnv);
  }

  /** Starts a child with stderr to a pipe, listed for cancelling: the job's Ctrl-C kills it. */
  private Process startTracked(List<String> argv, Map<String, String> environment)
      throws IOException {
    Process started =
        DirectRunner.startErrToPipe(
            argv,
            environment,
            context.settings().cwd(),
            context.childUmask(),
            Path.of("/dev/null"));
    if (!context.leftovers().add(started)) {
      DirectRunner.destroyTree(started);
      throw new DistccException(ExitCode.DISTCC_FAILED, "cancelled");
    }
    return started;
  }

  /** The driver's {@code -###} listing for a command, run as the preprocessor would be. */
  private final class DriverLister implements DriverMemo.Lister {
    @Override
    public Optional<String> listing(List<String> argv) throws IOException {
      Map<String, String> c = new HashMap<>(env);
      c.put("LC_ALL", "C"); // the driver's lines about itself untranslated
      Process p = startTracked(argv, c);
      byte[] text;
      try (java.io.InputStream err = p.getErrorStream()) {
        text = err.readAllBytes();
      }
      int status = DirectRunner.waitFor(p);
      context.leftovers().remove(p);
      return status == 0
          ? Optional.of(new String(text, java.nio.charset.StandardCharsets.UTF_8))
          : Optional.empty();
    }
  }

  private int waitFor() throws IOException {
    try (java.io.InputStream err = process.getErrorStream()) {
      messages = err.readAllBytes();
    }
    int status = DirectRunner.waitFor(process);
    context.leftovers().remove(process);
    return status;
  }
}
