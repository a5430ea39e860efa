package org.jdistcc.client;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;
import org.jdistcc.Settings;
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
    Settings settings = Settings.fromEnvironment(env, umask());
    System.exit(run(argv0, Arrays.asList(args), settings, System.out, System.err));
  }

  /** This process's umask, which objects are written with (see {@link ObjectFile}). */
  private static int umask() {
    try {
      return Settings.umaskOf(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status")));
    } catch (IOException e) {
      return Settings.DEFAULT_UMASK;
    }
  }

  static int run(String argv0, List<String> args, Settings settings, PrintStream out, PrintStream err) {
    long pid = ProcessHandle.current().pid();
    Log log = openLog(settings, err, pid);
    try {
      Invocation invocation = Invocation.parse(argv0, args);
      if (invocation instanceof Invocation.Usage usage) {
        err.println("distcc: " + usage.problem());
        err.println(USAGE);
        return ExitCode.BAD_ARGUMENTS.code();
      }
      Volunteers volunteers = Volunteers.create(settings, log, Clock.systemUTC());
      if (invocation instanceof Invocation.Option option) {
        return option(option.name(), volunteers, out);
      }
      Leftovers leftovers = Leftovers.onShutdown();
      if (invocation instanceof Invocation.CheckHosts check) {
        int status = new HostCheck(settings, out, pid, Clock.systemUTC(), leftovers)
            .run(HostCheck.checkable(volunteers.hosts().hosts(), out), check.compilers());
        leftovers.finished();
        return status;
      }
      int exit = new CompileJob(settings, log, volunteers, out, err, pid,
          Clock.systemUTC(), leftovers).run((Invocation.Compile) invocation);
      leftovers.finished();
      return exit;
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
          java.util.Optional<String> quarantined = volunteers.quarantined(host);
          out.println(host + (host.down() ? "  (down)" : quarantined.isPresent()
              ? "  (in quarantine: " + quarantined.get() + ")"
              : volunteers.isBackedOff(host) ? "  (backed off)" : ""));
        }
      }
      case "-j" -> out.println(volunteers.totalSlots(volunteers.hosts()));
      default -> throw new IllegalStateException(name);
    }
    return 0;
  }

  private static Log openLog(Settings settings, PrintStream err, long pid) {
    Log.Level level = settings.verbose() ? Log.Level.DEBUG : Log.Level.WARNING;
    if (settings.logFile().isPresent()) {
      try {
        PrintStream file =
            new PrintStream(
                new FileOutputStream(settings.logFile().get().toFile(), true), true, StandardCharsets.UTF_8);
        return new Log(file, level, "distcc", pid, Clock.systemDefaultZone());
      } catch (IOException e) {
        err.println("distcc: cannot open DISTCC_LOG " + settings.logFile().get() + ": " + e.getMessage());
      }
    }
    return new Log(err, level, "distcc", pid, null);
  }
}
