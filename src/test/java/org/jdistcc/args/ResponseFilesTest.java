package org.jdistcc.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseFilesTest {
  /** A file's text, with the arguments libiberty's buildargv makes of it, joined by '|'. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '`',
      value = {
        "-c x.c -o x.o                # -c|x.c|-o|x.o",
        "`  -c\tx.c\n\n-o\r\nx.o  `   # -c|x.c|-o|x.o",
        "-DNAME='a b' \"-Ic d\"       # -DNAME=a b|-Ic d",
        "a\\ b                        # a b",
        "'a\\'b'                      # a'b",
        "\"a\\\"b\"                   # a\"b",
        "'x\"y' \"p'q\"               # x\"y|p'q",
        "'' b                         # |b",
        "ab\\                         # ab",
      })
  void argumentsAreSplitAsBuildargvSplitsThem(String text, String args) {
    assertEquals(List.of(args.split("\\|", -1)), ResponseFiles.split(text));
  }

  @Test
  void whiteSpaceAloneHoldsNoArguments() {
    assertEquals(List.of(), ResponseFiles.split(" \n\t "));
    assertEquals(List.of(), ResponseFiles.split(""));
  }

  private static final Map<String, String> FILES =
      Map.of(
          "a.rsp", "-c x.c @b.rsp",
          "b.rsp", "-o 'x y.o'",
          "self.rsp", "-c @self.rsp",
          "empty.rsp", "  \n");

  private static List<String> expand(String... argv) {
    return ResponseFiles.expand(List.of(argv), name -> Optional.ofNullable(FILES.get(name)));
  }

  @Test
  void filesAreExpandedInPlaceAndInTurn() {
    assertEquals(
        List.of("gcc", "-O2", "-c", "x.c", "-o", "x y.o", "-g"),
        expand("gcc", "-O2", "@a.rsp", "-g"));
    assertEquals(List.of("gcc", "-c", "x.c"), expand("gcc", "@empty.rsp", "-c", "x.c"));
  }

  @Test
  void whatCannotBeExpandedStaysAsWritten() {
    List<String> unread = List.of("gcc", "@missing.rsp", "-c", "x.c");
    assertEquals(unread, expand(unread.toArray(String[]::new)));
    assertEquals(List.of("gcc", "@", "-c"), expand("gcc", "@", "-c"));
    // The compiler's name is not a response file.
    assertEquals(List.of("@a.rsp", "-g"), expand("@a.rsp", "-g"));
    // A file that names itself is left as the user wrote it, for the compiler to refuse.
    assertEquals(List.of("gcc", "@self.rsp"), expand("gcc", "@self.rsp"));
  }

  @Test
  void aCommandWithoutFilesIsReturnedAsItIs() {
    List<String> argv = List.of("gcc", "-c", "x.c");
    assertSame(argv, ResponseFiles.expand(argv, name -> Optional.of("-g")));
    assertFalse(ResponseFiles.anyIn(argv));
    assertFalse(ResponseFiles.anyIn(List.of("@cc", "-c", "@")));
    assertTrue(ResponseFiles.anyIn(List.of("gcc", "-c", "@x.rsp")));
  }

  @Test
  void anExpansionTooLongForExecIsNotMade() {
    String longText = "-DX=" + "y".repeat(ResponseFiles.MAX_CHARS);
    List<String> argv = List.of("gcc", "@long.rsp", "-c", "x.c");
    assertEquals(argv, ResponseFiles.expand(argv, name -> Optional.of(longText)));
  }
}
