package org.jdistcc.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jdistcc.protocol.WireException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FramesTest {
  private static final class Bytes {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes frame(char type, String payload) throws IOException {
      Frames.write(out, type, payload);
      return this;
    }

    Bytes raw(int... bytes) {
      for (int b : bytes) {
        out.write(b);
      }
      return this;
    }

    Frames.Request request() throws IOException {
      return Frames.readRequest(new ByteArrayInputStream(out.toByteArray()));
    }
  }

  private static Bytes valid() throws IOException {
    return new Bytes()
        .frame('A', "gcc")
        .frame('A', "-c")
        .frame('A', "x.c")
        .frame('E', "PATH=/usr/bin")
        .frame('E', "EMPTY=")
        .frame('E', "EQ=a=b")
        .frame('D', "/home/u/src")
        .frame('U', "27")
        .frame('T', "101")
        .frame('P', "4242");
  }

  @Test
  void requestFromTheLauncherDecodesToItsParts() throws IOException {
    Frames.Request request = valid().frame('C', "").request();
    assertEquals(List.of("gcc", "-c", "x.c"), request.argv());
    assertEquals(Map.of("PATH", "/usr/bin", "EMPTY", "", "EQ", "a=b"), request.environment());
    assertEquals("/home/u/src", request.cwd());
    assertEquals(027, request.umask());
    assertArrayEquals(new boolean[] {true, false, true}, request.ttys());
    assertEquals(4242, request.pid());
  }

  @Test
  void frameLayoutIsLengthTypePayload() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Frames.write(out, 'A', "cc");
    assertArrayEquals(new byte[] {0, 0, 0, 2, 'A', 'c', 'c'}, out.toByteArray());
  }

  @Test
  void emptyInputIsNoFrame() throws IOException {
    assertNull(Frames.read(new ByteArrayInputStream(new byte[0]), 10));
  }

  @Test
  void oversizedFrameIsRefusedBeforeItsPayloadIsRead() {
    byte[] huge = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'A'};
    WireException e =
        assertThrows(
            WireException.class,
            () -> Frames.read(new ByteArrayInputStream(huge), Frames.MAX_PAYLOAD));
    assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
  }

  @Test
  void nonUtf8ArgumentIsUnrepresentableSoTheLauncherRunsTheJobItself() throws IOException {
    Bytes bytes = new Bytes().raw(0, 0, 0, 2, 'A', 0xff, 0xfe);
    assertThrows(Frames.Unrepresentable.class, bytes::request);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // what arrives                       | frames after the valid prefix (type:payload;...)
        "header that never ends               | ",
        "unknown frame type                   | Z:x",
        "environment entry without a name     | E:=x",
        "environment entry without equals     | E:PATH",
        "relative working directory           | D:src;C:",
        "umask not octal                      | U:9;C:",
        "umask too large                      | U:7777;C:",
        "pid not a number                     | P:12a;C:",
        "tty frame of the wrong size          | T:11;C:",
        "NUL inside an argument               | A:a\u0000b;C:",
      })
  void hostileRequestsGiveOneLineErrors(String what, String frames) throws IOException {
    Bytes bytes = valid();
    if (frames != null) {
      for (String frame : frames.split(";")) {
        bytes.frame(frame.charAt(0), frame.substring(2));
      }
    }
    WireException e = assertThrows(WireException.class, bytes::request, what);
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void requestWithoutArgvOrCwdIsIncomplete() throws IOException {
    WireException e =
        assertThrows(
            WireException.class, () -> new Bytes().frame('U', "22").frame('C', "").request());
    assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
  }

  @Test
  void truncatedPayloadSaysHowMuchArrived() throws IOException {
    Bytes bytes = new Bytes().raw(0, 0, 0, 9, 'A', 'g', 'c');
    WireException e = assertThrows(WireException.class, bytes::request);
    assertTrue(e.getMessage().contains("2 of 9"), e.getMessage());
  }

  @Test
  void replyOutputIsSplitIntoBoundedFramesAndExecNamesArgvThenEnvironment() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Replies replies = new Replies(out);
    byte[] big = new byte[70000];
    replies.output('2', big, 0, big.length);
    replies.exec(List.of("/usr/bin/gcc", "-c", "x.c"), Map.of("PATH", "/usr/bin"));
    replies.exit(3); // after exec nothing more is written
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    assertEquals(65536, Frames.read(in, 1 << 20).payload().length);
    assertEquals(70000 - 65536, Frames.read(in, 1 << 20).payload().length);
    StringBuilder seen = new StringBuilder();
    for (Frames.Frame f; (f = Frames.read(in, 1 << 20)) != null; ) {
      seen.append((char) f.type())
          .append(':')
          .append(new String(f.payload(), StandardCharsets.UTF_8))
          .append(' ');
    }
    assertEquals("a:/usr/bin/gcc a:-c a:x.c e:PATH=/usr/bin R:/usr/bin/gcc ", seen.toString());
  }
}
