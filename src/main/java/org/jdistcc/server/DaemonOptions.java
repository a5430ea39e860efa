package org.jdistcc.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.Log;

/**
 * distccd's command line. Parsed by hand: the daemon starts once per connection and the parser must
 * cost nothing. Options of distcc 3.4 that only make sense for a listening daemon are refused with
 * a message saying how to start this one instead.
 */
record DaemonOptions(
    boolean help,
    boolean version,
    List<String> allow,
    boolean allowPrivate,
    Optional<Path> logFile,
    Log.Level logLevel,
    boolean logStderr,
    Duration jobLifetime,
    Duration ioTimeout,
    Optional<Integer> nice,
    Path compilerDir,
    Set<String> allowCompilers,
    Set<String> allowOptions,
    int jobs,
    Duration idleExit) {

  static final String USAGE =
      String.join(
          "\n",
          "Usage: distccd [--inetd] [OPTIONS]",
          "",
          "Serves one distcc job on standard input and output. Start it per connection from",
          "inetd, xinetd, systemd (Accept=yes) or socat, or over ssh as 'distccd --inetd'.",
          "Given a listening socket instead (systemd Accept=no, xinetd wait = yes), it accepts",
          "and serves many jobs, then exits when idle. It never opens a socket of its own.",
          "",
          "Options:",
          "  --inetd                    serve the connection on stdin/stdout (the default)",
          "  -a, --allow ADDR[/BITS]    accept TCP clients from this network (repeatable)",
          "  --allow-private            accept TCP clients from private networks",
          "  --enable-tcp-insecure      accepted for distcc compatibility; see distccd(1)",
          "  --compiler-dir DIR         compilers allowed by name: entries in DIR",
          "                             (default /usr/lib/distcc)",
          "  --allow-compiler NAME      also allow this compiler name or absolute path (repeatable)",
          "  --allow-option ARG         let this exact argument through the argument rules",
          "                             (repeatable), e.g. --allow-option=--sysroot=/opt/arm",
          "  --job-lifetime SECONDS     kill a compile running longer (default 1800, 0 = never)",
          "  --io-timeout SECONDS       give up on a silent client (default 300, 0 = never)",
          "  -j, --jobs N               on an inherited listening socket: jobs at once",
          "                             (default: CPUs + 2)",
          "  --idle-exit SECONDS        on an inherited listening socket: exit after this long",
          "                             without connections (default 600, 0 = never)",
          "  -N, --nice N               run the compiler with this niceness",
          "  --log-file FILE            append log lines to FILE",
          "  --log-level LEVEL          critical, error, warning, notice, info or debug",
          "  --log-stderr               log to standard error (never with xinetd: it is the socket)",
          "  --verbose                  same as --log-level=debug",
          "  --help                     show this help",
          "  --version                  show the version",
          "",
          "Environment: TMPDIR (job directories), PATH (compilers), DISTCC_CMDLIST,",
          "DISTCC_CMDLIST_NUMWORDS. See distccd(1).");

  private static final Set<String> LISTENING_ONLY =
      Set.of(
          "--daemon",
          "--listen",
          "--port",
          "-p",
          "--pid-file",
          "-P",
          "--zeroconf",
          "--stats",
          "--stats-port",
          "--lifetime");

  static DaemonOptions parse(List<String> args) throws DistccException {
    boolean help = false;
    boolean version = false;
    List<String> allow = new ArrayList<>();
    boolean allowPrivate = false;
    Optional<Path> logFile = Optional.empty();
    Log.Level level = Log.Level.NOTICE;
    boolean logStderr = false;
    Duration lifetime = Duration.ofSeconds(1800);
    Duration ioTimeout = Duration.ofSeconds(300);
    Optional<Integer> nice = Optional.empty();
    Path compilerDir = Path.of("/usr/lib/distcc");
    Set<String> compilers = new LinkedHashSet<>();
    Set<String> options = new LinkedHashSet<>();
    int jobs = Runtime.getRuntime().availableProcessors() + 2;
    Duration idleExit = Duration.ofSeconds(600);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (LISTENING_ONLY.contains(name)) {
        throw new DistccException(
            ExitCode.BAD_ARGUMENTS,
            name
                + " is not supported: this distccd opens no listening socket; start it per"
                + " connection from inetd, xinetd, systemd or ssh (see distccd(1))");
      }
      switch (name) {
        case "--help", "-h" -> help = true;
        case "--version" -> version = true;
        case "--inetd", "--no-detach", "--no-fork", "--no-fifo" -> {}
        case "--allow-private" -> allowPrivate = true;
        case "--enable-tcp-insecure",
            "--make-me-a-botnet" -> {} // nothing here runs unchecked commands
        case "--log-stderr" -> logStderr = true;
        case "--verbose" -> level = Log.Level.DEBUG;
        default -> {
          if (!takesValue(name)) {
            throw new DistccException(ExitCode.BAD_ARGUMENTS, "unknown option " + arg);
          }
          if (value == null) {
            if (i + 1 >= args.size()) {
              throw new DistccException(ExitCode.BAD_ARGUMENTS, name + " needs a value");
            }
            value = args.get(++i);
          }
          switch (name) {
            case "--allow", "-a" -> allow.add(value);
            case "--log-file" -> logFile = Optional.of(Path.of(value));
            case "--log-level" -> level = Log.Level.parse(value);
            case "--job-lifetime" -> lifetime = Duration.ofSeconds(number(name, value));
            case "--io-timeout" -> ioTimeout = Duration.ofSeconds(number(name, value));
            case "--nice", "-N" -> nice = Optional.of((int) number(name, value));
            case "--compiler-dir" -> compilerDir = Path.of(value);
            case "--allow-compiler" -> compilers.add(value);
            case "--allow-option" -> options.add(value);
            case "--jobs", "-j" -> jobs = (int) Math.max(1, Math.min(1024, number(name, value)));
            case "--idle-exit" -> idleExit = Duration.ofSeconds(number(name, value));
            case "--oom-score-adj" -> number(name, value);
            case "--user" -> {} // the superserver or ssh already chose the user
            default -> throw new IllegalStateException(name);
          }
        }
      }
    }
    return new DaemonOptions(
        help,
        version,
        allow,
        allowPrivate,
        logFile,
        level,
        logStderr,
        lifetime,
        ioTimeout,
        nice,
        compilerDir,
        compilers,
        options,
        jobs,
        idleExit);
  }

  private static boolean takesValue(String name) {
    return Set.of(
            "--allow",
            "-a",
            "--log-file",
            "--log-level",
            "--job-lifetime",
            "--io-timeout",
            "--nice",
            "-N",
            "--compiler-dir",
            "--allow-compiler",
            "--allow-option",
            "--jobs",
            "-j",
            "--idle-exit",
            "--user",
            "--oom-score-adj")
        .contains(name);
  }

  private static long number(String name, String value) throws DistccException {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new DistccException(
          ExitCode.BAD_ARGUMENTS, name + " needs a whole number, not \"" + value + "\"");
    }
  }
}
