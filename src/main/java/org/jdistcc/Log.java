package org.jdistcc;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A line logger for the client and the daemon: "program[pid] (level) message", filtered by level,
 * one {@code println} per line so concurrent writers to one file do not interleave within a line.
 * Where it writes is decided in main.
 */
public final class Log {
  /** Severity, most severe first, as distccd's --log-level names them. */
  public enum Level {
    CRITICAL,
    ERROR,
    WARNING,
    NOTICE,
    INFO,
    DEBUG;

    /** Parses a --log-level value such as "info" or "warning". */
    public static Level parse(String name) throws DistccException {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new DistccException(
            ExitCode.BAD_ARGUMENTS,
            "unknown log level \"" + name + "\" (critical, error, warning, notice, info, debug)");
      }
    }
  }

  /**
   * Made on first use: building a DateTimeFormatter costs the client ~20 ms of start-up, and only
   * log files carry the time.
   */
  private static final class Time {
    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  }

  private final PrintStream out;
  private final Level threshold;
  private final String prefix;
  private final Clock clock;

  /**
   * A log writing to {@code out}; lines carry the time when {@code clock} is given (log files), and
   * none when it is null (a terminal, where the time is noise).
   */
  public Log(PrintStream out, Level threshold, String program, long pid, Clock clock) {
    this.out = out;
    this.threshold = threshold;
    this.prefix = program + "[" + pid + "] ";
    this.clock = clock;
  }

  /** A log that writes nothing. */
  public static Log none() {
    return new Log(null, Level.CRITICAL, "", 0, null);
  }

  /** Whether this log writes to {@code stream} (the client's stderr, or a DISTCC_LOG file). */
  public boolean writesTo(PrintStream stream) {
    return out == stream;
  }

  public boolean enabled(Level level) {
    return out != null && level.compareTo(threshold) <= 0;
  }

  public void log(Level level, String message) {
    if (enabled(level)) {
      String time = clock == null ? "" : LocalDateTime.now(clock).format(Time.FORMAT) + " ";
      out.println(time + prefix + "(" + level.name().toLowerCase(Locale.ROOT) + ") " + message);
    }
  }

  public void error(String message) {
    log(Level.ERROR, message);
  }

  public void warning(String message) {
    log(Level.WARNING, message);
  }

  public void info(String message) {
    log(Level.INFO, message);
  }

  public void debug(String message) {
    log(Level.DEBUG, message);
  }
}
