package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PumpDecisionTest {
  /**
   * One row per rule. Columns: session on, host has ,cpp, the command after "gcc" (spaces split it,
   * the source is the last word that does not start with '-'), environment variable set (or -),
   * discrepancies so far, DISTCC_MAX_DISCREPANCY, recorded header mismatch (or -), expected: "pump"
   * or a word of the reason.
   */
  @ParameterizedTest(name = "{2} / session {0}, cpp {1}, env {3}, {4} of {5}, headers {6} → {7}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the switch and the host, as distcc 3.4
        "true  | true  | -c x.c -o x.o         | -                  | 0 | 1 | -   | pump",
        "false | true  | -c x.c -o x.o         | -                  | 0 | 1 | -   | pump mode is off",
        "true  | false | -c x.c -o x.o         | -                  | 0 | 1 | -   | no ,cpp",
        "false | false | -c x.c -o x.o         | -                  | 0 | 1 | -   | no ,cpp",
        // inputs distcc 3.4 never pumps
        "true  | true  | -c x.i -o x.o         | -                  | 0 | 1 | -   | already preprocessed",
        "true  | true  | -c x.ii -o x.o        | -                  | 0 | 1 | -   | already preprocessed",
        // hidden include directories, as distcc 3.4
        "true  | true  | -c x.c -o x.o         | CPATH              | 0 | 1 | -   | CPATH",
        "true  | true  | -c x.c -o x.o         | C_INCLUDE_PATH     | 0 | 1 | -   | C_INCLUDE_PATH",
        "true  | true  | -c x.cc -o x.o        | CPLUS_INCLUDE_PATH | 0 | 1 | -   | CPLUS_INCLUDE_PATH",
        "true  | true  | -c x.c -o x.o         | DEPENDENCIES_OUTPUT | 0 | 1 | -  | DEPENDENCIES_OUTPUT",
        "true  | true  | -c x.c -o x.o         | SUNPRO_DEPENDENCIES | 0 | 1 | -  | SUNPRO_DEPENDENCIES",
        "true  | true  | -c x.c -o x.o         | DISTCC_VERBOSE     | 0 | 1 | -   | pump",
        // DISTCC_MAX_DISCREPANCY demotes the session
        "true  | true  | -c x.c -o x.o         | -                  | 1 | 1 | -   | discrepancies",
        "true  | true  | -c x.c -o x.o         | -                  | 1 | 2 | -   | pump",
        "true  | true  | -c x.c -o x.o         | -                  | 2 | 2 | -   | discrepancies",
        // a host whose system headers were found to differ
        "true  | true  | -c x.c -o x.o         | -                  | 0 | 1 | /usr/include/stdio.h differs | system headers differ",
        // languages
        "true  | true  | -c x.cpp -o x.o       | -                  | 0 | 1 | -   | pump",
        "true  | true  | -c x.m -o x.o         | -                  | 0 | 1 | -   | pump",
        "true  | true  | -c x.S -o x.o         | -                  | 0 | 1 | -   | only C",
        "true  | true  | -c x.s -o x.o         | -                  | 0 | 1 | -   | only C",
        "true  | true  | -x c++ -c x.S -o x.o  | -                  | 0 | 1 | -   | pump",
        "true  | true  | -x assembler-with-cpp -c x.c -o x.o | - | 0 | 1 | - | only C",
        // options the include analysis does not model
        "true  | true  | --sysroot=/sr -c x.c -o x.o | -            | 0 | 1 | -   | --sysroot",
        "true  | true  | -isysroot /sr -c x.c -o x.o | -            | 0 | 1 | -   | -isysroot",
        "true  | true  | -iprefix /p -c x.c -o x.o   | -            | 0 | 1 | -   | -iprefix",
        "true  | true  | -Wp,-I/x -c x.c -o x.o      | -            | 0 | 1 | -   | -Wp,",
        "true  | true  | -Xpreprocessor -I/x -c x.c -o x.o | -      | 0 | 1 | -   | -Xpreprocessor",
        "true  | true  | -I- -c x.c -o x.o           | -            | 0 | 1 | -   | -I-",
        "true  | true  | -fdirectives-only -c x.c -o x.o | -        | 0 | 1 | -   | -fdirectives-only",
        "true  | true  | @opts -c x.c -o x.o         | -            | 0 | 1 | -   | response file",
        // gcc's DWARF 4 line table with an absolute source differs when remapped: plain
        "true  | true  | -g -gdwarf-4 -c /s/x.c -o x.o | -          | 0 | 1 | -   | -gdwarf-4",
        "true  | true  | -gdwarf-2 -c /s/x.c -o x.o    | -          | 0 | 1 | -   | -gdwarf-2",
        "true  | true  | -g -gdwarf-4 -c s/x.c -o x.o  | -          | 0 | 1 | -   | pump",
        "true  | true  | -g -c /s/x.c -o x.o           | -          | 0 | 1 | -   | pump",
        // options it does model
        "true  | true  | -Iinc -iquote q -isystem s -idirafter a -include f.h -c x.c -o x.o | - | 0 | 1 | - | pump",
        "true  | true  | -nostdinc -c x.c -o x.o     | -            | 0 | 1 | -   | pump",
        "true  | true  | -MD -MF x.d -MT t -c x.c -o x.o | -        | 0 | 1 | -   | pump",
      })
  void decidesPumpOrPlainWithItsReason(
      boolean session,
      boolean cpp,
      String command,
      String env,
      int discrepancies,
      int max,
      String mismatch,
      String expected) {
    List<String> argv = new java.util.ArrayList<>(List.of("gcc"));
    argv.addAll(Arrays.asList(command.trim().split(" +")));
    String input = "";
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (!a.startsWith("-")
          && !a.startsWith("@")
          && !argv.get(i - 1).equals("-o")
          && !argv.get(i - 1).startsWith("-i")
          && a.contains(".")
          && !a.endsWith(".h")
          && !a.endsWith(".d")) {
        input = a;
      }
    }
    Map<String, String> environment = env.equals("-") ? Map.of() : Map.of(env, "x");
    PumpDecision.Choice choice =
        PumpDecision.decide(
            session,
            cpp,
            argv,
            input,
            environment,
            discrepancies,
            max,
            mismatch.equals("-") ? Optional.empty() : Optional.of(mismatch));
    if (expected.equals("pump")) {
      assertEquals(new PumpDecision.Choice(true, "pump"), choice);
    } else {
      assertEquals(false, choice.pump(), choice.reason());
      assertEquals(true, choice.reason().contains(expected), choice.reason());
    }
  }

  @Test
  void clangKeepsDwarf4WithAnAbsoluteSourceInPumpMode() {
    List<String> argv = List.of("clang++", "-g", "-gdwarf-4", "-c", "/s/x.cc", "-o", "x.o");
    assertEquals(
        true,
        PumpDecision.decide(true, true, argv, "/s/x.cc", Map.of(), 0, 1, Optional.empty()).pump());
  }

  @Test
  void languageFollowsTheLastDashXBeforeTheSource() {
    assertEquals(
        Optional.of("c"),
        PumpDecision.language(List.of("g++", "-x", "c++", "-xc", "y.cc", "-c"), "y.cc"));
    assertEquals(Optional.of("c++"), PumpDecision.language(List.of("gcc", "-c", "y.C"), "y.C"));
  }
}
