package org.jdistcc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineMarkersTest {
  /** A text of line markers, '|' between lines, and the file names found, '|' between them. */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "# 1 \"t.c\";t.c",
        "# 1 \"t.c\"|# 1 \"<built-in>\"|# 1 \"<command-line>\"|# 1 \"a.h\" 1;t.c|a.h",
        "# 1 \"dir/a b.h\" 1 3 4;dir/a b.h",
        "# 12 \"q\\\"uote.h\";q\"uote.h",
        "# 1 \"back\\\\slash.h\";back\\slash.h",
        "# 1 \"oct\\101l.h\";octAl.h",
        "# 1 \"caf\u00e9.h\";caf\u00e9.h",
        "# 1 \"/usr/include//\";''",
        "# 1 \"unterminated|int x = 1\";''",
        "# 1 \"t.c\"|# 1 \"t.c\"|  # 1 \"indented.h\";t.c",
        "#pragma once|# x \"no-line.h\";''",
      })
  void namesTheFilesOfItsMarkers(String text, String names) {
    byte[] bytes = text.replace('|', '\n').getBytes(StandardCharsets.UTF_8);
    List<String> expected = names.isEmpty() ? List.of() : List.of(names.split("\\|"));
    assertEquals(expected, List.copyOf(LineMarkers.files(bytes)));
  }
}
