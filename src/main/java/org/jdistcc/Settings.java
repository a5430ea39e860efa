package org.jdistcc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The client's environment (DISTCC_* and friends), read once in main and passed down. Nothing below
 * main reads the environment. Defaults are distcc 3.4's.
 *
 * @param hosts DISTCC_HOSTS, if set; set but empty is kept: distcc 3.4 then distributes nothing
 * @param distccDir DISTCC_DIR, default ~/.distcc: locks, backoff state, hosts file
 * @param verbose DISTCC_VERBOSE=1
 * @param logFile DISTCC_LOG: client messages go there instead of stderr
 * @param fallback DISTCC_FALLBACK (default on): compile locally when distribution fails
 * @param saveTemps DISTCC_SAVE_TEMPS=1: keep temporary files
 * @param ssh DISTCC_SSH: the command for SSH hosts, split on spaces as distcc 3.4 does (default: in
 *     process)
 * @param ioTimeout DISTCC_IO_TIMEOUT, default 300 s, read as C's atoi reads it; a value that reads
 *     as 0 or less is the default here and refused by {@link #checkIoTimeout} once a job goes to a
 *     volunteer
 * @param pause DISTCC_PAUSE_TIME_MSEC, default 1000 ms: wait when every slot is busy; a negative
 *     value is 0
 * @param skipLocalRetry DISTCC_SKIP_LOCAL_RETRY: do not recompile locally after a remote failure
 * @param backoffPeriod DISTCC_BACKOFF_PERIOD, default 60 s; zero disables backoff, and so does a
 *     negative value (with distcc 3.4 a host is then never found backed off)
 * @param tmpDir TMPDIR, default /tmp
 * @param uncachedErrFd UNCACHED_ERR_FD, a descriptor above 0 (distcc ignores 0 and non-numbers):
 *     ccache's copy of its own stderr, where distcc's messages go so that they are not cached
 * @param path PATH, to find compilers
 * @param environment the whole environment, for child processes
 * @param sshDir the user's ~/.ssh, for the in-process SSH transport
 * @param user the local user name (USER, LOGNAME), the SSH login when nothing else names one
 * @param trace DISTCC_TRACE: a file or directory that receives one record per job
 * @param classicCpp DISTCC_CLASSIC_CPP=1: preprocess with plain -E, as distcc 3.4 (see
 *     args.Preprocessing)
 * @param noRewriteCross DISTCC_NO_REWRITE_CROSS set: send compiler names as given (see
 *     args.CrossRewrite)
 * @param umask the file creation mask objects are written with: the process's own, read in main, or
 *     the one a launcher hands over with a job
 * @param cwd the job's working directory, absolute: relative paths in its arguments and in the
 *     variables above are resolved against it, and its child processes start there
 */
public record Settings(
    Optional<String> hosts,
    Path distccDir,
    boolean verbose,
    Optional<Path> logFile,
    boolean fallback,
    boolean saveTemps,
    Optional<String> ssh,
    Duration ioTimeout,
    Duration pause,
    boolean skipLocalRetry,
    Duration backoffPeriod,
    Path tmpDir,
    Optional<Integer> uncachedErrFd,
    String path,
    Map<String, String> environment,
    Path sshDir,
    String user,
    Optional<Path> trace,
    boolean classicCpp,
    boolean noRewriteCross,
    int umask,
    Path cwd) {

  public Settings {
    environment = Map.copyOf(environment);
    if (!cwd.isAbsolute()) {
      throw new IllegalArgumentException("working directory not absolute: " + cwd);
    }
  }

  /**
   * The settings of this process: the environment, with ~ being $HOME as distcc reads it (for
   * ~/.distcc and ~/.ssh), or the password file's home directory when HOME is unset.
   */
  public static Settings fromEnvironment(Map<String, String> env, int umask) {
    return from(
        env,
        homeOf(env, Path.of(System.getProperty("user.home"))),
        Path.of(System.getProperty("user.dir")),
        umask);
  }

  /** $HOME as distcc reads it, or {@code passwdHome} (the password file's) when HOME is unset. */
  public static Path homeOf(Map<String, String> env, Path passwdHome) {
    String home = env.getOrDefault("HOME", "");
    return home.isEmpty() ? passwdHome : Path.of(home);
  }

  /**
   * Reads one job's settings from its environment map (such as {@code System.getenv()}), its home
   * directory and its absolute working directory, against which relative paths are resolved; {@code
   * umask} is not in the environment, so the caller hands it over (see {@link Umask}).
   */
  public static Settings from(Map<String, String> env, Path home, Path cwd, int umask) {
    Path tmp = Path.of(nonEmpty(env, "TMPDIR").orElse("/tmp"));
    return new Settings(
        Optional.ofNullable(env.get("DISTCC_HOSTS")),
        cwd.resolve(path(env, "DISTCC_DIR").orElse(home.resolve(".distcc"))),
        "1".equals(env.get("DISTCC_VERBOSE")),
        resolved(cwd, path(env, "DISTCC_LOG")),
        !"0".equals(env.get("DISTCC_FALLBACK")),
        "1".equals(env.get("DISTCC_SAVE_TEMPS")),
        nonEmpty(env, "DISTCC_SSH"),
        Duration.ofSeconds(positive(env.get("DISTCC_IO_TIMEOUT"), 300)),
        Duration.ofMillis(Math.max(0, number(env, "DISTCC_PAUSE_TIME_MSEC", 1000))),
        env.containsKey("DISTCC_SKIP_LOCAL_RETRY"),
        Duration.ofSeconds(Math.max(0, number(env, "DISTCC_BACKOFF_PERIOD", 60))),
        cwd.resolve(tmp),
        descriptor(env.get("UNCACHED_ERR_FD")),
        env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"),
        env,
        home.resolve(".ssh"),
        user(env, home),
        resolved(cwd, path(env, "DISTCC_TRACE")),
        "1".equals(env.get("DISTCC_CLASSIC_CPP")),
        env.containsKey("DISTCC_NO_REWRITE_CROSS"),
        umask,
        cwd);
  }

  /** {@code name} as the job's child processes and file operations must see it. */
  public Path resolve(String name) {
    return cwd.resolve(name);
  }

  private static Optional<Path> resolved(Path cwd, Optional<Path> path) {
    return path.isPresent() ? Optional.of(cwd.resolve(path.get())) : path;
  }

  // Plain code rather than lambdas and method references here and on the rest of the client's
  // path: the client starts once per compile, and the first lambda costs milliseconds.

  private static Optional<String> nonEmpty(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<Path> path(Map<String, String> env, String name) {
    Optional<String> value = nonEmpty(env, name);
    return value.isPresent() ? Optional.of(Path.of(value.get())) : Optional.empty();
  }

  private static String user(Map<String, String> env, Path home) {
    Optional<String> user = nonEmpty(env, "USER");
    if (user.isEmpty()) {
      user = nonEmpty(env, "LOGNAME");
    }
    return user.isPresent()
        ? user.get()
        : home.getFileName() == null ? "root" : home.getFileName().toString();
  }

  /** A malformed number falls back to the default. */
  private static long number(Map<String, String> env, String name, long fallback) {
    Optional<Integer> value = parseInt(env.get(name));
    return value.isPresent() ? value.get() : fallback;
  }

  private static int positive(String text, int fallback) {
    int value = text == null ? fallback : atoi(text);
    return value > 0 ? value : fallback;
  }

  private static Optional<Integer> descriptor(String text) {
    Optional<Integer> fd = parseInt(text);
    return fd.isPresent() && fd.get() > 0 ? fd : Optional.empty();
  }

  private static Optional<Integer> parseInt(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(text.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * DISTCC_VERIFY: how many remote jobs in a thousand are compiled again here and compared (0 to
   * 1000, default 0).
   */
  public int verifyPerThousand() {
    Optional<Integer> value = parseInt(environment.get("DISTCC_VERIFY"));
    return value.isPresent() ? Math.max(0, Math.min(1000, value.get())) : 0;
  }

  /**
   * DISTCC_VERIFY_STRICT=1: a job whose objects differ fails instead of delivering the local one.
   */
  public boolean verifyStrict() {
    return "1".equals(environment.get("DISTCC_VERIFY_STRICT"));
  }

  /**
   * The pump session this job belongs to, if pump mode is on: the directory named by DISTCC_PUMP
   * (set by the {@code pump} command), or the directory of distcc-pump's INCLUDE_SERVER_PORT
   * socket, so that {@code pump make} from distcc 3.4 switches it on too. Relative to the job's
   * working directory. Empty when neither is set, or DISTCC_PUMP is {@code 0}.
   */
  public Optional<Path> pumpSession() {
    String pump = environment.get("DISTCC_PUMP");
    if (pump != null && !pump.isEmpty()) {
      return pump.equals("0") ? Optional.empty() : Optional.of(cwd.resolve(pump));
    }
    String port = environment.get("INCLUDE_SERVER_PORT");
    if (port != null && !port.isEmpty()) {
      Path parent = cwd.resolve(port).getParent();
      return parent == null ? Optional.empty() : Optional.of(parent);
    }
    return Optional.empty();
  }

  /**
   * DISTCC_MAX_DISCREPANCY (default 1, as distcc 3.4): after this many pump jobs that failed on a
   * volunteer and then succeeded with local preprocessing, the session stops using pump mode. Read
   * as distcc 3.4's client reads it (C's atoi: leading blanks and a sign, then digits up to the
   * first other character), and refused as it refuses it: set, but not read as 1 or more (empty,
   * {@code abc}, {@code 0}, {@code -1}, {@code 0x10}). distcc 3.4 looks at it whenever a {@code
   * ,cpp} host gets a job, in a pump session or not, and so does the caller.
   *
   * @throws DistccException BAD_ARGUMENTS (101), as distcc 3.4 exits
   */
  public int maxDiscrepancy() throws DistccException {
    String text = environment.get("DISTCC_MAX_DISCREPANCY");
    if (text == null) {
      return 1;
    }
    int value = atoi(text);
    if (value <= 0) {
      throw new DistccException(
          ExitCode.BAD_ARGUMENTS,
          "Bad DISTCC_MAX_DISCREPANCY value: \"" + text + "\" (needs a whole number of 1 or more)");
    }
    return value;
  }

  /**
   * Refuses a DISTCC_IO_TIMEOUT that does not read as 1 or more (empty, {@code abc}, {@code 0},
   * {@code -1}), as distcc 3.4's client does when a job goes to a volunteer. The caller checks it
   * there; {@link #ioTimeout} is then the value set.
   *
   * @throws DistccException BAD_ARGUMENTS (101), as distcc 3.4 exits
   */
  public void checkIoTimeout() throws DistccException {
    String text = environment.get("DISTCC_IO_TIMEOUT");
    if (text != null && atoi(text) <= 0) {
      throw new DistccException(
          ExitCode.BAD_ARGUMENTS,
          "Bad DISTCC_IO_TIMEOUT value: \""
              + text
              + "\" (needs a whole number of seconds, 1 or more)");
    }
  }

  /**
   * C's atoi as glibc computes it on a 64-bit system: blanks, an optional sign, the digits up to
   * the first other character (none: 0), clamped to a long and then cut to an int. Only for
   * variables whose refusals must be distcc 3.4's exactly.
   */
  static int atoi(String text) {
    int i = 0;
    int n = text.length();
    while (i < n && isCSpace(text.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    long value = 0;
    boolean overflow = false;
    while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      int digit = text.charAt(i) - '0';
      if (!overflow && value > (Long.MAX_VALUE - digit) / 10) {
        overflow = true;
      }
      if (!overflow) {
        value = value * 10 + digit;
      }
      i++;
    }
    if (overflow) {
      value = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
    } else if (negative) {
      value = -value;
    }
    return (int) value;
  }

  private static boolean isCSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }
}
