package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResponseCodecTest {
  private static final byte[] OBJECT =
      "\u007fELF object bytes".repeat(100).getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] WARNING =
      "hello.c:3:7: warning: unused variable 'x'\n".getBytes(StandardCharsets.UTF_8);

  private static byte[] encode(CompileResponse response) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseCodec.write(response, out);
    return out.toByteArray();
  }

  private static CompileResponse decode(byte[] bytes, ProtocolVersion version) throws IOException {
    return ResponseCodec.read(new ByteArrayInputStream(bytes), version, WireLimits.DEFAULT);
  }

  @ParameterizedTest
  @EnumSource(
      value = ProtocolVersion.class,
      names = {"PLAIN", "LZO"})
  void responseSurvivesRoundTrip(ProtocolVersion version) throws IOException {
    CompileResponse sent = new CompileResponse(version, 0, WARNING, new byte[0], OBJECT);
    CompileResponse back = decode(encode(sent), version);
    assertEquals(0, back.waitStatus());
    assertArrayEquals(WARNING, back.stderr());
    assertArrayEquals(new byte[0], back.stdout());
    assertArrayEquals(OBJECT, back.object());
  }

  @Test
  void failedCompileSendsNoObject() throws IOException {
    CompileResponse sent =
        new CompileResponse(
            ProtocolVersion.PLAIN, CompileResponse.exitStatus(1), WARNING, new byte[0], OBJECT);
    String wire = new String(encode(sent), StandardCharsets.ISO_8859_1);
    assertTrue(wire.startsWith("DONE00000001STAT00000100SERR"), wire);
    assertTrue(wire.endsWith("SOUT00000000DOTO00000000"), wire);
    assertEquals(1, decode(encode(sent), ProtocolVersion.PLAIN).shellExitCode());
  }

  @Test
  void signalDeathReadsAsShellWould() {
    CompileResponse killed =
        new CompileResponse(ProtocolVersion.PLAIN, 9, new byte[0], new byte[0], new byte[0]);
    assertEquals(137, killed.shellExitCode());
  }

  @Test
  void answerInAnotherVersionIsRefused() throws IOException {
    byte[] bytes =
        encode(new CompileResponse(ProtocolVersion.PLAIN, 0, new byte[0], new byte[0], OBJECT));
    WireException e = assertThrows(WireException.class, () -> decode(bytes, ProtocolVersion.LZO));
    assertTrue(e.getMessage().contains("protocol 1 to a protocol 2 request"), e.getMessage());
  }

  @Test
  void everyTruncationIsAWireException() throws IOException {
    byte[] bytes =
        encode(new CompileResponse(ProtocolVersion.LZO, 0, WARNING, new byte[0], OBJECT));
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] prefix = Arrays.copyOf(bytes, cut);
      assertThrows(WireException.class, () -> decode(prefix, ProtocolVersion.LZO), "cut at " + cut);
    }
  }

  @Test
  void shellBannerBeforeResponseIsShownInTheError() {
    byte[] banner = "Welcome to host!\nDONE00000001".getBytes(StandardCharsets.US_ASCII);
    WireException e =
        assertThrows(WireException.class, () -> decode(banner, ProtocolVersion.PLAIN));
    assertTrue(e.getMessage().contains("Welcome to h"), e.getMessage());
  }
}
