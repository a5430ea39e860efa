package org.jdistcc.args;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrossRewriteTest {
  @ParameterizedTest(name = "{0} via [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Debian: /usr/bin/cc -> /etc/alternatives/cc -> /usr/bin/gcc
        "cc  | cc gcc          | gcc",
        "c++ | c++ g++         | g++",
        "cc  | clang           | clang",
        "c++ | clang++         | clang++",
        // a C compiler is no answer for c++, nor the other way round
        "c++ | gcc             | c++",
        "cc  | g++             | cc",
        // not a link, or a link to something else: unchanged
        "cc  | ''              | cc",
        "cc  | tcc             | cc",
      })
  void genericNamesBecomeTheCompilerTheyLinkTo(String name, String links, String expected) {
    List<String> names = links.isBlank() ? List.of() : Arrays.asList(links.split(" "));
    assertEquals(expected, CrossRewrite.generic(name, names));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "gcc, x86_64-linux-gnu-gcc",
    "gcc-12, x86_64-linux-gnu-gcc-12",
    "g++, x86_64-linux-gnu-g++",
    "g++-12, x86_64-linux-gnu-g++-12",
    "clang, ''",
    "cc, ''",
    "gccgo, ''",
    "x86_64-linux-gnu-gcc, ''",
  })
  void gccNamesAreQualifiedWithTheTriple(String name, String expected) {
    assertEquals(
        expected.isEmpty() ? Optional.empty() : Optional.of(expected),
        CrossRewrite.qualified(name, "x86_64-linux-gnu"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "clang -c t.c        | clang -c t.c -target T",
        "clang++ -c t.cc     | clang++ -c t.cc -target T",
        "clang-14 -c t.c     | clang-14 -c t.c -target T",
        "clang++-14 -c t.cc  | clang++-14 -c t.cc -target T",
        "clang -target arm-linux-gnueabihf -c t.c | clang -target arm-linux-gnueabihf -c t.c",
        "clang --target=arm-linux-gnueabihf -c t.c | clang --target=arm-linux-gnueabihf -c t.c",
        "gcc -c t.c          | gcc -c t.c",
        "clangd -c t.c       | clangd -c t.c",
      })
  void clangGetsATargetUnlessOneIsGiven(String argv, String expected) {
    assertEquals(
        List.of(expected.split(" ")), CrossRewrite.withClangTarget(List.of(argv.split(" ")), "T"));
  }
}
