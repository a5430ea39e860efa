package org.jdistcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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

  /**
   * The JDK's file exceptions often carry only the path, which alone reads as no reason at all
   * ("cannot write x.o: /dir/.x.o.1234.tmp"): the kind of failure is said after it.
   */
  @Test
  void aFileExceptionWithoutAReasonSaysWhatWentWrong() {
    assertEquals("/d/x: permission denied", MainExit.message(new AccessDeniedException("/d/x")));
    assertEquals("/d/x: no such file", MainExit.message(new NoSuchFileException("/d/x")));
    assertEquals("/d/x: it exists", MainExit.message(new FileAlreadyExistsException("/d/x")));
    assertEquals("/d/x: not a directory", MainExit.message(new NotDirectoryException("/d/x")));
    assertEquals(
        "/d/x: directory not empty", MainExit.message(new DirectoryNotEmptyException("/d/x")));
    assertEquals(
        "/d/x: Read-only file system",
        MainExit.message(new FileSystemException("/d/x", null, "Read-only file system")));
    assertEquals("/d/x: failed", MainExit.message(new FileSystemException("/d/x")));
    assertEquals(
        "/d/x -> /d/y: permission denied",
        MainExit.message(new AccessDeniedException("/d/x", "/d/y", null)));
  }
}
