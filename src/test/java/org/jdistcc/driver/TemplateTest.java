package org.jdistcc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateTest {
  @Test
  void fillsWhatTheDriverDerivesFromTheNames() {
    // GCC 12's words for "-E -MD -MF M.d X.c -o O.i": the input, its base name, the output, the
    // output's directory and its name without the suffix, the dependency file.
    List<String> strangers = List.of("jdR0d/jdR0f.c", "/jdR1d/jdR1f.i", "jdR2f.d");
    Listing listing =
        new Listing(
            List.of(
                "/usr/lib/cc1",
                "-E",
                "-MD",
                "/jdR1d/jdR1f.d",
                "-MF",
                "jdR2f.d",
                "jdR0d/jdR0f.c",
                "-o",
                "/jdR1d/jdR1f.i",
                "-dumpdir",
                "/jdR1d/",
                "-dumpbase",
                "jdR0f.c"),
            Map.of("COLLECT_GCC_OPTIONS", "'-o' '/jdR1d/jdR1f.i' '-dumpdir' '/jdR1d/jdR1f.'"));
    Template template = Template.learn(listing, strangers, "jdR").orElseThrow();
    Listing filled = template.fill(List.of("src/t.c", "/tmp/x/t.i", "t.d"));
    assertEquals(
        List.of(
            "/usr/lib/cc1",
            "-E",
            "-MD",
            "/tmp/x/t.d",
            "-MF",
            "t.d",
            "src/t.c",
            "-o",
            "/tmp/x/t.i",
            "-dumpdir",
            "/tmp/x/",
            "-dumpbase",
            "t.c"),
        filled.argv());
    assertEquals(
        Map.of("COLLECT_GCC_OPTIONS", "'-o' '/tmp/x/t.i' '-dumpdir' '/tmp/x/t.'"),
        filled.environment());
  }

  @Test
  void refusesADerivationItDoesNotKnow() {
    List<String> strangers = List.of("jdR0f.c", "/jdR1d/jdR1f.i");
    for (String word : List.of("jdR0", "jdR0x.c", "/jdR1d/jdR1")) {
      Listing listing = new Listing(List.of("/usr/lib/cc1", "-E", word), Map.of());
      assertEquals(
          Optional.empty(), Template.learn(listing, strangers, "jdR").map(t -> "learnt"), word);
    }
  }
}
