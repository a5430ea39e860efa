package org.jdistcc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:05:09Z"), ZoneOffset.UTC);
    Log log =
        new Log(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Log.Level.INFO,
            "distcc-agent",
            7,
            clock);
    log.info("ready");
    assertEquals(
        "2026-12-02 10:05:09 distcc-agent[7] (info) ready\n",
        bytes.toString(StandardCharsets.UTF_8));
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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Log log =
        new Log(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Log.Level.DEBUG,
            "distcc",
            7,
            null);
    log.log(level, "the message");
    assertEquals(line + "\n", bytes.toString(StandardCharsets.UTF_8));
  }
}
