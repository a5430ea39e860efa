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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PumpCodecTest {
  private static final byte[] SOURCE =
      "#include \"a.h\"\nint main(void) { return A; }\n"
          .repeat(20)
          .getBytes(StandardCharsets.UTF_8);
  private static final PumpRequest REQUEST =
      new PumpRequest(
          "/home/u/src",
          List.of("gcc", "-Iinc", "-c", "x.c", "-o", "x.o"),
          List.of(
              new PumpEntry.File("/home/u/src/x.c", SOURCE),
              new PumpEntry.File(
                  "/home/u/src/inc/a.h", "#define A 0\n".getBytes(StandardCharsets.UTF_8)),
              new PumpEntry.File("/home/u/src/empty.h", new byte[0]),
              new PumpEntry.Link("/home/u/src/b.h", "inc/a.h")));

  private static byte[] encode(PumpRequest request) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PumpCodec.writeRequest(request, out);
    return out.toByteArray();
  }

  private static PumpRequest decode(byte[] bytes, WireLimits limits) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    assertEquals(ProtocolVersion.PUMP, RequestCodec.readVersion(in));
    return PumpCodec.readRequestBody(in, limits);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void requestSurvivesRoundTrip() throws IOException {
    assertEquals(REQUEST, decode(encode(REQUEST), WireLimits.DEFAULT));
  }

  @Test
  void requestHasDistccWireLayout() throws IOException {
    byte[] bytes =
        encode(new PumpRequest("/d", List.of("cc"), List.of(new PumpEntry.Link("/d/l", "t"))));
    assertEquals(
        "DIST00000003CDIR00000002/dARGC00000001ARGV00000002ccNFIL00000001"
            + "NAME00000004/d/lLINK00000001t",
        new String(bytes, StandardCharsets.ISO_8859_1));
  }

  @Test
  void fileBodiesAreLzoCompressedEvenWhenEmpty() throws IOException {
    byte[] bytes =
        encode(
            new PumpRequest("/d", List.of("cc"), List.of(new PumpEntry.File("/d/e", new byte[0]))));
    String wire = new String(bytes, StandardCharsets.ISO_8859_1);
    // The empty LZO1X stream is its end marker, 11 00 00.
    assertTrue(wire.endsWith("NAME00000004/d/eFILE00000003\u0011\0\0"), wire);
  }

  @Test
  void zeroLengthFileIsReadAsEmptyFile() throws IOException {
    PumpRequest back =
        decode(
            ascii(
                "DIST00000003CDIR00000002/dARGC00000001ARGV00000002ccNFIL00000001"
                    + "NAME00000004/d/eFILE00000000"),
            WireLimits.DEFAULT);
    assertEquals(List.of(new PumpEntry.File("/d/e", new byte[0])), back.entries());
  }

  @Test
  void everyTruncationIsAWireException() throws IOException {
    byte[] bytes = encode(REQUEST);
    for (int cut = 4; cut < bytes.length; cut++) {
      ByteArrayInputStream in = new ByteArrayInputStream(Arrays.copyOf(bytes, cut));
      assertThrows(
          WireException.class,
          () -> {
            RequestCodec.readVersion(in);
            PumpCodec.readRequestBody(in, WireLimits.DEFAULT);
          },
          "cut at " + cut);
    }
  }

  private static final String HEAD = "DIST00000003CDIR00000002/dARGC00000001ARGV00000002cc";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no CDIR               | DIST00000003ARGC00000001 | expected CDIR but got \"ARGC",
        "empty CDIR            | DIST00000003CDIR00000000 | CDIR is empty",
        "huge CDIR             | DIST00000003CDIRffffffff | CDIR body of 4294967295 bytes",
        "millions of files     | <HEAD>NFIL00ffffff       | NFIL 16777215 is over the limit",
        "neither FILE nor LINK | <HEAD>NFIL00000001NAME00000002/aDOTI00000000 | expected FILE or LINK but got \"DOTI",
        "empty NAME            | <HEAD>NFIL00000001NAME00000000 | NAME 0 is empty",
        "NUL in NAME           | <HEAD>NFIL00000001NAME00000003/\u0000a | NAME 0 contains a NUL byte",
        "empty LINK            | <HEAD>NFIL00000001NAME00000002/aLINK00000000 | LINK 0 has an empty target",
        "huge FILE             | <HEAD>NFIL00000001NAME00000002/aFILEffffffff | FILE body of 4294967295 bytes",
        "corrupt FILE          | <HEAD>NFIL00000001NAME00000002/aFILE00000003\u00ff\u00ff\u00ff | FILE 0 (/a): ",
        "missing entries       | <HEAD>NFIL00000002NAME00000002/aLINK00000001b | connection closed where NAME was expected",
      })
  void badRequestIsRefusedWithMessageNamingWhatArrived(String name, String wire, String message) {
    byte[] bytes = ascii(wire.replace("<HEAD>", HEAD));
    WireException e = assertThrows(WireException.class, () -> decode(bytes, WireLimits.DEFAULT));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void filesTogetherMayNotExceedTheBodyLimit() throws IOException {
    byte[] half = new byte[600];
    Arrays.fill(half, (byte) 'x');
    PumpRequest two =
        new PumpRequest(
            "/d",
            List.of("cc"),
            List.of(new PumpEntry.File("/d/a", half), new PumpEntry.File("/d/b", half)));
    WireLimits limits = new WireLimits(100, 100, 1000);
    WireException e = assertThrows(WireException.class, () -> decode(encode(two), limits));
    assertTrue(e.getMessage().contains("FILE 1"), e.getMessage());
  }

  @Test
  void lzoBombInOneFileStopsAtTheLimit() throws IOException {
    byte[] zeros = new byte[1 << 20];
    PumpRequest bomb =
        new PumpRequest("/d", List.of("cc"), List.of(new PumpEntry.File("/d/a", zeros)));
    WireLimits limits = new WireLimits(100, 100, 64 << 10);
    WireException e = assertThrows(WireException.class, () -> decode(encode(bomb), limits));
    assertTrue(e.getMessage().startsWith("FILE 0 (/d/a): "), e.getMessage());
  }

  @Test
  void successfulResponseCarriesDependencies() throws IOException {
    byte[] dotd = "x.o: x.c inc/a.h\n".getBytes(StandardCharsets.UTF_8);
    PumpResponse response =
        new PumpResponse(
            new CompileResponse(ProtocolVersion.PUMP, 0, new byte[0], new byte[0], SOURCE), dotd);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PumpCodec.writeResponse(response, out);
    String wire = new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    assertTrue(wire.startsWith("DONE00000003STAT00000000SERR00000000SOUT00000000DOTO"), wire);
    assertTrue(wire.contains("DOTD"), wire);
    PumpResponse back =
        PumpCodec.readResponse(new ByteArrayInputStream(out.toByteArray()), WireLimits.DEFAULT);
    assertArrayEquals(SOURCE, back.result().object());
    assertArrayEquals(dotd, back.dependencies());
  }

  @Test
  void anObjectReadIntoASinkIsFollowedByTheDependencies() throws IOException {
    byte[] dotd = "x.o: x.c inc/a.h\n".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PumpCodec.writeResponse(
        new PumpResponse(
            new CompileResponse(ProtocolVersion.PUMP, 0, new byte[0], new byte[0], SOURCE), dotd),
        out);
    ByteArrayOutputStream object = new ByteArrayOutputStream();
    PumpResponse back =
        PumpCodec.readResponse(
            new ByteArrayInputStream(out.toByteArray()), WireLimits.DEFAULT, () -> object);
    assertArrayEquals(SOURCE, object.toByteArray());
    assertArrayEquals(new byte[0], back.result().object());
    assertArrayEquals(dotd, back.dependencies());
  }

  @Test
  void failedResponseEndsAfterEmptyObject() throws IOException {
    PumpResponse response =
        new PumpResponse(
            new CompileResponse(
                ProtocolVersion.PUMP,
                CompileResponse.exitStatus(1),
                ascii("x.c:1: error"),
                new byte[0],
                new byte[0]),
            new byte[0]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PumpCodec.writeResponse(response, out);
    String wire = new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    assertTrue(wire.startsWith("DONE00000003STAT00000100SERR"), wire);
    assertTrue(wire.endsWith("SOUT00000000DOTO00000000"), wire);
    PumpResponse back =
        PumpCodec.readResponse(new ByteArrayInputStream(out.toByteArray()), WireLimits.DEFAULT);
    assertEquals(1, back.result().shellExitCode());
    assertArrayEquals(new byte[0], back.dependencies());
  }

  @Test
  void responseWithoutDotdAfterSuccessIsAWireException() {
    byte[] wire = ascii("DONE00000003STAT00000000SERR00000000SOUT00000000DOTO00000000");
    WireException e =
        assertThrows(
            WireException.class,
            () -> PumpCodec.readResponse(new ByteArrayInputStream(wire), WireLimits.DEFAULT));
    assertTrue(e.getMessage().contains("DOTD"), e.getMessage());
  }
}
