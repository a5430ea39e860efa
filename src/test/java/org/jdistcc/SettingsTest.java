package org.jdistcc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "Name:\tjava\\nUmask:\t0022\\nState:\tR | 18",
    "Umask:\t0077 | 63",
    "Umask:\t0002\\n | 2",
    "Name:\tjava\\nState:\tR | 18",
    "Umask:\tzz | 18",
  })
  void umaskIsReadFromProcStatusOrDefaults(String status, int umask) {
    assertEquals(umask, Settings.umaskOf(status.replace("\\n", "\n")));
  }

  @Test
  void emptyDistccHostsIsKeptApartFromUnset() {
    Path home = Path.of("/home/u");
    assertEquals(Optional.of(""), Settings.from(Map.of("DISTCC_HOSTS", ""), home, home, 022).hosts());
    assertEquals(Optional.empty(), Settings.from(Map.of(), home, home, 022).hosts());
  }
}
