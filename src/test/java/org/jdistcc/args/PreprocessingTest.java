package org.jdistcc.args;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PreprocessingTest {
  @Test
  void modeFlagsGoToBothSides() {
    ScanResult.Distribute job =
        (ScanResult.Distribute)
            ArgScanner.scan(Arrays.asList("gcc", "-DX=1", "-c", "x.c", "-o", "x.o"));
    assertEquals(
        Arrays.asList("/usr/bin/gcc", "-fdirectives-only", "-DX=1", "-E", "x.c", "-o", "T"),
        DependencyArgs.preprocessCommand(
            Arrays.asList("/usr/bin/gcc", "-DX=1", "-c", "x.c", "-o", "x.o"),
            job,
            "T",
            Preprocessing.DIRECTIVES_ONLY));
    assertEquals(
        Arrays.asList("gcc", "-fpreprocessed", "-fdirectives-only", "-c", "x.c", "-o", "x.o"),
        LocalArgs.remote(job.argv(), Preprocessing.DIRECTIVES_ONLY, "/w"));
  }

  @Test
  void rewriteIncludesSendsTheMacrosToClangsFrontEndAndTheWorkingDirectory() {
    java.util.List<String> argv =
        Arrays.asList(
            "clang", "-DX=1", "-D", "Y", "-UZ", "-I", "inc", "-O2", "-c", "x.c", "-o", "x.o");
    ScanResult.Distribute job = (ScanResult.Distribute) ArgScanner.scan(argv);
    assertEquals(
        Arrays.asList(
            "clang",
            "-frewrite-includes",
            "-DX=1",
            "-D",
            "Y",
            "-UZ",
            "-I",
            "inc",
            "-O2",
            "-E",
            "x.c",
            "-o",
            "T"),
        DependencyArgs.preprocessCommand(argv, job, "T", Preprocessing.REWRITE_INCLUDES));
    assertEquals(
        Arrays.asList(
            "clang",
            "-fdebug-compilation-dir=/w",
            "-Xclang",
            "-DX=1",
            "-Xclang",
            "-DY",
            "-Xclang",
            "-UZ",
            "-O2",
            "-c",
            "x.c",
            "-o",
            "x.o"),
        LocalArgs.remote(job.argv(), Preprocessing.REWRITE_INCLUDES, "/w"));
  }

  /** The volunteer's command: what clang's driver would drop for a .i goes to its front end. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "clang -fmacro-prefix-map=src=S -c x.c      | REWRITE_INCLUDES | clang -fdebug-compilation-dir=/w -Xclang -fmacro-prefix-map=src=S -c x.c",
        "clang -ffile-prefix-map=src=S -c x.c       | REWRITE_INCLUDES | clang -fdebug-compilation-dir=/w -Xclang -fmacro-prefix-map=src=S -ffile-prefix-map=src=S -c x.c",
        "clang -fdebug-prefix-map=src=S -c x.c      | REWRITE_INCLUDES | clang -fdebug-compilation-dir=/w -fdebug-prefix-map=src=S -c x.c",
        "clang++-14 -fmacro-prefix-map=a=b -c x.cc  | CLASSIC          | clang++-14 -c x.cc",
        "gcc -fmacro-prefix-map=src=S -c x.c        | DIRECTIVES_ONLY  | gcc -fpreprocessed -fdirectives-only -fmacro-prefix-map=src=S -c x.c",
        "gcc -fmacro-prefix-map=src=S -c x.c        | CLASSIC          | gcc -fmacro-prefix-map=src=S -c x.c",
      })
  void macroPrefixMapsReachTheCompilerThatExpandsTheMacros(
      String command, Preprocessing mode, String remote) {
    assertEquals(
        Arrays.asList(remote.split(" ")),
        LocalArgs.remote(Arrays.asList(command.split(" +")), mode, "/w"));
  }

  private static final Pattern CLANG_FAMILY =
      Pattern.compile("(.*-)?(clang|clang\\+\\+)(-[0-9.]+)?");

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "clang",
        "clang++",
        "clang-14",
        "clang++-14",
        "x86_64-linux-gnu-clang",
        "x86_64-linux-gnu-clang++-16",
        "clang-",
        "clang-x",
        "clangd",
        "clang-format",
        "gcc",
        "xclang",
        "clang-cl",
        "",
        "-clang"
      })
  void clangFamilyMatchesTheRegularExpression(String name) {
    assertEquals(CLANG_FAMILY.matcher(name).matches(), Preprocessing.isClangFamily(name), name);
  }

  /** The rule as a regular expression, which the hand-written check replaced to start faster. */
  private static final Pattern GCC_FAMILY =
      Pattern.compile("(.*-)?(gcc|g\\+\\+|cc|c\\+\\+)(-[0-9.]+)?");

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "gcc",
        "g++",
        "cc",
        "c++",
        "gcc-12",
        "g++-12.2",
        "x86_64-linux-gnu-gcc",
        "x86_64-linux-gnu-g++-13",
        "arm-none-eabi-gcc-10.3.1",
        "gcc-",
        "gcc-x",
        "gcc-1-2",
        "clang",
        "clang++",
        "clang-16",
        "icc",
        "gcc-ar",
        "cc1",
        "-gcc",
        "gcc-12-cc",
        "xgcc",
        "c++-",
        "",
        "g++-.",
        "tcc",
        "distcc"
      })
  void gccFamilyMatchesTheRegularExpression(String name) {
    assertEquals(GCC_FAMILY.matcher(name).matches(), Preprocessing.isGccFamily(name), name);
  }
}
