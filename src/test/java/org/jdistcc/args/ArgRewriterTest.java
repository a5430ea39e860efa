package org.jdistcc.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgRewriterTest {
  private static List<String> argv(String command) {
    return Arrays.asList(command.split(" "));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # command                              | input | rewritten (input in.i, output out.o)
          gcc -c x.c -o x.o                      | x.c   | gcc -c in.i -o out.o
          gcc -c x.c -ox.o                       | x.c   | gcc -c in.i -oout.o
          gcc -o x.o -c x.c                      | x.c   | gcc -o out.o -c in.i
          gcc -c -MT x.c x.c -o x.o              | x.c   | gcc -c -MT x.c in.i -o out.o
          gcc -c -MF -o x.c -o x.o               | x.c   | gcc -c -MF -o in.i -o out.o
          gcc -c -o x.c x.c                      | x.c   | gcc -c -o out.o in.i
          """)
  void theInputAndOutputAreFoundTheWayTheScannerFindsThem(
      String command, String input, String rewritten) {
    assertEquals(Optional.empty(), ArgRewriter.refusal(argv(command), input));
    assertEquals(
        argv(rewritten),
        ArgRewriter.withOutput(ArgRewriter.withInput(argv(command), input, "in.i"), "out.o"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # command                              | input | refusal
          gcc -c x.c x.o                         | x.c   | no -o
          gcc -c x.c -o                          | x.c   | no -o
          gcc -c x.c -MF -o                      | x.c   | no -o
          gcc -c y.c -o x.o                      | x.c   | no input x.c where the compiler would read it
          gcc -c -MT x.c -o x.o                  | x.c   | no input x.c where the compiler would read it
          gcc -c -o x.c                          | x.c   | no input x.c where the compiler would read it
          """)
  void aCommandTheRewritingCannotHandleIsRefusedWithTheReason(
      String command, String input, String refusal) {
    assertEquals(Optional.of(refusal), ArgRewriter.refusal(argv(command), input));
    assertThrows(
        IllegalArgumentException.class,
        () -> ArgRewriter.withOutput(ArgRewriter.withInput(argv(command), input, "in.i"), "out.o"));
  }
}
