package org.jdistcc.monitor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.MainExit;
import org.jdistcc.Settings;
import org.jdistcc.state.JobState;
import org.jdistcc.state.StateDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code distccmon-text}: the jobs running now, from the clients' state notes, once or every DELAY
 * seconds; or, with {@code --trace}, a report of a finished build from DISTCC_TRACE records. Not on
 * any compile's path, so it can afford picocli.
 */
@Command(
    name = "distccmon-text",
    mixinStandardHelpOptions = true,
    versionProvider = MonitorMain.Version.class,
    description =
        "Shows the distcc jobs running now (one line each: pid, phase, file, host[slot]), once,"
            + " or every DELAY seconds until interrupted. With --trace, reports on a build traced with"
            + " DISTCC_TRACE and writes it as a Chrome/Perfetto trace. See distccmon-text(1).")
public final class MonitorMain implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "DELAY", description = "refresh every DELAY seconds")
  Double delay;

  @Option(
      names = "--trace",
      paramLabel = "PATH",
      description = "DISTCC_TRACE file or directory (repeatable)")
  List<Path> trace;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "with --trace: write the Chrome trace JSON here")
  Path out;

  private final Settings settings;
  private final PrintStream stdout;
  private final Clock clock;

  MonitorMain(Settings settings, PrintStream stdout, Clock clock) {
    this.settings = settings;
    this.stdout = stdout;
    this.clock = clock;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"distccmon-text (jdistcc) " + org.jdistcc.Version.TEXT};
    }
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    Settings settings = Settings.fromEnvironment(env, org.jdistcc.Umask.DEFAULT);
    System.exit(run(settings, System.out, System.err, args));
  }

  static int run(Settings settings, PrintStream out, PrintStream err, String... args) {
    CommandLine line = new CommandLine(new MonitorMain(settings, out, Clock.systemUTC()));
    line.setOut(new java.io.PrintWriter(out, true));
    line.setErr(new java.io.PrintWriter(err, true));
    line.setExecutionExceptionHandler(
        (e, cmd, parsed) -> MainExit.report("distccmon-text", e, err));
    return line.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (trace != null && !trace.isEmpty()) {
      return report();
    }
    if (out != null) {
      throw new DistccException(ExitCode.BAD_ARGUMENTS, "--out goes with --trace");
    }
    StateDir state = new StateDir(settings.distccDir().resolve("state"));
    do {
      print(state.running());
      if (delay != null) {
        Thread.sleep((long) (delay * 1000));
      }
    } while (delay != null);
    return 0;
  }

  private void print(List<JobState> jobs) {
    StringBuilder b = new StringBuilder();
    long now = clock.millis();
    for (JobState job : jobs) {
      String where = job.host().map(h -> h + "[" + job.slot() + "]").orElse("localhost");
      b.append(
          String.format(
              "%7d  %-10s %-40s %-30s %6.1f s%n",
              job.pid(),
              job.phase().label(),
              job.file().isEmpty() ? "(no source)" : job.file(),
              where,
              (now - job.sinceMillis()) / 1000.0));
    }
    if (delay != null) {
      b.append('\n');
    }
    stdout.print(b);
    stdout.flush();
  }

  private int report() throws DistccException {
    TraceReport report = TraceReport.read(trace);
    if (out != null) {
      try {
        Files.writeString(out, report.chromeTrace(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new DistccException(ExitCode.IO_ERROR, "cannot write " + out + ": " + e.getMessage());
      }
      stdout.println(
          "wrote "
              + out
              + " ("
              + report.jobs().size()
              + " jobs; open it in ui.perfetto.dev"
              + " or chrome://tracing)");
    }
    report.summary(stdout);
    return 0;
  }
}
