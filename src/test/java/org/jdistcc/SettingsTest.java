package org.jdistcc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void emptyDistccHostsIsKeptApartFromUnset() {
    Path home = Path.of("/home/u");
    assertEquals(
        Optional.of(""), Settings.from(Map.of("DISTCC_HOSTS", ""), home, home, 022).hosts());
    assertEquals(Optional.empty(), Settings.from(Map.of(), home, home, 022).hosts());
  }
}
