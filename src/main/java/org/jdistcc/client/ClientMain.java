package org.jdistcc.client;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;
import org.jdistcc.MainExit;
import org.jdistcc.Settings;
import org.jdistcc.Umask;
import org.jdistcc.Version;
import org.jdistcc.hosts.HostList;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.hosts.SlotLocks;

/**
 * The {@code distcc} command. Reads the environment once, parses the few options by hand (the
 * client starts once per compile and must stay lean), and hands compile commands to {@link
 * CompileJob}. Turns what went wrong into an exit status here and nowhere else ({@link MainExit}).
 */
public final class ClientMain {
  private ClientMain() {}

  static final String USAGE =
      String.join(
          "\n",
          "Usage: distcc [COMPILER] [compiler options] -c SOURCE [-o OBJECT]",
          "       distcc [--version | --help | --show-hosts | -j | --agent-status]",
          "       distcc --check-hosts [COMPILER...]   (compare volunteers' objects with local ones)",
          "       COMPILER [options]          (through a masquerade link named like the compiler)",
          "",
          "Compiles on the volunteers named in DISTCC_HOSTS, ~/.distcc/hosts or",
          "/etc/distcc/hosts, and locally when a command cannot be distributed.",
          "See distcc(1) for the host syntax and the DISTCC_* environment variables.");

  public static void main(String[] args) {
    org.jdistcc.exec.LaunchMechanism.preferVfork();
    String argv0 = System.getProperty("jdistcc.argv0", "distcc");
    Map<String, String> env = System.getenv();
    Settings settings = Settings.fromEnvironment(env, Umask.ofThisProcess());
    Leftovers leftovers = Leftovers.onShutdown();
    PrintStream messages = UncachedErr.open(settings.uncachedErrFd(), System.out, System.err);
    JobContext context =
        new JobContext(
            settings,
            settings.umask(),
            Optional.empty(),
            System.out,
            System.err,
            messages,
            ProcessHandle.current().pid(),
            Clock.systemUTC(),
            leftovers,
            JobContext.inherited(settings),
            new SlotLocks());
    int exit = run(argv0, Arrays.asList(args), context);
    leftovers.finished();
    System.exit(exit);
  }

  /**
   * Runs one {@code distcc} command as {@code argv0 args...} in its context and returns its exit
   * status. The in-process client and the agent both come here.
   */
  public static int run(String argv0, List<String> args, JobContext context) {
    return run(argv0, args, context, new Includes());
  }

  /**
   * As {@link #run(String, List, JobContext)}, with the include analysis for pump jobs and its
   * caches handed in: the agent keeps one across its jobs.
   */
  public static int run(String argv0, List<String> args, JobContext context, Includes includes) {
    PrintStream logFile = openLogFile(context.settings(), context.messages());
    // As in distcc 3.4: a log file also gets what each job did (info), stderr only warnings.
    Log.Level level =
        context.settings().verbose()
            ? Log.Level.DEBUG
            : logFile != null ? Log.Level.INFO : Log.Level.WARNING;
    Log log =
        logFile != null
            ? new Log(logFile, level, "distcc", context.pid(), Clock.systemDefaultZone())
            : new Log(context.messages(), level, "distcc", context.pid(), null);
    try {
      return run(argv0, args, context, log, includes);
    } finally {
      if (logFile != null) {
        logFile.close(); // the agent opens it once per job
      }
    }
  }

  private static int run(
      String argv0, List<String> args, JobContext context, Log log, Includes includes) {
    Settings settings = context.settings();
    PrintStream out = context.out();
    PrintStream messages = context.messages(); // distcc's own; the compiler's: context.err()
    long pid = context.pid();
    if (context.checks().isPresent()) {
      // What an earlier job's check found after that job had ended.
      for (String line : context.checks().get().takeWarnings(settings.distccDir())) {
        log.warning(line);
        if (!log.enabled(Log.Level.WARNING) || !log.writesTo(messages)) {
          messages.println("distcc: warning: " + line);
        }
      }
    }
    try {
      Invocation invocation = Invocation.parse(argv0, args, settings.cwd());
      if (invocation instanceof Invocation.Usage usage) {
        messages.println("distcc: " + usage.problem());
        messages.println(USAGE);
        return ExitCode.BAD_ARGUMENTS.code();
      }
      Volunteers volunteers =
          Volunteers.create(settings, log, context.clock(), context.slotLocks(), context.warm());
      if (invocation instanceof Invocation.Option option) {
        if (option.name().equals("--agent-status")) {
          return agentStatus(context);
        }
        return option(option.name(), volunteers, out);
      }
      if (invocation instanceof Invocation.CheckHosts check) {
        return new HostCheck(
                settings, out, pid, context.clock(), context.leftovers(), context.slotLocks())
            .run(HostCheck.checkable(volunteers.hosts().hosts(), out), check.compilers());
      }
      return new CompileJob(context, log, volunteers, includes)
          .run((Invocation.Compile) invocation);
    } catch (DistccException e) {
      // Why distcc failed is shown where the user looks, also when DISTCC_LOG takes the rest
      // (distcc 3.4 writes it only to the log, so "cannot find compiler" went unseen).
      log.error(e.getMessage());
      if (!log.enabled(Log.Level.ERROR) || !log.writesTo(messages)) {
        messages.println("distcc: " + e.getMessage());
      }
      return MainExit.status(e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof RuntimeException && log.enabled(Log.Level.DEBUG)) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        log.debug(trace.toString());
      }
      return MainExit.report("distcc", e, messages);
    }
  }

  private static int option(String name, Volunteers volunteers, PrintStream out)
      throws IOException {
    switch (name) {
      case "--version" -> out.println(Version.banner("distcc"));
      case "--help" -> out.println(USAGE);
      case "--show-hosts" -> {
        // Each entry as written, as distcc 3.4 prints it (shuffled under --randomize, as there);
        // then what keeps an up host from jobs.
        HostList list = volunteers.hosts();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < list.hosts().size(); i++) {
          order.add(i);
        }
        if (list.randomize()) {
          Collections.shuffle(order);
        }
        for (int i : order) {
          HostSpec host = list.hosts().get(i);
          Optional<String> quarantined =
              host.down() ? Optional.empty() : volunteers.quarantine().reason(host);
          out.println(
              list.written().get(i)
                  + (host.down()
                      ? ""
                      : quarantined.isPresent()
                          ? "  (in quarantine: " + quarantined.get() + ")"
                          : volunteers.backoff().isBackedOff(host) ? "  (backed off)" : ""));
        }
      }
      case "-j" -> out.println(volunteers.hosts().totalSlots());
      default -> throw new IllegalStateException(name);
    }
    return 0;
  }

  /** {@code --agent-status}: the agent's own report, or why there is none. */
  private static int agentStatus(JobContext context) {
    if (context.warm().isEmpty()) {
      context
          .err()
          .println(
              "distcc: no agent ran this command: it ran in process (DISTCC_AGENT=0,"
                  + " no native launcher, or no private runtime directory)");
      return ExitCode.DISTCC_FAILED.code();
    }
    context.out().print(context.warm().get().status().report());
    return 0;
  }

  /** The DISTCC_LOG file, or null for stderr. */
  private static PrintStream openLogFile(Settings settings, PrintStream err) {
    if (settings.logFile().isPresent()) {
      try {
        return new PrintStream(
            new FileOutputStream(settings.logFile().get().toFile(), true),
            true,
            StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println(
            "distcc: cannot open DISTCC_LOG " + settings.logFile().get() + ": " + e.getMessage());
      }
    }
    return null;
  }
}
