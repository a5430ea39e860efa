package org.jdistcc.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PhaseTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "STARTUP, Startup",
    "BLOCKED, Blocked",
    "PREPROCESS, Preprocess",
    "CONNECT, Connect",
    "SEND, Send",
    "COMPILE, Compile",
    "RECEIVE, Receive",
    "LOCAL, Local",
  })
  void phasesCarryDistccsMonitorNames(Phase phase, String label) {
    assertEquals(label, phase.label());
  }

  /** distcc 3.4's enum dcc_phase; a local compile or a check is "Compile" on localhost there. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "STARTUP, 0, STARTUP",
    "BLOCKED, 1, BLOCKED",
    "CONNECT, 2, CONNECT",
    "PREPROCESS, 3, PREPROCESS",
    "SEND, 4, SEND",
    "COMPILE, 5, COMPILE",
    "RECEIVE, 6, RECEIVE",
    "LOCAL, 5, COMPILE",
    "VERIFY, 5, COMPILE",
  })
  void phasesCarryDistccsRecordNumbers(Phase phase, int code, Phase readBack) {
    assertEquals(code, phase.distccCode());
    assertEquals(java.util.Optional.of(readBack), Phase.ofDistccCode(code));
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void everyLabelReadsBackAsItsPhase(Phase phase) {
    assertEquals(phase, Phase.ofLabel(phase.label()));
  }

  @Test
  void anUnknownLabelIsNamed() {
    assertEquals(
        "unknown phase Nap",
        assertThrows(IllegalArgumentException.class, () -> Phase.ofLabel("Nap")).getMessage());
  }
}
