package org.jdistcc.server.unsplit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** GCC's line markers, as its preprocessed output writes them, and what is not one. */
class LineMarkerTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "# 1 \"a.c\"                 | 1 | \"a.c\"                 | false | false | false",
        "# 12 \"/usr/x.h\" 1 3 4     | 12 | \"/usr/x.h\"           | true  | false | true",
        "# 7 \"x.h\" 2               | 7 | \"x.h\"                 | false | true  | false",
        "# 0 \"<built-in>\"          | 0 | \"<built-in>\"          | false | false | false",
        "# 3 \"a\\\"b.h\" 1          | 3 | \"a\\\"b.h\"            | true  | false | false",
        // an indented #include: GCC's directives-only output keeps the blanks before the marker
        "'  # 1 \"/usr/t.h\" 1 3'   | 1 | \"/usr/t.h\"           | true  | false | true",
        "'\t # 9 \"x.h\" 2'         | 9 | \"x.h\"                 | false | true  | false",
      })
  void markersParse(
      String line, long number, String quoted, boolean enter, boolean leave, boolean system) {
    assertEquals(
        Optional.of(new LineMarker(number, quoted, enter, leave, system)), LineMarker.parse(line));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "#define X 1",
        "# define X",
        "#1 \"a\"",
        "# 1 a.c",
        "# 1 \"a.c",
        "# x \"a\"",
        "# 1 \"a\" 5",
        "# 1 \"a\" 1 2",
        "# 1 \"a\"1",
        "# 99999999999999 \"a\"",
        "#line 3 \"a\"",
        "  #define X 1",
        "x # 1 \"a\"",
        "/* c */ # 1 \"a\" 1",
        "  ",
        ""
      })
  void otherLinesAreNotMarkers(String line) {
    assertEquals(Optional.empty(), LineMarker.parse(line));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "# 1 \"a\\\\b\"        | a\\b",
        "# 1 \"\\303\\251.c\"  | \u00e9.c",
        "# 1 \"x\\000y\"       | x\u0000y",
      })
  void namesAreUnescaped(String line, String name) {
    assertEquals(Optional.of(name), LineMarker.parse(line).orElseThrow().name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"# 1 \"\\377\"", "# 1 \"\\303\""})
  void namesThatAreNotUtf8HaveNoText(String line) {
    LineMarker m = LineMarker.parse(line).orElseThrow();
    assertTrue(m.name().isEmpty());
    assertArrayEquals(new byte[] {(byte) (line.contains("377") ? 0xff : 0xc3)}, m.nameBytes());
  }
}
