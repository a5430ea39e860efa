package org.jdistcc;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Locale;

/**
 * A line logger for the client and the daemon: "program[pid] ERROR: message" (the level marked as
 * distcc 3.4 marks it, see {@link #mark}), filtered by level, one {@code println} per line so
 * concurrent writers to one file do not interleave within a line. Where it writes is decided in
 * main.
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
      String time = clock == null ? "" : stamp(LocalDateTime.now(clock)) + " ";
      out.println(time + prefix + mark(level) + message);
    }
  }

  /**
   * distcc 3.4's words for the levels it marks, which scripts grep for ("ERROR:", "Warning:"); the
   * others keep their name in brackets where distcc writes its function's.
   */
  private static String mark(Level level) {
    return switch (level) {
      case CRITICAL -> "CRITICAL! ";
      case ERROR -> "ERROR: ";
      case WARNING -> "Warning: ";
      default -> "(" + level.name().toLowerCase(Locale.ROOT) + ") ";
    };
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

  /**
   * {@code yyyy-MM-dd HH:mm:ss}, written by hand: a DateTimeFormatter and its locale data cost
   * 20-40 ms to set up, the time-zone database as much again, which is why the agent logs with a
   * UTC clock.
   */
  static String stamp(LocalDateTime t) {
    StringBuilder b = new StringBuilder(19);
    b.append(t.getYear()).append('-');
    two(b, t.getMonthValue()).append('-');
    two(b, t.getDayOfMonth()).append(' ');
    two(b, t.getHour()).append(':');
    two(b, t.getMinute()).append(':');
    return two(b, t.getSecond()).toString();
  }

  private static StringBuilder two(StringBuilder b, int value) {
    return b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
