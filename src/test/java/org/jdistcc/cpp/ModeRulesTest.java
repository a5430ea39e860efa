package org.jdistcc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.args.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModeRulesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Compilers
        "gcc -c x.c                                  | DIRECTIVES_ONLY |",
        "g++ -O2 -c x.cc                             | DIRECTIVES_ONLY |",
        "cc -c x.c                                   | DIRECTIVES_ONLY |",
        "/usr/bin/x86_64-linux-gnu-g++-12 -c x.cc    | DIRECTIVES_ONLY |",
        "clang -c x.c                                | REWRITE_INCLUDES |",
        "clang++-16 -c x.cc                          | REWRITE_INCLUDES |",
        "x86_64-linux-gnu-clang -O2 -c x.c           | REWRITE_INCLUDES |",
        "clang-format -c x.c                         | CLASSIC         | clang-format has no directives-only mode",
        // clang: identical with DWARF 4 and older; DWARF 5 has MD5 sums, but the code is the same
        "clang -gdwarf-4 -O2 -c x.c                  | REWRITE_INCLUDES |",
        "clang -g -gdwarf-4 -c x.c                   | REWRITE_INCLUDES |",
        "clang -gdwarf-4 -g -c x.c                   | REWRITE_INCLUDES |",
        "clang -g -g0 -c x.c                         | REWRITE_INCLUDES |",
        "clang -g -c x.c                             | REWRITE_INCLUDES |",
        "clang -g -O2 -gdwarf-5 -c x.c               | REWRITE_INCLUDES |",
        "clang -gdwarf-2 -c x.c                      | REWRITE_INCLUDES |",
        "clang -gdwarf-6 -c x.c                      | CLASSIC         | -gdwarf-6: not known to give the same debug information from a volunteer",
        "clang -gdwarf-44 -c x.c                     | CLASSIC         | -gdwarf-44: not known to give the same debug information from a volunteer",
        "clang -gdwarf- -c x.c                       | CLASSIC         | -gdwarf-: not known to give the same debug information from a volunteer",
        "clang -gdwarf-4 -g3 -c x.c                  | CLASSIC         | -g3: not known to give the same debug information from a volunteer",
        "clang -gdwarf-4 -gsplit-dwarf -c x.c        | CLASSIC         | -gsplit-dwarf: not known to give the same debug information from a volunteer",
        "clang -fdebug-default-version=4 -g -c x.c   | CLASSIC         | -fdebug-default-version=4: not known to give the same debug information from a volunteer",
        // clang: what the rewrite-includes mode does not carry to the volunteer
        "clang -undef -c x.c                         | CLASSIC         | -undef: the volunteer would define the built-in macros again",
        "clang -imacros m.h -c x.c                   | CLASSIC         | -imacros: the volunteer would not see the macros' file",
        "clang -Wp,-DX -c x.c                        | CLASSIC         | -Wp,-DX: preprocessor options are not sent to the volunteer",
        "clang -Xpreprocessor -DX -c x.c             | CLASSIC         | -Xpreprocessor: preprocessor options are not sent to the volunteer",
        "clang -fmodules -c x.c                      | CLASSIC         | -fmodules: modules are imported, not inlined",
        "clang -frewrite-includes -c x.c             | CLASSIC         | -frewrite-includes: the user asked for rewritten includes",
        "clang -include a.h -DX=1 -c x.c             | CLASSIC         | -include: the object would be named after the pre-included file",
        "clang --include=a.h -c x.c                  | CLASSIC         | --include=a.h: the object would be named after the pre-included file",
        "clang -DX=1 -D Y -UZ -c x.c                 | REWRITE_INCLUDES |",
        "clang -fopenmp -c x.c                       | CLASSIC         | -fopenmp: omp pragmas would be consumed by the preprocessor",
        "clang -Wunused-macros -c x.c                | CLASSIC         | -Wunused-macros: the volunteer would see the definitions of inlined files",
        "clang -DSTAMP=__TIME__ -c x.c               | CLASSIC         | -DSTAMP=__TIME__: __TIME__ would be the volunteer's time, not this machine's or SOURCE_DATE_EPOCH",
        "icc -c x.c                                  | CLASSIC         | icc has no directives-only mode",
        // Debug information: identical through our volunteer's layout, same code through distccd
        // 3.4
        "gcc -g -c x.c                               | DIRECTIVES_ONLY |",
        "gcc -g -O2 -c x.c                           | DIRECTIVES_ONLY |",
        "gcc -gdwarf-4 -c x.c                        | DIRECTIVES_ONLY |",
        "gcc -ggdb -c x.c                            | DIRECTIVES_ONLY |",
        "gcc -g3 -c x.c                              | CLASSIC         | -g3: macro debug information would list the volunteer's layout of the text",
        "gcc -ggdb3 -c x.c                           | CLASSIC         | -ggdb3: macro debug information would list the volunteer's layout of the text",
        // Pragmas that options register
        "gcc -fopenmp -c x.c                         | CLASSIC         | -fopenmp: omp pragmas would be consumed by the preprocessor",
        "gcc -fopenmp-simd -c x.c                    | CLASSIC         | -fopenmp-simd: omp pragmas would be consumed by the preprocessor",
        "gcc -fopenacc -c x.c                        | CLASSIC         | -fopenacc: acc pragmas would be consumed by the preprocessor",
        "gcc -Wp,-fopenmp -c x.c                     | CLASSIC         | -fopenmp: omp pragmas would be consumed by the preprocessor",
        // Options GCC refuses with -fdirectives-only
        "gcc -Wunused-macros -c x.c                  | CLASSIC         | -Wunused-macros: GCC refuses it with -fdirectives-only",
        "gcc -Werror=unused-macros -c x.c            | CLASSIC         | -Wunused-macros: GCC refuses it with -fdirectives-only",
        "gcc -Wunused-macros -Wno-unused-macros -c x.c | DIRECTIVES_ONLY |",
        "gcc -Wno-unused-macros -Wunused-macros -c x.c | CLASSIC       | -Wunused-macros: GCC refuses it with -fdirectives-only",
        "gcc -Xpreprocessor -Wunused-macros -c x.c   | CLASSIC         | -Wunused-macros: GCC refuses it with -fdirectives-only",
        "gcc -traditional-cpp -c x.c                 | CLASSIC         | -traditional-cpp: GCC refuses it with -fdirectives-only",
        // Dumps that change what -fdirectives-only writes
        "gcc -dD -c x.c                              | CLASSIC         | -dD: changes what -fdirectives-only writes",
        "gcc -dN -c x.c                              | CLASSIC         | -dN: changes what -fdirectives-only writes",
        "gcc -dU -c x.c                              | CLASSIC         | -dU: changes what -fdirectives-only writes",
        "gcc -dI -c x.c                              | CLASSIC         | -dI: changes what -fdirectives-only writes",
        // The user's own preprocessing mode
        "gcc -fpreprocessed -c x.c                   | CLASSIC         | -fpreprocessed: the input is already preprocessed",
        "gcc -fdirectives-only -c x.c                | CLASSIC         | -fdirectives-only: the user asked for directives-only output",
        // Options that are safe in directives-only mode (tried: same object, status, messages)
        "gcc -C -CC -H -Wdate-time -trigraphs -c x.c | DIRECTIVES_ONLY |",
        "gcc -finput-charset=latin1 -c x.c           | DIRECTIVES_ONLY |",
        "gcc -fexec-charset=latin1 -c x.c            | DIRECTIVES_ONLY |",
        "gcc -fmacro-prefix-map=a=b -c x.c           | DIRECTIVES_ONLY |",
        "gcc -include a.h -imacros b.h -undef -c x.c | DIRECTIVES_ONLY |",
        // Built-in macros in a command-line definition
        "gcc -DSTAMP=__DATE__ -c x.c                 | CLASSIC         | -DSTAMP=__DATE__: __DATE__ would be the volunteer's date, not this machine's or SOURCE_DATE_EPOCH",
        "gcc -DNAME=__FILE__ -c x.c                  | DIRECTIVES_ONLY |",
      })
  void optionsDecideTheMode(String command, Preprocessing mode, String reason) {
    ModeChoice choice = ModeRules.choose(Arrays.asList(command.split(" ")), false);
    assertEquals(mode, choice.mode(), choice.reason());
    if (reason != null) {
      assertEquals(reason, choice.reason());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "int c = 1;                     |      |",
        "int c = __COUNTER__;           |      | __COUNTER__ would count from where clang's own preprocessor left it",
        "int c = MY__COUNTER__;         |      |",
        "#pragma GCC dependency \"x.h\" |      | #pragma GCC dependency names a file the volunteer does not have",
        "# pragma  GCC  dependency x    |      | #pragma GCC dependency names a file the volunteer does not have",
        "#pragma GCC diagnostic push    |      |",
        "'  #pragma GCC dependency \"x\"' |    | #pragma GCC dependency names a file the volunteer does not have",
        "int c;                         | x.c:1:2: warning: #warning hi | the preprocessor printed messages that the volunteer would print again",
        // The driver's messages about options: a one-step compile prints them too
        "int c;                         | clang: warning: optimization flag -fno-tree-vrp is not supported |",
        "int c;                         | 'clang: warning: argument unused during compilation: -L/x\nx.c:1:2: warning: #warning hi' | the preprocessor printed messages that the volunteer would print again",
      })
  void clangsRewrittenTextIsCheckedForWhatItsPreprocessorAlreadyDid(
      String text, String messages, String reason) {
    assertEquals(
        Optional.ofNullable(reason),
        ModeRules.checkRewritten(
            ("# 1 \"x.c\"\n" + text + "\n").getBytes(StandardCharsets.UTF_8),
            messages == null ? new byte[0] : messages.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void classicCanBeForced() {
    assertEquals(
        new ModeChoice(Preprocessing.CLASSIC, "DISTCC_CLASSIC_CPP is set"),
        ModeRules.choose(List.of("gcc", "-c", "x.c"), true));
  }

  /** A reader over a few named files; any other name does not exist. */
  private static ModeRules.FileReader files(Map<String, String> contents) {
    return name -> {
      String text = contents.get(name);
      if (text == null) {
        throw new NoSuchFileException(name);
      }
      return text.getBytes(StandardCharsets.UTF_8);
    };
  }

  private static final String MARKERS =
      "# 0 \"x.c\"\n# 0 \"<built-in>\"\n# 0 \"<command-line>\"\n"
          + "# 1 \"/cwd//\"\n# 1 \"x.c\"\n# 1 \"inc/a.h\" 1\n# 2 \"x.c\" 2\n";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Built-in macros (directives-only leaves them unexpanded), here in the main file
        "const char *b = __BASE_FILE__;    |            | __BASE_FILE__ would name the volunteer's input file (x.c)",
        "const char *t = __TIMESTAMP__;    |            | __TIMESTAMP__ would be the date of a file on the volunteer (x.c)",
        "const char *d = __DATE__;         |            | __DATE__ would be the volunteer's date, not this machine's or SOURCE_DATE_EPOCH (x.c)",
        "const char *t = __TIME__;         |            | __TIME__ would be the volunteer's time, not this machine's or SOURCE_DATE_EPOCH (x.c)",
        "const char *f = __FILE__;         |            |",
        "const char *n = __FILE_NAME__;    |            |",
        "int l = __LINE__ + __COUNTER__ + __INCLUDE_LEVEL__; | |",
        "int x = MY__DATE__;               |            |",
        "int x = __DATE__X;                |            |",
        // Pragmas the preprocessor carries out, here in a header
        "int b = B;  | #pragma push_macro(\"B\")          | #pragma push_macro is carried out by the preprocessor (inc/a.h)",
        "int b = B;  | #  pragma   pop_macro(\"B\")       | #pragma pop_macro is carried out by the preprocessor (inc/a.h)",
        "int b;      | #pragma GCC poison gets           | #pragma GCC poison poisons names only for the preprocessor (inc/a.h)",
        "int b;      | #pragma\tGCC\tpoison gets         | #pragma GCC poison poisons names only for the preprocessor (inc/a.h)",
        "int b;      | #pragma poison gets               | #pragma poison poisons names only for the preprocessor (inc/a.h)",
        "int b;      | #pragma redefine_extname a b      | #pragma redefine_extname is carried out by the preprocessor (inc/a.h)",
        "int b;      | #pragma message \"hi\"            | #pragma message prints its note only in the preprocessor (inc/a.h)",
        // Pragmas that are safe: kept in the text, or consumed with the same effect
        "int b;      | #pragma once                      |",
        "int b;      | #pragma GCC system_header         |",
        "int b;      | #pragma GCC diagnostic push       |",
        "int b;      | #pragma GCC warning \"careful\"   |",
        "int b;      | #pragma pack(1)                   |",
        "int b;      | #pragma messages                  |",
        "int b;      | // a comment about #pragma push_macro |",
        "int b;      | _Pragma(\"push_macro(\\\"B\\\")\") |",
      })
  void theSourcesDecideWhetherDirectivesOnlyIsSafe(String text, String header, String reason) {
    ModeRules.FileReader reader =
        files(
            Map.of(
                "x.c",
                "#include \"inc/a.h\"\n" + text + "\n",
                "inc/a.h",
                header == null ? "" : "int before;\n" + header + "\nint after;\n"));
    Optional<String> found =
        ModeRules.checkDirectivesOnly(MARKERS.getBytes(StandardCharsets.UTF_8), reader);
    assertEquals(Optional.ofNullable(reason), found);
  }

  @Test
  void aHeaderEnteredByAnIndentedMarkerIsSearchedToo() {
    // GCC's directives-only output of "  #include <time_members.h>" in a header
    String text = MARKERS.replace("# 1 \"inc/a.h\" 1", "  # 1 \"inc/a.h\" 1 3");
    Optional<String> found =
        ModeRules.checkDirectivesOnly(
            text.getBytes(StandardCharsets.UTF_8),
            files(
                Map.of(
                    "x.c", "  #include \"inc/a.h\"\n", "inc/a.h", "#pragma push_macro(\"B\")\n")));
    assertEquals(
        Optional.of("#pragma push_macro is carried out by the preprocessor (inc/a.h)"), found);
  }

  @Test
  void aFileThatCannotBeReadIsAReasonForClassic() {
    Optional<String> found =
        ModeRules.checkDirectivesOnly(
            "# 1 \"gone.h\" 1\nint x;\n".getBytes(StandardCharsets.UTF_8), files(Map.of()));
    assertEquals(Optional.of("cannot read gone.h to look for pragmas: gone.h"), found);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "# 1 \"x.c\"                        | x.c",
        "# 12 \"inc/a.h\" 1 3 4             | inc/a.h",
        "# 1 \"a\\\\b \\\"q\\\".h\" 1         | a\\b \"q\".h",
        "# 1 \"caf\\303\\251.h\" 1           | café.h",
        "# 0 \"<built-in>\"                 |",
        "# 1 \"/home/me/src//\"             |",
        "#define X 1                        |",
        "#1 \"x.c\"                         |",
        "# 1 \"unterminated                 |",
      })
  void lineMarkersNameTheFiles(String line, String name) {
    List<String> expected = name == null ? List.of() : List.of(name);
    assertEquals(
        expected, List.copyOf(LineMarkers.files((line + "\n").getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void eachFileIsNamedOnce() throws IOException {
    assertEquals(
        List.of("x.c", "inc/a.h"),
        List.copyOf(LineMarkers.files(MARKERS.getBytes(StandardCharsets.UTF_8))));
  }
}
