package org.jdistcc.client;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.Leftovers;
import org.jdistcc.Settings;
import org.jdistcc.exec.DirectRunner;
import org.jdistcc.verify.CheckQueue;

/**
 * Everything one job depends on, so that the in-process client and the agent run the same
 * pipeline: its settings (from its own environment, with its working directory), its umask, its
 * output streams, its process id as the monitor shows it, a clock, what to clean up if it is
 * cancelled, and how to run a compiler locally. Nothing in the pipeline reads process-wide state.
 *
 * @param umask the job's umask, applied to the object files it writes
 * @param childUmask the umask to impose on child processes, when they do not inherit the right one
 *     (the agent's own umask differs from the job's); empty in the in-process client
 * @param pid the process id the job's state note and log lines carry: the caller's
 * @param checks where DISTCC_VERIFY checks wait to run after their job (the agent's); empty in the
 *     in-process client, which checks before the job returns
 */
public record JobContext(Settings settings, int umask, Optional<Integer> childUmask, PrintStream out,
    PrintStream err, long pid, Clock clock, Leftovers leftovers, LocalCompiler local,
    Optional<CheckQueue> checks) {

  /** A job whose checks run before it returns. */
  public JobContext(Settings settings, int umask, Optional<Integer> childUmask, PrintStream out,
      PrintStream err, long pid, Clock clock, Leftovers leftovers, LocalCompiler local) {
    this(settings, umask, childUmask, out, err, pid, clock, leftovers, local, Optional.empty());
  }

  /** Runs a compiler here with the caller's terminal, signals and exit status. */
  public interface LocalCompiler {
    /** Runs {@code argv} (argv[0] an executable path) and returns its shell exit status. */
    int run(List<String> argv, Map<String, String> environment) throws IOException;
  }

  /** The in-process client's way: a child process that inherits this process's descriptors. */
  public static LocalCompiler inherited(Settings settings) {
    return new Inherited(settings);
  }

  private record Inherited(Settings settings) implements LocalCompiler {
    @Override
    public int run(List<String> argv, Map<String, String> environment) throws IOException {
      return DirectRunner.runInherited(argv, environment, settings.cwd(), Optional.empty());
    }
  }
}
