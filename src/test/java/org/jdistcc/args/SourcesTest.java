package org.jdistcc.args;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** distcc 3.4's IsSource_Case and ExtractExtension_Case, plus the preprocessed extensions. */
class SourcesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "hello.c        | true  | false | .i",
        "hello.cpp      | true  | false | .ii",
        "hello.2.4.4.i  | true  | true  | .i",
        ".foo           | false | false | .i",
        "gcc            | false | false | .i",
        "hello.ii       | true  | true  | .ii",
        "hello.c++      | true  | false | .ii",
        "hello.cc       | true  | false | .ii",
        "hello.cxx      | true  | false | .ii",
        "hello.cp       | true  | false | .ii",
        "hello.C        | true  | false | .ii",
        "hello.m        | true  | false | .mi",
        "hello.mi       | true  | true  | .mi",
        "hello.mm       | true  | false | .mii",
        "hello.M        | true  | false | .mii",
        "hello.mii      | true  | true  | .mii",
        "boot.s         | false | false | .i",
        "boot.S         | false | false | .i",
        "dir.d/hello    | false | false | .i",
      })
  void classifiesByExtension(String name, boolean source, boolean preprocessed, String cppExt) {
    assertEquals(source, Sources.isSource(name));
    assertEquals(preprocessed, Sources.isPreprocessed(name));
    assertEquals(cppExt, Sources.preprocessedExtension(name));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gcc -c x.c             | .i",
        "gcc -x c++ -c x.c      | .ii",
        "gcc -xc++ -c x.c       | .ii",
        "gcc -x c -c x.cc       | .i",
        "gcc -x objective-c -c x.c | .mi",
        "gcc -x c++ -x none -c x.c | .i",
        "gcc -c x.c -x c++      | .i",
      })
  void theLanguageBeforeTheInputNamesThePreprocessedExtension(String command, String extension) {
    assertEquals(
        extension,
        Sources.preprocessedExtension(java.util.Arrays.asList(command.split(" ")), input(command)));
  }

  private static String input(String command) {
    for (String word : command.split(" ")) {
      if (word.startsWith("x.")) {
        return word;
      }
    }
    throw new IllegalArgumentException(command);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "(none)",
      value = {
        "hello.c | c",
        "hello.cpp | cpp",
        "hello.2.4.4.4.c | c",
        ".foo | foo",
        "gcc | (none)",
        "a.b/c | (none)"
      })
  void extensionIsAfterTheLastDotOfTheLastComponent(String name, String extension) {
    assertEquals(Optional.ofNullable(extension), Sources.extension(name));
  }
}
