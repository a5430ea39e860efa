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
}
