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
import org.junit.jupiter.params.provider.EnumSource;

class RequestCodecTest {
  private static final List<String> ARGV = List.of("gcc", "-O2", "-c", "hello.c", "-o", "hello.o");
  private static final byte[] SOURCE =
      "# 1 \"hello.c\"\nint main(void) { return 0; }\n".repeat(50).getBytes(StandardCharsets.UTF_8);

  private static byte[] encode(CompileRequest request) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RequestCodec.write(request, out);
    return out.toByteArray();
  }

  private static CompileRequest decode(byte[] bytes) throws IOException {
    return RequestCodec.read(new ByteArrayInputStream(bytes), WireLimits.DEFAULT);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest
  @EnumSource(
      value = ProtocolVersion.class,
      names = {"PLAIN", "LZO"})
  void requestSurvivesRoundTrip(ProtocolVersion version) throws IOException {
    CompileRequest back = decode(encode(new CompileRequest(version, ARGV, SOURCE)));
    assertEquals(version, back.version());
    assertEquals(ARGV, back.argv());
    assertArrayEquals(SOURCE, back.source());
  }

  @Test
  void plainRequestHasDistccWireLayout() throws IOException {
    byte[] bytes =
        encode(new CompileRequest(ProtocolVersion.PLAIN, List.of("cc", "-c"), ascii("x")));
    assertEquals(
        "DIST00000001ARGC00000002ARGV00000002ccARGV00000002-cDOTI00000001x",
        new String(bytes, StandardCharsets.ISO_8859_1));
  }

  @Test
  void lzoRequestSendsEmptySourceUncompressed() throws IOException {
    byte[] bytes = encode(new CompileRequest(ProtocolVersion.LZO, List.of("cc"), new byte[0]));
    assertEquals(
        "DIST00000002ARGC00000001ARGV00000002ccDOTI00000000",
        new String(bytes, StandardCharsets.ISO_8859_1));
  }

  @Test
  void lzoRequestIsSmallerThanPlainOnRepetitiveSource() throws IOException {
    int plain = encode(new CompileRequest(ProtocolVersion.PLAIN, ARGV, SOURCE)).length;
    int lzo = encode(new CompileRequest(ProtocolVersion.LZO, ARGV, SOURCE)).length;
    assertTrue(lzo < plain / 4, "lzo " + lzo + " vs plain " + plain);
  }

  @Test
  void everyTruncationIsAWireException() throws IOException {
    byte[] bytes = encode(new CompileRequest(ProtocolVersion.LZO, ARGV, SOURCE));
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] prefix = Arrays.copyOf(bytes, cut);
      assertThrows(WireException.class, () -> decode(prefix), "cut at " + cut);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "wrong first token     | HTTP/1.1 400 Bad Request<CRLF> | expected DIST but got \"HTTP/1.1 400",
        "bad hex               | DIST0000000gARGC           | bad hex parameter after DIST",
        "unknown version       | DIST00000007               | unknown protocol version 7",
        "pump on the plain path | DIST00000003ARGC00000001  | protocol 3 (pump",
        "zero arguments        | DIST00000001ARGC00000000   | ARGC 0 is outside",
        "millions of arguments | DIST00000001ARGC00ffffff   | ARGC 16777215 is outside",
        "huge argument         | DIST00000001ARGC00000001ARGVffffffff | ARGV body of 4294967295 bytes",
        "huge source           | DIST00000001ARGC00000001ARGV00000002ccDOTIffffffff | DOTI body of 4294967295",
        "lying source length   | DIST00000001ARGC00000001ARGV00000002ccDOTI3fffffffshort | after 5 of 1073741823 bytes of DOTI",
        "wrong token mid-way   | DIST00000001ARGC00000001ARGX00000002cc | expected ARGV but got \"ARGX",
      })
  void badRequestIsRefusedWithMessageNamingWhatArrived(String name, String wire, String message) {
    // CSV rows cannot hold a line break, so the table writes it as <CRLF>.
    byte[] bytes = ascii(wire.replace("<CRLF>", "\r\n"));
    WireException e = assertThrows(WireException.class, () -> decode(bytes));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void nonUtf8ArgumentIsRefused() {
    byte[] head = ascii("DIST00000001ARGC00000001ARGV00000002");
    byte[] bytes = Arrays.copyOf(head, head.length + 2);
    bytes[head.length] = (byte) 0xc3;
    bytes[head.length + 1] = (byte) 0x28;
    WireException e = assertThrows(WireException.class, () -> decode(bytes));
    assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
  }

  @Test
  void argumentWithNulIsRefused() {
    WireException e =
        assertThrows(
            WireException.class, () -> decode(ascii("DIST00000001ARGC00000001ARGV00000003a\0b")));
    assertTrue(e.getMessage().contains("NUL"), e.getMessage());
  }

  @Test
  void corruptLzoSourceIsAWireExceptionNamingTheToken() {
    WireException e =
        assertThrows(
            WireException.class,
            () ->
                decode(
                    ascii("DIST00000002ARGC00000001ARGV00000002ccDOTI00000003\u00ff\u00ff\u00ff")));
    assertTrue(e.getMessage().startsWith("DOTI: "), e.getMessage());
  }
}
