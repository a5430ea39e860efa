package org.jdistcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {
  @Test
  void emptyDistccHostsIsKeptApartFromUnset() {
    Path home = Path.of("/home/u");
    assertEquals(
        Optional.of(""), Settings.from(Map.of("DISTCC_HOSTS", ""), home, home, 022).hosts());
    assertEquals(Optional.empty(), Settings.from(Map.of(), home, home, 022).hosts());
  }

  /**
   * DISTCC_MAX_DISCREPANCY as distcc 3.4's client reads it (measured with its binary: a {@code
   * ,cpp} host picked for a compile); 0 in the second column: refused with exit code 101.
   */
  @ParameterizedTest(name = "[{0}] → {1}")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "1|1",
        "2|2",
        "007|7",
        "+2|2",
        " 2|2",
        "2 |2",
        "3abc|3",
        "1.5|1",
        "4294967297|1", // cut to an int, as atoi does
        "99999999999|1215752191",
        "''|0",
        "'  '|0",
        "abc|0",
        "0|0",
        "-0|0",
        "-1|0",
        " -3|0",
        "0x10|0",
        "2147483648|0",
        "4294967296|0",
        "99999999999999999999|0",
      })
  void maxDiscrepancyIsReadAndRefusedAsDistcc34Does(String value, int expected) throws Exception {
    Path home = Path.of("/home/u");
    Settings settings = Settings.from(Map.of("DISTCC_MAX_DISCREPANCY", value), home, home, 022);
    if (expected > 0) {
      assertEquals(expected, settings.maxDiscrepancy());
      return;
    }
    DistccException e = assertThrows(DistccException.class, settings::maxDiscrepancy);
    assertEquals(ExitCode.BAD_ARGUMENTS, e.exitCode());
    assertEquals(
        "Bad DISTCC_MAX_DISCREPANCY value: \"" + value + "\" (needs a whole number of 1 or more)",
        e.getMessage());
  }

  @Test
  void maxDiscrepancyUnsetIsOne() throws Exception {
    Path home = Path.of("/home/u");
    assertEquals(1, Settings.from(Map.of(), home, home, 022).maxDiscrepancy());
  }

  /**
   * DISTCC_IO_TIMEOUT as distcc 3.4's client reads it (measured with its binary: a job sent to a
   * volunteer); 0 in the second column: refused with exit code 101, the default meanwhile.
   */
  @ParameterizedTest(name = "[{0}] → {1}")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {"2|2", "3abc|3", " 7|7", "''|0", "abc|0", "0|0", "-1|0"})
  void ioTimeoutIsReadAndRefusedAsDistcc34Does(String value, int expected) throws Exception {
    Path home = Path.of("/home/u");
    Settings settings = Settings.from(Map.of("DISTCC_IO_TIMEOUT", value), home, home, 022);
    if (expected > 0) {
      settings.checkIoTimeout();
      assertEquals(expected, settings.ioTimeout().toSeconds());
      return;
    }
    DistccException e = assertThrows(DistccException.class, settings::checkIoTimeout);
    assertEquals(ExitCode.BAD_ARGUMENTS, e.exitCode());
    assertEquals(
        "Bad DISTCC_IO_TIMEOUT value: \""
            + value
            + "\" (needs a whole number of seconds, 1 or more)",
        e.getMessage());
    assertEquals(300, settings.ioTimeout().toSeconds());
  }

  @Test
  void negativePauseAndBackoffPeriodAreZeroNotAFailure() {
    Path home = Path.of("/home/u");
    Settings settings =
        Settings.from(
            Map.of("DISTCC_PAUSE_TIME_MSEC", "-5", "DISTCC_BACKOFF_PERIOD", "-1"), home, home, 022);
    assertEquals(0, settings.pause().toMillis());
    assertEquals(0, settings.backoffPeriod().toSeconds());
  }
}
