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
