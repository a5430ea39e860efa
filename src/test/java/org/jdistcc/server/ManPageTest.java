package org.jdistcc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdistcc.it.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manual pages say what the programs do: every distccd option is in distccd(1), and they render
 * cleanly.
 */
class ManPageTest {
  private static final Path MAN = Path.of("man");

  /** roff writes a minus as \- ; undo that to search the text. */
  private static String manText(String page) throws IOException {
    return Files.readString(MAN.resolve(page)).replace("\\-", "-");
  }

  @Test
  void everyOptionInDistccdHelpIsInItsManPage() throws IOException {
    String man = manText("distccd.1");
    Matcher options =
        Pattern.compile("(?<![\\w-])(--?[a-zA-Z][\\w-]*)").matcher(DaemonOptions.USAGE);
    List<String> missing = new ArrayList<>();
    int seen = 0;
    while (options.find()) {
      seen++;
      if (!man.contains(options.group(1))) {
        missing.add(options.group(1));
      }
    }
    assertTrue(seen > 10, "the help lists options");
    assertEquals(List.of(), missing, "options of distccd --help missing from distccd(1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"distcc.1", "distccd.1", "distccmon-text.1"})
  void pageRendersWithoutWarnings(String page) throws Exception {
    Tools.require("groff");
    Process groff =
        new ProcessBuilder("groff", "-ww", "-man", "-Tutf8", MAN.resolve(page).toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String warnings = new String(groff.getErrorStream().readAllBytes());
    assertEquals(0, groff.waitFor());
    assertEquals("", warnings, page + " has roff warnings");
  }
}
