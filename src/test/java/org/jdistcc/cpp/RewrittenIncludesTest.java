package org.jdistcc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RewrittenIncludesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "the main file's marker replaces <built-in>"
            + " | # 1 \"<built-in>\"\\n# 1 \"a.c\"\\nint x;\\n"
            + " | # 1 \"a.c\"\\n# 1 \"a.c\"\\nint x;\\n",
        "an -include file before the main file is skipped"
            + " | # 1 \"<built-in>\"\\n# 1 \"./pre.h\" 1\\nint p;\\n# 1 \"<built-in>\" 2\\n# 1 \"src/a.c\"\\nint x;\\n"
            + " | # 1 \"src/a.c\"\\n# 1 \"./pre.h\" 1\\nint p;\\n# 1 \"<built-in>\" 2\\n# 1 \"src/a.c\"\\nint x;\\n",
        "an escaped quote stays part of the name"
            + " | # 1 \"<built-in>\"\\n# 1 \"a\\\\\"b.c\"\\n"
            + " | # 1 \"a\\\\\"b.c\"\\n# 1 \"a\\\\\"b.c\"\\n",
        "no <built-in> first line | # 1 \"a.c\"\\nint x;\\n |",
        "no main marker | # 1 \"<built-in>\"\\n# 1 \"./pre.h\" 1\\nint p;\\n |",
        "a marker with flags only | # 1 \"<built-in>\"\\n# 3 \"a.c\" 2\\n |",
        "an unterminated last line | # 1 \"<built-in>\"\\n# 1 \"a.c\" |",
        "empty | |",
      })
  void theFirstLineNamesTheMainFile(String what, String text, String expected) {
    Optional<byte[]> out = RewrittenIncludes.forVolunteer(bytes(text));
    assertEquals(
        Optional.ofNullable(expected).map(RewrittenIncludesTest::unescape),
        out.map(b -> new String(b, StandardCharsets.UTF_8)),
        what);
  }

  private static byte[] bytes(String s) {
    return s == null ? new byte[0] : unescape(s).getBytes(StandardCharsets.UTF_8);
  }

  private static String unescape(String s) {
    return s.replace("\\n", "\n").replace("\\\\", "\\");
  }
}
