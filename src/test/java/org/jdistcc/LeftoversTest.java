package org.jdistcc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LeftoversTest {
  @Test
  void afterTheShutdownCleanUpTheJobCountsAsCancelledAndStartsNoOtherProcess() throws Exception {
    Leftovers leftovers = new Leftovers();
    assertFalse(leftovers.cancelled());
    leftovers.cleanUp();
    // A job thread deciding on a local compile now must not start one: the JVM is halting.
    assertTrue(leftovers.cancelled());
    Process late = new ProcessBuilder("sleep", "60").start();
    assertFalse(leftovers.add(late), "a process started after the clean-up was accepted");
    assertTrue(late.waitFor(10, TimeUnit.SECONDS), "the late process was not killed");
  }
}
