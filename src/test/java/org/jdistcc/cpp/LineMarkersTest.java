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
        // GCC's directives-only output indents the marker of an indented #include
        "# 1 \"t.c\"|# 1 \"t.c\"|  # 1 \"indented.h\" 1;t.c|indented.h",
        "# 1 \"t.c\"|\t # 352 \"tab.h\" 1 3;t.c|tab.h",
        // ... and of one after a comment on its line, or the end of a longer comment
        "# 1 \"t.c\"|/* c */ # 1 \"after-comment.h\" 1;t.c|after-comment.h",
        "/* a|   b */ # 1 \"comment-end.h\" 1 3 4;comment-end.h",
        // after other text only an entering marker that ends the line
        "int x = 1 # 1 \"mid-line.h\";''",
        "int x = 1 # 1 \"return.h\" 2;''",
        "puts(\"# 1 \\\"s.h\\\" 1\");''",
        "x # 1 \"flags.h\" 1 5;''",
        "x # 1 \"order.h\" 1 4 3;''",
        "x # 1 \"four.h\" 1 4;four.h",
        "f(\"a\" 1|g(\"b\" 1 3 4;''",
        "  #define X|  # x \"no-line.h\";''",
        "#pragma once|# x \"no-line.h\";''",
        // a line that begins with a directive holds nothing else to read
        "#define H # 1 \"in-define.h\" 1;''",
        "  #if 1 # 1 \"in-if.h\" 1|# 1 \"next.h\";next.h",
        // after other text the first marker read is the line's
        "x # 1 \"a.h\" 1 # 2 \"b.h\" 1;b.h",
        "x # 1 \"a.h\" 1|y # 2 \"b.h\" 1 3;a.h|b.h",
        "# 1 \"first.h\" # 2 \"second.h\" 1;first.h",
        "# 1 \"<built-in>\" # 2 \"hidden.h\" 1;''",
        // the last line needs no newline; a carriage return is not a blank
        "# 1 \"t.c\"|#|# 1;t.c",
        "x # 1 \"crlf.h\" 1\r|# 1 \"t.c\";t.c",
      })
  void namesTheFilesOfItsMarkers(String text, String names) {
    byte[] bytes = text.replace('|', '\n').getBytes(StandardCharsets.UTF_8);
    List<String> expected = names.isEmpty() ? List.of() : List.of(names.split("\\|"));
    assertEquals(expected, List.copyOf(LineMarkers.files(bytes)));
  }
}
