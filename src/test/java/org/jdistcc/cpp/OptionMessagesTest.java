package org.jdistcc.cpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compiler messages about the command line, told apart from messages about source. */
class OptionMessagesTest {
  private static byte[] bytes(String lines) {
    return lines.replace("|", "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Messages, '|' between lines, and whether all of them are about the command line. */
  @ParameterizedTest(name = "{index}: {0}")
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '`',
      value = {
        "``;true",
        "clang: warning: optimization flag '-fno-tree-vrp' is not supported"
            + " [-Wignored-optimization-argument]|;true",
        "clang-14: warning: argument unused during compilation: '-L/x'"
            + " [-Wunused-command-line-argument]|;true",
        "cc1: warning: command-line option '-fno-rtti' is valid for C++/ObjC++ but not for C|;true",
        "cc1plus: warning: command-line option '-Wmissing-prototypes' is valid for C/ObjC but not"
            + " for C++|;true",
        "<command-line>: warning: \"X\" redefined|<command-line>: note: this is the location of the"
            + " previous definition|;true",
        "clang: warning: a|clang: warning: b;true",
        // about a line of source
        "x.c:3:2: warning: #warning hi [-W#warnings]|    3 | #warning hi|;false",
        "x.c:3: warning: no column|;false",
        "clang: warning: a|x.c:1:1: warning: b|;false",
        "In file included from x.c:1:|inc/a.h:2:2: warning: hi|;false",
        "x.c: In function 'main':|;false",
        "1 warning generated.|;false",
        "clang: error: unsupported option '-fzzz'|;false",
        "warning: no name|;false",
        "my file.c: warning: a blank in the name|;false",
      })
  void messagesAboutTheCommandLineAreToldApart(String messages, boolean options) {
    assertEquals(options, OptionMessages.onlyAboutOptions(bytes(messages)));
  }

  /** What the preprocessor printed, what the volunteer printed, what is shown of the latter. */
  @ParameterizedTest(name = "{index}: {2}")
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '`',
      value = {
        "clang: warning: o|;clang: warning: o|;``",
        "clang: warning: o|;clang: warning: o|x.c:1:1: warning: w|;x.c:1:1: warning: w|",
        "clang: warning: o|;clang: warning: o|clang: warning: o|;clang: warning: o|",
        "clang: warning: o|clang: warning: o|;clang: warning: o|clang: warning: o;``",
        "clang: warning: o|;clang: warning: p|;clang: warning: p|",
        "``;clang: warning: o|;clang: warning: o|",
        "x.c:1:1: warning: w|;x.c:1:1: warning: w|;x.c:1:1: warning: w|",
        "clang: warning: o|;x.c:1:1: warning: w|  clang: warning: o|;x.c:1:1: warning: w|  clang:"
            + " warning: o|",
        "cc1: warning: c|;cc1: warning: c\r|cc1: warning: c|;cc1: warning: c\r|",
      })
  void theVolunteerDoesNotRepeatWhatThePreprocessorSaidAboutOptions(
      String preprocessor, String volunteer, String shown) {
    assertEquals(
        new String(bytes(shown), StandardCharsets.UTF_8),
        new String(
            OptionMessages.withoutRepeats(bytes(preprocessor), bytes(volunteer)),
            StandardCharsets.UTF_8));
  }
}
