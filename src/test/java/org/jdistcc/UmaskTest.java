package org.jdistcc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UmaskTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Name:\tjava\\nUmask:\t0022\\nState:\tR | 18",
        "Umask:\t0077                           | 63",
        "Umask:\t0002                           | 2",
        "Name:\tjava (no Umask line, old kernel) | 18",
        "Umask:\tzz                             | 18",
      })
  void umaskIsReadFromTheStatusFileOrDefaultsTo022(String status, int expected) {
    assertEquals(expected, Umask.parseStatus(status.replace("\\n", "\n")));
  }
}
