package org.jdistcc.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jdistcc.DistccException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00.250Z");

  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path lockDir = fs.getPath("/home/u/.distcc/lock");
  private final HostSpec angry = HostSpec.Tcp.of("angry");
  private final HostSpec other = HostSpec.Ssh.of("other");

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private Backoff at(Duration sinceT0, Duration period) {
    return new Backoff(lockDir, period, Clock.fixed(T0.plus(sinceT0), ZoneOffset.UTC));
  }

  @ParameterizedTest(name = "{0} s after failing with period {1} s: backed off = {2}")
  @CsvSource({
    "0,    60, true",
    "59,   60, true",
    "60,   60, false",
    "3600, 60, false",
    "9,    10, true",
    "10,   10, false",
    "-5,   60, true",
  })
  void hostIsBackedOffForThePeriodAfterFailing(long seconds, long period, boolean backedOff)
      throws DistccException {
    at(Duration.ZERO, Duration.ofSeconds(period)).markFailed(angry);
    Backoff later = at(Duration.ofSeconds(seconds), Duration.ofSeconds(period));
    assertEquals(backedOff, later.isBackedOff(angry));
  }

  @Test
  void onlyTheFailedHostIsBackedOff() throws DistccException {
    Backoff backoff = at(Duration.ZERO, Backoff.DEFAULT_PERIOD);
    backoff.markFailed(angry);
    assertTrue(backoff.isBackedOff(angry));
    assertFalse(backoff.isBackedOff(other));
    assertFalse(backoff.isBackedOff(HostSpec.Tcp.of("other")));
  }

  @Test
  void markingAgainRestartsThePeriod() throws DistccException {
    at(Duration.ZERO, Backoff.DEFAULT_PERIOD).markFailed(angry);
    at(Duration.ofSeconds(50), Backoff.DEFAULT_PERIOD).markFailed(angry);
    assertTrue(at(Duration.ofSeconds(100), Backoff.DEFAULT_PERIOD).isBackedOff(angry));
  }

  @Test
  void zeroPeriodDisablesBackoffAndTouchesNoFiles() throws DistccException {
    at(Duration.ZERO, Backoff.DEFAULT_PERIOD).markFailed(angry);
    Backoff off = at(Duration.ZERO, Duration.ZERO);
    assertFalse(off.isBackedOff(angry));
    off.markFailed(other);
    assertTrue(Files.exists(lockDir.resolve("backoff_tcp_angry_3632_0")));
    assertFalse(Files.exists(lockDir.resolve("backoff_ssh_other_0")));
  }

  @Test
  void fileNamesAreDistccs() throws DistccException {
    Backoff backoff = at(Duration.ZERO, Backoff.DEFAULT_PERIOD);
    backoff.markFailed(angry);
    backoff.markFailed(other);
    assertTrue(Files.exists(lockDir.resolve("backoff_tcp_angry_3632_0")));
    assertTrue(Files.exists(lockDir.resolve("backoff_ssh_other_0")));
  }
}
