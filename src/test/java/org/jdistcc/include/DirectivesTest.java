package org.jdistcc.include;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.jdistcc.include.Directives.Form;
import org.jdistcc.include.Directives.Include;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectivesTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Each case: a file, then after each {@code |} a directive line the scanner must find in it
   * ({@code <empty>}: a line that is a bare {@code #}).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "#include <a.h>\n|include <a.h>",
        "  #  include \"b.h\"  \n|include \"b.h\"",
        "/* c */ # include <c.h>\n|include <c.h>",
        "/* a\n#include <no.h>\n*/ #include <yes.h>\n|include <yes.h>",
        "x = 1; /* open\n#include <no.h>\nclose */\n#define A 1 // tail\n|define A 1",
        "// #include <no.h>\n#if 1 /* c */ && 2\n|if 1   && 2",
        "#define LONG \\\n  1 \\\r\n  2\r\n#endif\r\n|define LONG   1   2|endif",
        "int a; /* x */ /* y\n#include <no.h>\n*/\n#else\n|else",
        "\t\u000b\f#pragma once\n|pragma once",
        "a /* b */ c // d /* e\n#include <after.h>\n|include <after.h>",
        "#include <a.h> /* open\n#include <no.h>\n*/#include <b.h>\n|include <a.h>|include <b.h>",
        "/*/ #include <no.h>\n*/#x\n|x",
        "\\\n#include <joined.h>\n|include <joined.h>",
        "no newline at the end: #include <no.h>|",
        "#\n#define X\n|<empty>|define X",
      })
  void findsTheDirectiveLines(String table) {
    String[] parts = table.split("\\|", -1);
    List<String> expected =
        Stream.of(parts)
            .skip(1)
            .filter(p -> !p.isEmpty())
            .map(p -> p.equals("<empty>") ? "" : p)
            .toList();
    assertEquals(expected, Directives.directiveLines(bytes(parts[0])));
    assertEquals(expected, LineByLineScan.directiveLines(bytes(parts[0])));
  }

  @Test
  void scansIncludesAndObjectLikeDefines() {
    Directives d =
        Directives.scan(
            bytes(
                "#include \"q.h\"\n#include_next <n.h>\n#import <i.h>\n#include CONFIG\n"
                    + "#define CONFIG <c.h>\n#define F(x) <f.h>\n"
                    + "#if __has_include(<h.h>) && __has_include_next(\"hn.h\")\n"));
    assertEquals(
        List.of(
            new Include(Form.QUOTED, "q.h", false),
            new Include(Form.ANGLED, "n.h", true),
            new Include(Form.ANGLED, "i.h", false),
            new Include(Form.COMPUTED, "CONFIG", false),
            new Include(Form.QUOTED, "hn.h", true),
            new Include(Form.ANGLED, "h.h", false)),
        d.includes());
    assertEquals(Map.of("CONFIG", List.of("<c.h>")), d.defines());
  }

  /** Random files made of the bytes that matter to the scanner agree with the line scanner. */
  @Test
  void agreesWithTheLineScannerOnRandomFiles() {
    byte[] alphabet = bytes("#/*\\\r\n \t\u000b\u001c\u0085\u00a0\u0000ai\"<>");
    Random random = new Random(20261207);
    for (int round = 0; round < 20_000; round++) {
      byte[] file = new byte[random.nextInt(60)];
      for (int i = 0; i < file.length; i++) {
        file[i] = alphabet[random.nextInt(alphabet.length)];
      }
      assertEquals(
          LineByLineScan.directiveLines(file),
          Directives.directiveLines(file),
          () -> "file " + java.util.Arrays.toString(file));
    }
  }

  /** The system's own headers (the bulk of what pump mode scans) agree with the line scanner. */
  @Test
  void agreesWithTheLineScannerOnSystemHeaders() throws IOException {
    int checked = 0;
    try (Stream<Path> headers = Files.walk(Path.of("/usr/include"))) {
      for (Path h : (Iterable<Path>) headers.filter(Files::isRegularFile)::iterator) {
        byte[] file = Files.readAllBytes(h);
        assertEquals(
            LineByLineScan.directiveLines(file), Directives.directiveLines(file), h::toString);
        checked++;
      }
    }
    assertTrue(checked > 500, "only " + checked + " headers under /usr/include");
  }
}
