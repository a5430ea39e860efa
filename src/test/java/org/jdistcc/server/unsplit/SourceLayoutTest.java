package org.jdistcc.server.unsplit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Directives-only texts split back into files: what each file holds, and what is refused. */
class SourceLayoutTest {
  private static final String HEAD =
      String.join(
          "\n",
          "# 0 \"src/a.c\"",
          "# 1 \"/home/u/p//\"",
          "# 0 \"<built-in>\"",
          "#define __STDC__ 1",
          "# 0 \"<built-in>\"",
          "#define __GNUC__ 12",
          "# 0 \"<command-line>\"",
          "#define FOO 2",
          "# 0 \"<command-line>\"",
          "#undef BAR",
          "# 0 \"<command-line>\"",
          "#define FN(a) a+1",
          "# 0 \"<command-line>\"",
          "#define EMPTY",
          "# 0 \"<command-line>\"",
          "# 1 \"/usr/include/stdc-predef.h\" 1 3 4",
          "#define __STDC_IEC_559__ 1",
          "# 0 \"<command-line>\" 2",
          "# 1 \"src/a.c\"",
          "");

  private static SourceLayout laid(String text) {
    SourceLayout.Parsed p = SourceLayout.parse(text.getBytes(StandardCharsets.ISO_8859_1), "/j/i");
    return assertInstanceOf(SourceLayout.Laid.class, p, () -> p.toString()).layout();
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void commandLineSectionBecomesOptionsAndPreincludes() {
    SourceLayout l = laid(HEAD + "int x;\n");
    assertEquals("src/a.c", l.mainName());
    assertEquals(Optional.of("/home/u/p"), l.clientCwd());
    assertEquals(List.of("-DFOO=2", "-UBAR", "-DFN(a)=a+1", "-DEMPTY="), l.macros());
    assertEquals(List.of(0), l.preincludes());
    assertEquals(
        "#pragma GCC system_header\n#line 1 \"/usr/include/stdc-predef.h\"\n"
            + "#define __STDC_IEC_559__ 1\n",
        text(l.files().get(0)));
    assertEquals("#line 1 \"src/a.c\"\nint x;\n", text(l.main()));
  }

  @Test
  void includesBecomeFilesReachedAtTheirOwnLine() {
    SourceLayout l =
        laid(
            HEAD
                + String.join(
                    "\n",
                    "int a;",
                    "# 1 \"src/../inc/h.h\" 1",
                    "int h;",
                    "# 12 \"src/../inc/h.h\"",
                    "int h12;",
                    "# 5 \"src/a.c\" 2",
                    "int five;",
                    ""));
    assertEquals(
        "#line 1 \"src/a.c\"\nint a;\n\n\n#include \"/j/i/1.h\"\nint five;\n", text(l.main()));
    assertEquals(
        "#line 1 \"src/../inc/h.h\"\nint h;\n" + "\n".repeat(10) + "int h12;\n",
        text(l.files().get(1)));
  }

  /**
   * GCC's directives-only output of an indented {@code #include} (libstdc++'s {@code
   * bits/locale_facets_nonio.h}): the blanks before it, then the entering marker on the same line.
   */
  @ParameterizedTest(name = "indented by \"{0}\"")
  @ValueSource(strings = {"  ", "\t", " \t "})
  void anIndentedIncludeEntersItsFile(String indent) {
    SourceLayout l =
        laid(
            HEAD
                + String.join(
                    "\n",
                    "# 1 \"nonio.h\" 1 3",
                    "int a;",
                    indent + "# 1 \"time_members.h\" 1 3",
                    "int t;",
                    "# 4 \"nonio.h\" 2 3",
                    "int b;",
                    "# 2 \"src/a.c\" 2",
                    ""));
    assertEquals(3, l.files().size());
    assertEquals(
        "#pragma GCC system_header\n#line 1 \"nonio.h\"\nint a;\n\n#include \"/j/i/2.h\"\nint b;\n",
        text(l.files().get(1)));
    assertEquals(
        "#pragma GCC system_header\n#line 1 \"time_members.h\"\nint t;\n", text(l.files().get(2)));
    assertEquals("#line 1 \"src/a.c\"\n#include \"/j/i/1.h\"\n", text(l.main()));
  }

  @Test
  void renamesAndBackwardJumpsKeepTheirLineDirective() {
    SourceLayout l = laid(HEAD + "int a;\n# 40 \"gen.y\"\nint y;\n# 3 \"gen.y\"\nint z;\n");
    assertEquals(
        "#line 1 \"src/a.c\"\nint a;\n#line 40 \"gen.y\"\nint y;\n#line 3\nint z;\n",
        text(l.main()));
  }

  @Test
  void aSystemMarkerLaterInAFileAddsThePragmaThere() {
    SourceLayout l =
        laid(HEAD + "# 1 \"x.h\" 1\nint a;\n# 7 \"x.h\" 3\nint b;\n# 2 \"src/a.c\" 2\n");
    assertEquals(
        "#line 1 \"x.h\"\nint a;\n#pragma GCC system_header\n#line 7 \"x.h\"\nint b;\n",
        text(l.files().get(1)));
  }

  @Test
  void markerLookalikesInsideCommentsAndRawStringsAreRefusedNotFollowed() {
    for (String body :
        List.of(
            "/* open\n# 1 \"../../x\" 1\n*/\n",
            "/* open\n  # 1 \"../../x\" 1\n*/\n",
            "R\"d(\n# 1 \"x\" 1\n)d\";\n",
            "R\"d(\n\t# 1 \"x\" 1\n)d\";\n")) {
      SourceLayout.Parsed p =
          SourceLayout.parse((HEAD + body).getBytes(StandardCharsets.ISO_8859_1), "/j/i");
      assertInstanceOf(SourceLayout.Unusable.class, p, body);
    }
  }

  @Test
  void digitSeparatorsDoNotOpenACharacterLiteral() {
    SourceLayout l =
        laid(HEAD + "int n = 1'000; /* c */\n# 1 \"x.h\" 1\nint x;\n# 2 \"src/a.c\" 2\n");
    assertEquals(2, l.files().size());
  }

  @Test
  void bytesThatAreNotUtf8PassThroughUnchanged() {
    byte[] text =
        (HEAD + "const char *s = \"\u00e9\u00ff\";\n").getBytes(StandardCharsets.ISO_8859_1);
    SourceLayout.Parsed p = SourceLayout.parse(text, "/j/i");
    String main = text(assertInstanceOf(SourceLayout.Laid.class, p).layout().main());
    assertTrue(main.contains("\"\u00e9\u00ff\""), main);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty text                           | ''",
        "no marker on the first line          | int x;\\n",
        "a return with nothing entered        | " + "@HEAD# 2 \"src/a.c\" 2\\n",
        "an unknown flag before main          | # 0 \"a.c\"\\n# 1 \"x.h\" 9\\n# 1 \"a.c\"\\n",
        "no __GNUC__ (-undef)                 | # 0 \"a.c\"\\n# 0 \"<command-line>\"\\n# 1 \"a.c\"\\nint x;\\n",
        "text outside any file before main    | # 0 \"a.c\"\\n# 0 \"<built-in>\"\\n-junk\\n# 1 \"a.c\"\\n",
        "no main file                         | # 0 \"a.c\"\\n# 0 \"<built-in>\"\\n#define __GNUC__ 12\\n",
        "a main name that is not UTF-8        | # 0 \"\\377.c\"\\n",
        "a marker before main naming a file   | # 0 \"a.c\"\\n# 5 \"/etc/passwd\"\\n",
      })
  void textsThatDoNotLayOutAreCompiledAsTheyCame(String why, String text) {
    String t = text.replace("@HEAD", HEAD).replace("\\n", "\n");
    assertInstanceOf(
        SourceLayout.Unusable.class,
        SourceLayout.parse(t.getBytes(StandardCharsets.ISO_8859_1), "/j/i"),
        why);
  }

  @Test
  void nestingDeeperThanGccAllowsIsRefused() {
    StringBuilder t = new StringBuilder(HEAD);
    for (int i = 0; i <= SourceLayout.MAX_DEPTH; i++) {
      t.append("# 1 \"h").append(i).append(".h\" 1\n");
    }
    assertInstanceOf(
        SourceLayout.Unusable.class,
        SourceLayout.parse(t.toString().getBytes(StandardCharsets.ISO_8859_1), "/j/i"));
  }

  @Test
  void hugeLineJumpsAreBridgedWithALineDirectiveNotBlankLines() {
    SourceLayout l = laid(HEAD + "# 2000000000 \"src/a.c\"\nint x;\n");
    assertEquals("#line 1 \"src/a.c\"\n#line 2000000000\nint x;\n", text(l.main()));
  }

  @Test
  void anIncludeDirectoryThatCannotBeQuotedIsRefused() {
    assertInstanceOf(
        SourceLayout.Unusable.class,
        SourceLayout.parse(HEAD.getBytes(StandardCharsets.ISO_8859_1), "/j/\"i"));
  }
}
