package org.jdistcc.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.FileBytes;
import org.jdistcc.TempDir;
import org.jdistcc.args.ArgRewriter;
import org.jdistcc.args.DependencyArgs;
import org.jdistcc.elf.ObjectComparison;
import org.jdistcc.exec.DirectRunner;
import org.jdistcc.exec.ProcessGroup;

/**
 * Compiles a job's request again here, as the volunteer should have: the same preprocessed text
 * (not the sources, which may have changed since) and the same arguments, with the local compiler
 * in place of the name the volunteer resolved, and compares the result with the volunteer's object.
 * Runs under {@code nice -n 19} unless asked not to, so that checking never competes with the build
 * for the processor.
 *
 * @param compiler the local compiler executable
 * @param remoteArgv the command the volunteer ran, as sent (compiler name first)
 * @param input the source argument in {@code remoteArgv}
 * @param preprocessed the text sent to the volunteer
 * @param preprocessedName a file name with the suffix the compiler needs for it ({@code x.i})
 * @param sources for a pump job, whose volunteer preprocessed: the sources are compiled again where
 *     they are, in the job's directory, as long as every file sent is unchanged; then {@code
 *     preprocessed} is empty and {@code remoteArgv} is the user's command
 */
public record Recompile(
    Path compiler,
    List<String> remoteArgv,
    String input,
    byte[] preprocessed,
    String preprocessedName,
    Optional<Sources> sources) {
  public Recompile {
    remoteArgv = List.copyOf(remoteArgv);
  }

  /** A job whose text was preprocessed here: that text is compiled again. */
  public Recompile(
      Path compiler,
      List<String> remoteArgv,
      String input,
      byte[] preprocessed,
      String preprocessedName) {
    this(compiler, remoteArgv, input, preprocessed, preprocessedName, Optional.empty());
  }

  /**
   * A pump job's sources: where the job ran, and the files sent as they were then.
   *
   * @param cwd the job's working directory
   * @param stamps every file the volunteer was sent
   */
  public record Sources(Path cwd, SourceStamps stamps) {}

  /** A pump job: {@code argv} (the user's command) compiled again in {@code cwd}. */
  public static Recompile ofSources(
      Path compiler, List<String> argv, String input, Path cwd, SourceStamps stamps) {
    return new Recompile(
        compiler, argv, input, new byte[0], "", Optional.of(new Sources(cwd, stamps)));
  }

  /**
   * What the check found: the comparison, or the local compiler's failure (then the volunteer's
   * result cannot be judged and nobody is blamed).
   *
   * @param localObject the object compiled here; empty when the compile failed
   */
  public record Result(ObjectComparison comparison, byte[] localObject, String localFailure) {
    public boolean mismatch() {
      return localFailure.isEmpty() && comparison.verdict() == ObjectComparison.Verdict.DIFFERENT;
    }
  }

  /**
   * Compiles here in a private directory under {@code tmp} and compares with {@code remoteObject}.
   */
  public Result run(byte[] remoteObject, Map<String, String> env, Path tmp, boolean idle)
      throws IOException {
    return run(remoteObject, env, tmp, idle, Optional.empty());
  }

  /**
   * Whether a deferred check's compiler may run now: asked every few milliseconds while it runs.
   * Once it says no, the compiler is stopped until it says yes again, and it should give back what
   * a job could wait for (a local slot) meanwhile, or a job would wait for a stopped check.
   */
  public interface Permit {
    boolean mayRun() throws IOException;
  }

  /**
   * As {@link #run}, at nice 19, for a check that runs after its job: its compiler runs in a
   * process group of its own, which is stopped whenever {@code permit} says no (a job of the agent
   * started) and continued once it says yes again.
   */
  public Result runWhenIdle(byte[] remoteObject, Map<String, String> env, Path tmp, Permit permit)
      throws IOException {
    return run(remoteObject, env, tmp, true, Optional.of(permit));
  }

  private Result run(
      byte[] remoteObject, Map<String, String> env, Path tmp, boolean idle, Optional<Permit> gate)
      throws IOException {
    if (sources.isPresent() && sources.get().stamps().firstChanged().isPresent()) {
      return sourcesChanged(remoteObject, sources.get().stamps().firstChanged().get());
    }
    try (TempDir temp = TempDir.create(tmp, "distcc-verify-")) {
      Path object = temp.resolve("verify.o");
      Path err = temp.resolve("verify.err");
      List<String> argv = new ArrayList<>(remoteArgv);
      argv.set(0, compiler.toString());
      Path dir = temp.path();
      if (sources.isPresent()) {
        argv = new ArrayList<>(DependencyArgs.withoutDependencyFile(argv));
        dir = sources.get().cwd();
      } else {
        Path source = temp.resolve(preprocessedName);
        Files.write(source, preprocessed);
        argv = new ArrayList<>(ArgRewriter.withInput(argv, input, source.toString()));
      }
      if (hasOutput(argv)) {
        argv = ArgRewriter.withOutput(argv, object.toString());
      } else {
        argv.addAll(List.of("-o", object.toString()));
      }
      if (idle) {
        argv.addAll(0, List.of("nice", "-n", "19"));
      }
      int status =
          gate.isPresent()
              ? waitPausing(
                  ProcessGroup.start(argv, env, dir, Path.of("/dev/null"), err), gate.get())
              : DirectRunner.waitFor(
                  DirectRunner.startToFiles(
                      argv, env, dir, Optional.empty(), Path.of("/dev/null"), err));
      if (status != 0 || !Files.exists(object)) {
        String said = Files.readString(err, StandardCharsets.UTF_8).strip();
        return new Result(
            ObjectComparison.of(remoteObject, new byte[0]),
            new byte[0],
            "status "
                + status
                + (said.isEmpty() ? "" : ": " + said.lines().findFirst().orElse("")));
      }
      if (sources.isPresent() && sources.get().stamps().firstChanged().isPresent()) {
        return sourcesChanged(remoteObject, sources.get().stamps().firstChanged().get());
      }
      byte[] local = FileBytes.read(object);
      return new Result(ObjectComparison.of(remoteObject, local), local, "");
    }
  }

  /** Nothing to judge: the files the volunteer compiled are not the ones here any more. */
  private static Result sourcesChanged(byte[] remoteObject, Path file) {
    return new Result(
        ObjectComparison.of(remoteObject, new byte[0]),
        new byte[0],
        "the sources changed since the job (" + file + ")");
  }

  /** Waits for the compile, keeping it stopped while {@code permit} says no. */
  private static int waitPausing(ProcessGroup group, Permit permit) throws IOException {
    try {
      while (!group.waitFor(POLL)) {
        if (permit.mayRun()) {
          group.resume();
        } else {
          group.stop();
        }
      }
      return group.exitValue();
    } catch (InterruptedException e) {
      group.destroy();
      Thread.currentThread().interrupt();
      throw new DistccException(ExitCode.DISTCC_FAILED, "interrupted while checking");
    } catch (IOException | RuntimeException e) {
      group.destroy();
      throw e;
    }
  }

  /** How often a running check asks whether the client is still idle. */
  private static final Duration POLL = Duration.ofMillis(10);

  private static boolean hasOutput(List<String> argv) {
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("-MF") || a.equals("-MT") || a.equals("-MQ")) {
        i++;
      } else if (a.startsWith("-o")) {
        return true;
      }
    }
    return false;
  }
}
