package org.jdistcc.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.jdistcc.state.TraceRecord.Span;
import org.jdistcc.state.TraceRecord.Where;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TraceRecordTest {
  static Stream<TraceRecord> records() {
    List<Span> everyPhase =
        Stream.of(Phase.values())
            .map(
                p ->
                    new Span(
                        p,
                        1_700_000_000_000_000L + p.ordinal(),
                        1_700_000_000_000_001L + p.ordinal()))
            .toList();
    return Stream.of(
        new TraceRecord(4242, "src/x.c", "tux/4,lzo", 3, Where.REMOTE, "", 0, "", everyPhase),
        new TraceRecord(
            1, "", "localhost", 0, Where.LOCAL, "not distributable: -M", 0, "", List.of()),
        new TraceRecord(
            Long.MAX_VALUE,
            "we\"ird\\ name\n\t\u0001.c",
            "@h\u00e9te",
            Integer.MAX_VALUE,
            Where.LOCAL,
            "fallback to h: connect: \"refused\"\r",
            -1,
            "",
            List.of(new Span(Phase.LOCAL, 0, Long.MAX_VALUE))),
        new TraceRecord(
            7,
            "x.c",
            "h",
            1,
            Where.REMOTE,
            "plain -E: -traditional-cpp",
            110,
            "",
            List.of(new Span(Phase.STARTUP, 5, 4))));
  }

  @ParameterizedTest
  @MethodSource("records")
  void aRecordReadsBackAsItWasWritten(TraceRecord record) {
    String line = record.toJson();
    assertTrue(line.indexOf('\n') < 0, "one line: " + line);
    assertEquals(record, TraceRecord.fromJson(line));
  }

  @Test
  void aJobLastsFromItsFirstPhasesStartToItsLastPhasesEnd() {
    TraceRecord record =
        new TraceRecord(
            1,
            "x.c",
            "h",
            0,
            Where.REMOTE,
            "",
            0,
            "",
            List.of(new Span(Phase.STARTUP, 10, 20), new Span(Phase.COMPILE, 20, 95)));
    assertEquals(10, record.startMicros());
    assertEquals(95, record.endMicros());
    TraceRecord none = new TraceRecord(1, "x.c", "h", 0, Where.REMOTE, "", 0, "", List.of());
    assertEquals(0, none.endMicros() - none.startMicros());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # what is wrong          | line                                                                                                | message
          not JSON                 | '{"pid":1,'                                                                                         | expected a key at offset 9
          not an object            | '[1]'                                                                                               | the record is not an object
          a missing field          | '{"file":"x.c","host":"h","slot":0,"where":"local","why":"","exit":0,"phases":[]}'                  | no "pid"
          a string for a number    | '{"pid":"1","file":"x.c","host":"h","slot":0,"where":"local","why":"","exit":0,"phases":[]}'        | "pid" is not an integer
          a fraction for a number  | '{"pid":1,"file":"x.c","host":"h","slot":0.5,"where":"local","why":"","exit":0,"phases":[]}'        | "slot" is not an integer
          a slot out of range      | '{"pid":1,"file":"x.c","host":"h","slot":4294967296,"where":"local","why":"","exit":0,"phases":[]}' | "slot" is out of range
          an unknown where         | '{"pid":1,"file":"x.c","host":"h","slot":0,"where":"moon","why":"","exit":0,"phases":[]}'           | "where" is "moon", not remote, local or verify
          phases not a list        | '{"pid":1,"file":"x.c","host":"h","slot":0,"where":"local","why":"","exit":0,"phases":{}}'          | "phases" is not a List
          a phase not an object    | '{"pid":1,"file":"x.c","host":"h","slot":0,"where":"local","why":"","exit":0,"phases":[3]}'         | a phase is not an object
          an unknown phase         | '{"pid":1,"file":"x.c","host":"h","slot":0,"where":"local","why":"","exit":0,"phases":[{"name":"Nap","start":0,"end":1}]}' | unknown phase Nap
          """)
  void aLineThatIsNotARecordSaysWhatIsWrong(String what, String line, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TraceRecord.fromJson(line), what);
    assertTrue(e.getMessage().startsWith(message), what + ": " + e.getMessage());
  }
}
