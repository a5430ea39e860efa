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

  /** A sink that keeps what it is given and whether it was closed. */
  private static final class Kept extends ByteArrayOutputStream {
    int opened;
    boolean closed;

    ObjectSink sink() {
      return () -> {
        opened++;
        reset();
        return this;
      };
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ProtocolVersion.class,
      names = {"PLAIN", "LZO"})
  void objectReadIntoASinkIsTheSameBytesAndNotAlsoInMemory(ProtocolVersion version)
      throws IOException {
    byte[] big = new byte[3 << 20]; // several decoder windows, and many 64 KB reads unpacked
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i % 251 < 100 ? 0 : i * 31 >> 3);
    }
    Kept kept = new Kept();
    CompileResponse back =
        ResponseCodec.read(
            new ByteArrayInputStream(
                encode(new CompileResponse(version, 0, WARNING, new byte[0], big))),
            version,
            WireLimits.DEFAULT,
            kept.sink());
    assertEquals(1, kept.opened);
    assertTrue(kept.closed);
    assertArrayEquals(big, kept.toByteArray());
    assertArrayEquals(new byte[0], back.object());
    assertArrayEquals(WARNING, back.stderr());
  }

  @Test
  void aFailedCompileNeverOpensTheSink() throws IOException {
    Kept kept = new Kept();
    CompileResponse back =
        ResponseCodec.read(
            new ByteArrayInputStream(
                encode(
                    new CompileResponse(
                        ProtocolVersion.LZO,
                        CompileResponse.exitStatus(1),
                        WARNING,
                        new byte[0],
                        OBJECT))),
            ProtocolVersion.LZO,
            WireLimits.DEFAULT,
            kept.sink());
    assertEquals(0, kept.opened);
    assertEquals(1, back.shellExitCode());
  }

  @Test
  void aSinkThatOpensNothingLeavesTheObjectInMemory() throws IOException {
    CompileResponse back =
        ResponseCodec.read(
            new ByteArrayInputStream(
                encode(new CompileResponse(ProtocolVersion.LZO, 0, WARNING, new byte[0], OBJECT))),
            ProtocolVersion.LZO,
            WireLimits.DEFAULT,
            ObjectSink.IN_MEMORY);
    assertArrayEquals(OBJECT, back.object());
  }

  @ParameterizedTest
  @EnumSource(
      value = ProtocolVersion.class,
      names = {"PLAIN", "LZO"})
  void aSinkThatFailsEndsTheReadWithItsOwnError(ProtocolVersion version) throws IOException {
    IOException full = new IOException("No space left on device");
    ObjectSink failing =
        () ->
            new java.io.OutputStream() {
              @Override
              public void write(int b) throws IOException {
                throw full;
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                throw full;
              }
            };
    byte[] wire = encode(new CompileResponse(version, 0, WARNING, new byte[0], OBJECT));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                ResponseCodec.read(
                    new ByteArrayInputStream(wire), version, WireLimits.DEFAULT, failing));
    assertEquals(full, e);
  }

  @ParameterizedTest
  @EnumSource(
      value = ProtocolVersion.class,
      names = {"PLAIN", "LZO"})
  void everyTruncationIntoASinkIsAWireExceptionAndClosesIt(ProtocolVersion version)
      throws IOException {
    byte[] bytes = encode(new CompileResponse(version, 0, WARNING, new byte[0], OBJECT));
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] prefix = Arrays.copyOf(bytes, cut);
      Kept kept = new Kept();
      assertThrows(
          WireException.class,
          () ->
              ResponseCodec.read(
                  new ByteArrayInputStream(prefix), version, WireLimits.DEFAULT, kept.sink()),
          "cut at " + cut);
      assertEquals(kept.opened == 1, kept.closed, "cut at " + cut);
    }
  }

  @Test
  void anObjectOverTheLimitIsRefusedIntoASinkToo() throws IOException {
    byte[] wire =
        encode(new CompileResponse(ProtocolVersion.LZO, 0, WARNING, new byte[0], new byte[5000]));
    WireLimits limits =
        new WireLimits(WireLimits.DEFAULT.maxArgc(), WireLimits.DEFAULT.maxArgLength(), 4999);
    Kept kept = new Kept();
    WireException e =
        assertThrows(
            WireException.class,
            () ->
                ResponseCodec.read(
                    new ByteArrayInputStream(wire), ProtocolVersion.LZO, limits, kept.sink()));
    assertTrue(e.getMessage().startsWith("DOTO: "), e.getMessage());
  }
}
