package org.jdistcc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogTest {
  @Test
  void stampsAreZeroPaddedLikeTheFormatterWas() {
    assertEquals("2026-01-02 03:04:05", Log.stamp(LocalDateTime.of(2026, 1, 2, 3, 4, 5)));
    assertEquals("1999-12-31 23:59:59", Log.stamp(LocalDateTime.of(1999, 12, 31, 23, 59, 59)));
  }

  @Test
  void aLogWithAClockPutsTheTimeFirst() {
    Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:05:09Z"), ZoneOffset.UTC);
    assertEquals(
        "2026-12-02 10:05:09 distcc-agent[7] (info) ready\n",
        written("distcc-agent", clock, log -> log.info("ready")));
  }

  /** What {@code use} writes through a log of {@code program}, pid 7, that passes every level. */
  private static String written(String program, Clock clock, Consumer<Log> use) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    use.accept(
        new Log(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Log.Level.DEBUG,
            program,
            7,
            clock));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * The severity words of distcc 3.4's lines, which scripts grep for ("ERROR:", "Warning:"); the
   * levels it writes without a word keep theirs in brackets.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CRITICAL | distcc[7] CRITICAL! the message",
        "ERROR    | distcc[7] ERROR: the message",
        "WARNING  | distcc[7] Warning: the message",
        "NOTICE   | distcc[7] (notice) the message",
        "INFO     | distcc[7] (info) the message",
        "DEBUG    | distcc[7] (debug) the message",
      })
  void eachLevelIsMarkedAsDistccMarksIt(Log.Level level, String line) {
    assertEquals(line + "\n", written("distcc", null, log -> log.log(level, "the message")));
  }
}
