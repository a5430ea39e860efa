package org.jdistcc.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A job that fails inside the agent (out of memory, a bug) is handed back to the launcher, which
 * runs it in a JVM of its own, unless the launcher was already told how the job ends: it would then
 * report a second status or run a compiler it already runs.
 */
class RepliesTest {
  private static String typesOf(byte[] wire) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(wire);
    StringBuilder types = new StringBuilder();
    Frames.Frame frame;
    while ((frame = Frames.read(in, 1 << 20)) != null) {
      types.append((char) frame.type());
    }
    return types.toString();
  }

  @ParameterizedTest(name = "after {0}: handed back {1}, frames {2}")
  @CsvSource({
    "nothing,             true,  N",
    "empty output,        true,  N",
    "stderr output,       true,  2N",
    "the exit status,     false, X",
    "a compiler to run,   false, aaR",
    "not handled already, false, N",
  })
  void jobIsHandedBackUnlessItsEndWasSent(String before, boolean handedBack, String frames)
      throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Replies replies = new Replies(wire);
    switch (before) {
      case "nothing" -> {}
      case "empty output" -> replies.stream('2').write(new byte[0]);
      case "stderr output" -> replies.stream('2').write("warning\n".getBytes());
      case "the exit status" -> replies.exit(0);
      case "a compiler to run" -> replies.exec(List.of("/usr/bin/gcc", "-c"), Map.of());
      case "not handled already" -> replies.notHandled();
      default -> throw new IllegalArgumentException(before);
    }
    assertEquals(handedBack, replies.handBack());
    assertEquals(frames, typesOf(wire.toByteArray()));
  }
}
