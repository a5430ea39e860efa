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
import org.jdistcc.hosts.SlotLocks;
import org.jdistcc.transport.SshPool;
import org.jdistcc.verify.CheckQueue;

/**
 * Everything one job depends on, so that the in-process client and the agent run the same pipeline:
 * its settings (from its own environment, with its working directory), its umask, its output
 * streams, its process id as the monitor shows it, a clock, what to clean up if it is cancelled,
 * how to run a compiler locally, and the process's one table of slot locks. Nothing in the pipeline
 * reads process-wide state.
 *
 * @param out the job's stdout, and {@code err} its stderr: the compiler's messages go there
 * @param messages where distcc's own messages go when DISTCC_LOG does not take them: {@code err},
 *     or the descriptor ccache names in UNCACHED_ERR_FD, so that a cache hit does not replay them
 * @param umask the job's umask, applied to the object files it writes
 * @param childUmask the umask to impose on child processes, when they do not inherit the right one
 *     (the agent's own umask differs from the job's); empty in the in-process client
 * @param pid the process id the job's state note and log lines carry: the caller's
 * @param slotLocks built once per process and shared by all its jobs: see {@link SlotLocks}
 * @param warm what a process that runs many jobs (the agent) keeps across them; empty where each
 *     job has a process of its own
 */
public record JobContext(
    Settings settings,
    int umask,
    Optional<Integer> childUmask,
    PrintStream out,
    PrintStream err,
    PrintStream messages,
    long pid,
    Clock clock,
    Leftovers leftovers,
    LocalCompiler local,
    SlotLocks slotLocks,
    Optional<Warm> warm) {

  /**
   * What the agent keeps across jobs.
   *
   * @param scans what the pragma search found in files (a process per job keeps this in a file of
   *     DISTCC_DIR instead)
   * @param ssh sshj connections to {@code @host} volunteers, a session per job
   * @param checks where DISTCC_VERIFY checks wait to run after their job (the in-process client
   *     checks before the job returns)
   * @param status what {@code distcc --agent-status} prints
   * @param drivers what GCC drivers run to preprocess, so a job can start that program itself
   */
  public record Warm(
      ScanMemo scans,
      SshPool ssh,
      CheckQueue checks,
      Status status,
      org.jdistcc.driver.DriverMemo drivers) {}

  /** Where this job's DISTCC_VERIFY check waits to run after it: the agent's queue, if any. */
  public Optional<CheckQueue> checks() {
    return warm.map(Warm::checks);
  }

  /** The agent's report on itself. */
  public interface Status {
    /** Lines of {@code name value}, each ending in a newline. */
    String report();
  }

  /** The context of a job that runs in a process of its own. */
  public JobContext(
      Settings settings,
      int umask,
      Optional<Integer> childUmask,
      PrintStream out,
      PrintStream err,
      PrintStream messages,
      long pid,
      Clock clock,
      Leftovers leftovers,
      LocalCompiler local,
      SlotLocks slotLocks) {
    this(
        settings,
        umask,
        childUmask,
        out,
        err,
        messages,
        pid,
        clock,
        leftovers,
        local,
        slotLocks,
        Optional.empty());
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
