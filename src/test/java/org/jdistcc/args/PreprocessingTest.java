package org.jdistcc.args;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PreprocessingTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gcc -c x.c                                  | DIRECTIVES_ONLY",
        "g++ -O2 -c x.cc                             | DIRECTIVES_ONLY",
        "cc -c x.c                                   | DIRECTIVES_ONLY",
        "c++ -c x.cc                                 | DIRECTIVES_ONLY",
        "/usr/bin/x86_64-linux-gnu-g++-12 -c x.cc    | DIRECTIVES_ONLY",
        "gcc-12 -c x.c                               | DIRECTIVES_ONLY",
        "clang -c x.c                                | CLASSIC",
        "clang++-16 -c x.cc                          | CLASSIC",
        "icc -c x.c                                  | CLASSIC",
        "gcc -g -c x.c                               | DIRECTIVES_ONLY",
        "gcc -g -O2 -c x.c                           | DIRECTIVES_ONLY",
        "gcc -gdwarf-4 -c x.c                        | DIRECTIVES_ONLY",
        "gcc -gdwarf-3 -c x.c                        | DIRECTIVES_ONLY",
        "gcc -ggdb -c x.c                            | DIRECTIVES_ONLY",
        "gcc -g0 -g -c x.c                           | DIRECTIVES_ONLY",
        "gcc -g3 -c x.c                              | CLASSIC",
        "gcc -ggdb3 -c x.c                           | CLASSIC",
        "gcc -g3 -gno-record-gcc-switches -c x.c     | CLASSIC",
      })
  void directivesOnlyForGccUnlessMacroDebugInformationIsAsked(String command, Preprocessing expected) {
    assertEquals(expected, Preprocessing.choose(Arrays.asList(command.split(" ")), false));
  }

  @Test
  void classicCanBeForced() {
    assertEquals(Preprocessing.CLASSIC, Preprocessing.choose(Arrays.asList("gcc", "-c", "x.c"), true));
  }

  @Test
  void modeFlagsGoToBothSides() {
    ScanResult.Distribute job =
        (ScanResult.Distribute) ArgScanner.scan(Arrays.asList("gcc", "-DX=1", "-c", "x.c", "-o", "x.o"));
    assertEquals(Arrays.asList("/usr/bin/gcc", "-fdirectives-only", "-DX=1", "-E", "x.c", "-o", "T"),
        DependencyArgs.preprocessCommand(
            Arrays.asList("/usr/bin/gcc", "-DX=1", "-c", "x.c", "-o", "x.o"), job, "T",
            Preprocessing.DIRECTIVES_ONLY));
    assertEquals(Arrays.asList("gcc", "-fpreprocessed", "-fdirectives-only", "-c", "x.c", "-o", "x.o"),
        LocalArgs.remote(job.argv(), Preprocessing.DIRECTIVES_ONLY));
  }

  /** The rule as a regular expression, which the hand-written check replaced to start faster. */
  private static final Pattern GCC_FAMILY = Pattern.compile("(.*-)?(gcc|g\\+\\+|cc|c\\+\\+)(-[0-9.]+)?");

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"gcc", "g++", "cc", "c++", "gcc-12", "g++-12.2", "x86_64-linux-gnu-gcc",
      "x86_64-linux-gnu-g++-13", "arm-none-eabi-gcc-10.3.1", "gcc-", "gcc-x", "gcc-1-2", "clang", "clang++",
      "clang-16", "icc", "gcc-ar", "cc1", "-gcc", "gcc-12-cc", "xgcc", "c++-", "", "g++-.", "tcc", "distcc"})
  void gccFamilyMatchesTheRegularExpression(String name) {
    assertEquals(GCC_FAMILY.matcher(name).matches(), Preprocessing.isGccFamily(name), name);
  }
}
