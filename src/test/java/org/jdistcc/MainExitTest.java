package org.jdistcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainExitTest {
  private static String reported(Exception e, int status) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertEquals(
        status,
        MainExit.report("distccd", e, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aDistccExceptionGivesItsOwnExitCodeAndMessage() {
    assertEquals(
        "distccd: no such host\n",
        reported(new DistccException(ExitCode.BAD_HOSTSPEC, "no such host"), 106));
  }

  @Test
  void anyOtherIoExceptionIsAnIoError() {
    assertEquals("distccd: disk full\n", reported(new IOException("disk full"), 107));
  }

  @Test
  void aBugIsOneLineSayingWhereItHappened() {
    Exception bug = new IllegalStateException("impossible");
    String line = reported(bug, 100);
    assertTrue(
        line.startsWith(
            "distccd: internal error: java.lang.IllegalStateException: impossible at "
                + MainExitTest.class.getName()),
        line);
    assertEquals(1, line.lines().count(), line);
  }
}
