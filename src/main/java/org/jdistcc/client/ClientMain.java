package org.jdistcc.client;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;
import org.jdistcc.Settings;
import org.jdistcc.Umask;
import org.jdistcc.Version;
import org.jdistcc.hosts.HostSpec;

/**
 * The {@code distcc} command. Reads the environment once, parses the few options by hand (the
 * client starts once per compile and must stay lean), and hands compile commands to {@link
 * CompileJob}. Maps every DistccException to its exit code here and nowhere else.
 */
public final class ClientMain {
  private ClientMain() {}

  static final String USAGE =
      String.join(
          "\n",
          "Usage: distcc [COMPILER] [compiler options] -c SOURCE [-o OBJECT]",
          "       distcc [--version | --help | --show-hosts | -j]",
          "       distcc --check-hosts [COMPILER...]   (compare volunteers' objects with local ones)",
          "       COMPILER [options]          (through a masquerade link named like the compiler)",
          "",
          "Compiles on the volunteers named in DISTCC_HOSTS, ~/.distcc/hosts or",
          "/etc/distcc/hosts, and locally when a command cannot be distributed.",
          "See distcc(1) for the host syntax and the DISTCC_* environment variables.");

  public static void main(String[] args) {
    String argv0 = System.getProperty("jdistcc.argv0", "distcc");
    Map<String, String> env = System.getenv();
    Settings settings = Settings.fromEnvironment(env, Umask.ofThisProcess());
    Leftovers leftovers = Leftovers.onShutdown();
    JobContext context = new JobContext(settings, settings.umask(), Optional.empty(), System.out,
        System.err, ProcessHandle.current().pid(), Clock.systemUTC(), leftovers,
        JobContext.inherited(settings));
    int exit = run(argv0, Arrays.asList(args), context);
    leftovers.finished();
    System.exit(exit);
  }

  /**
   * Runs one {@code distcc} command as {@code argv0 args...} in its context and returns its exit
   * status. The in-process client and the agent both come here.
   */
  public static int run(String argv0, List<String> args, JobContext context) {
    PrintStream logFile = openLogFile(context.settings(), context.err());
    Log.Level level = context.settings().verbose() ? Log.Level.DEBUG : Log.Level.WARNING;
    Log log = logFile != null ? new Log(logFile, level, "distcc", context.pid(), Clock.systemDefaultZone())
        : new Log(context.err(), level, "distcc", context.pid(), null);
    try {
      return run(argv0, args, context, log);
    } finally {
      if (logFile != null) {
        logFile.close(); // the agent opens it once per job
      }
    }
  }

  private static int run(String argv0, List<String> args, JobContext context, Log log) {
    Settings settings = context.settings();
    PrintStream out = context.out();
    PrintStream err = context.err();
    long pid = context.pid();
    if (context.checks().isPresent()) {
      // What an earlier job's check found after that job had ended.
      for (String line : context.checks().get().takeWarnings(settings.distccDir())) {
        log.warning(line);
        if (!log.enabled(Log.Level.WARNING) || !log.writesTo(err)) {
          err.println("distcc: warning: " + line);
        }
      }
    }
    try {
      Invocation invocation = Invocation.parse(argv0, args, settings.cwd());
      if (invocation instanceof Invocation.Usage usage) {
        err.println("distcc: " + usage.problem());
        err.println(USAGE);
        return ExitCode.BAD_ARGUMENTS.code();
      }
      Volunteers volunteers = Volunteers.create(settings, log, context.clock());
      if (invocation instanceof Invocation.Option option) {
        return option(option.name(), volunteers, out);
      }
      if (invocation instanceof Invocation.CheckHosts check) {
        return new HostCheck(settings, out, pid, context.clock(), context.leftovers())
            .run(HostCheck.checkable(volunteers.hosts().hosts(), out), check.compilers());
      }
      return new CompileJob(context, log, volunteers).run((Invocation.Compile) invocation);
    } catch (DistccException e) {
      // Why distcc failed is shown where the user looks, also when DISTCC_LOG takes the rest
      // (distcc 3.4 writes it only to the log, so "cannot find compiler" went unseen).
      log.error(e.getMessage());
      if (!log.enabled(Log.Level.ERROR) || !log.writesTo(err)) {
        err.println("distcc: " + e.getMessage());
      }
      return e.exitCode().code();
    } catch (IOException e) {
      err.println("distcc: " + e.getMessage());
      return ExitCode.IO_ERROR.code();
    } catch (RuntimeException e) {
      // A bug: say where in one line (the whole trace under DISTCC_VERBOSE) instead of a
      // stack trace among the compiler's messages.
      StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
      err.println("distcc: internal error: " + e + (at == null ? "" : " at " + at));
      if (log.enabled(Log.Level.DEBUG)) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        log.debug(trace.toString());
      }
      return ExitCode.DISTCC_FAILED.code();
    }
  }

  private static int option(String name, Volunteers volunteers, PrintStream out) throws IOException {
    switch (name) {
      case "--version" -> out.println(Version.banner("distcc"));
      case "--help" -> out.println(USAGE);
      case "--show-hosts" -> {
        for (HostSpec host : volunteers.hosts().hosts()) {
          java.util.Optional<String> quarantined = volunteers.quarantine().reason(host);
          out.println(host + (host.down() ? "  (down)" : quarantined.isPresent()
              ? "  (in quarantine: " + quarantined.get() + ")"
              : volunteers.backoff().isBackedOff(host) ? "  (backed off)" : ""));
        }
      }
      case "-j" -> out.println(volunteers.hosts().totalSlots());
      default -> throw new IllegalStateException(name);
    }
    return 0;
  }

  /** The DISTCC_LOG file, or null for stderr. */
  private static PrintStream openLogFile(Settings settings, PrintStream err) {
    if (settings.logFile().isPresent()) {
      try {
        return new PrintStream(
            new FileOutputStream(settings.logFile().get().toFile(), true), true, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("distcc: cannot open DISTCC_LOG " + settings.logFile().get() + ": " + e.getMessage());
      }
    }
    return null;
  }

}
