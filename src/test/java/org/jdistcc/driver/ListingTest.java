package org.jdistcc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListingTest {
  /** A command line as the driver prints it, and its words ('|' between them; '-' for none). */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        " /usr/lib/cc1 -E t.c;/usr/lib/cc1|-E|t.c",
        " /usr/lib/cc1 \"-mtune=generic\" -E;/usr/lib/cc1|-mtune=generic|-E",
        " cc1 -D \"X=a \\\"b\\\" c\\\\d\";cc1|-D|X=a \"b\" c\\d",
        " cc1 \"\\$HOME\" \"a b\";cc1|$HOME|a b",
        " cc1 \"\";cc1|",
        " cc1 -E ;cc1|-E",
        // not the driver's quoting
        " cc1 \"open;-",
        " cc1 a\"b;-",
        "  cc1;-",
      })
  void readsTheDriversQuoting(String line, String words) {
    Optional<List<String>> expected =
        words.equals("-") ? Optional.empty() : Optional.of(Arrays.asList(words.split("\\|", -1)));
    assertEquals(expected, Listing.words(line));
  }

  @Test
  void takesTheVariablesSetBeforeTheOneProgram() {
    String text =
        "Using built-in specs.\n"
            + "COLLECT_GCC=gcc\n"
            + "Target: x86_64-linux-gnu\n"
            + "Configured with: ../src/configure -v --prefix=/usr\n"
            + "gcc version 12.2.0 (Debian 12.2.0-14)\n"
            + "COLLECT_GCC_OPTIONS='-E' '-o' '/tmp/d/t.i'\n"
            + " /usr/lib/gcc/x86_64-linux-gnu/12/cc1 -E -quiet t.c -o /tmp/d/t.i\n"
            + "COMPILER_PATH=/usr/lib/gcc/\n"
            + "LIBRARY_PATH=/usr/lib/\n";
    Listing listing = Listing.parse(text).orElseThrow();
    assertEquals(
        List.of("/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "-E", "-quiet", "t.c", "-o", "/tmp/d/t.i"),
        listing.argv());
    assertEquals(
        Map.of("COLLECT_GCC", "gcc", "COLLECT_GCC_OPTIONS", "'-E' '-o' '/tmp/d/t.i'"),
        listing.environment());
  }

  /** Listings, '|' between lines, that name no program to run instead of the driver. */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "two programs;COLLECT_GCC=gcc| /usr/lib/cpp t.c| /usr/lib/cc1 t.i|",
        "no program;Using built-in specs.|COLLECT_GCC=gcc|",
        "bytes that were not text;COLLECT_GCC=gcc| /usr/lib/cc1 caf\uFFFD.c|",
        "a program line quoted wrongly;COLLECT_GCC=gcc| /usr/lib/cc1 \"t.c|",
        "a warning of the driver's;gcc: warning: '-x c' after last input file has no effect|"
            + " /usr/lib/cc1 -E t.c|",
        "a specs file;Reading specs from /usr/lib/gcc/specs| /usr/lib/cc1 -E t.c|",
      })
  void refusesListingsThatAreNotOneProgram(String why, String text) {
    assertEquals(Optional.empty(), Listing.parse(text.replace('|', '\n')), why);
  }

  /** equals and hashCode are written out (see Listing): they must still mean "same components". */
  @Test
  void listingsAreEqualExactlyWhenProgramAndVariablesAre() {
    Listing one = new Listing(List.of("/usr/lib/cc1", "-E"), Map.of("COLLECT_GCC", "gcc"));
    Listing same = new Listing(List.of("/usr/lib/cc1", "-E"), Map.of("COLLECT_GCC", "gcc"));
    assertEquals(one, same);
    assertEquals(one.hashCode(), same.hashCode());
    assertNotEquals(one, new Listing(List.of("/usr/lib/cc1", "-P"), Map.of("COLLECT_GCC", "gcc")));
    assertNotEquals(one, new Listing(List.of("/usr/lib/cc1", "-E"), Map.of("COLLECT_GCC", "g++")));
    assertNotEquals(one, new Listing(List.of("/usr/lib/cc1", "-E"), Map.of()));
    assertNotEquals(one, null);
  }
}
