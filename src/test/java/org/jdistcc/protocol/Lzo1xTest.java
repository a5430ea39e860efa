package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Lzo1xTest {
  private static byte[] roundTrip(byte[] data) throws WireException {
    byte[] packed = Lzo1x.compress(data, 0, data.length);
    return Lzo1x.decompress(packed, 0, packed.length, Math.max(1, data.length));
  }

  static Stream<Arguments> inputs() {
    Random random = new Random(42);
    byte[] noise = new byte[100_000];
    random.nextBytes(noise);
    byte[] zeros = new byte[300_000];
    byte[] source =
        "# 1 \"x.c\"\nstatic int f(int a) { return a * 2 + 1; }\n"
            .repeat(5000)
            .getBytes(StandardCharsets.UTF_8);
    // Matches at every distance class: within 2 KiB, 16 KiB and 48 KiB.
    byte[] far = new byte[120_000];
    random.nextBytes(far);
    System.arraycopy(far, 0, far, 40_000, 3000);
    System.arraycopy(far, 100, far, 60_000, 300);
    System.arraycopy(far, 70_000, far, 71_000, 500);
    byte[] mixed = new byte[50_000];
    for (int i = 0; i < mixed.length; i++) {
      mixed[i] = (byte) (random.nextInt(10) < 7 ? 'a' + random.nextInt(3) : random.nextInt(256));
    }
    return Stream.of(
        Arguments.of("one byte", new byte[] {7}),
        Arguments.of("three bytes", new byte[] {1, 2, 3}),
        Arguments.of("238 literals", Arrays.copyOf(noise, 238)),
        Arguments.of("239 literals", Arrays.copyOf(noise, 239)),
        Arguments.of("noise", noise),
        Arguments.of("zeros", zeros),
        Arguments.of("preprocessed source", source),
        Arguments.of("far matches", far),
        Arguments.of("short matches and literals", mixed));
  }

  static Stream<Arguments> lzopInputs() {
    // And a real ELF file: the JVM's own library, or its first MB.
    byte[] elf;
    try {
      Path jvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
      byte[] all = Files.readAllBytes(jvm);
      elf = Arrays.copyOf(all, Math.min(all.length, 1 << 20));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Stream.concat(inputs(), Stream.of(Arguments.of("an ELF library", elf)))
        .filter(a -> ((byte[]) a.get()[1]).length > 1000)
        .flatMap(
            a ->
                Stream.of(
                    Arguments.of(a.get()[0], a.get()[1], "-1"),
                    Arguments.of(a.get()[0], a.get()[1], "-9")));
  }

  /**
   * What distcc 3.4 sends was compressed by liblzo, whose compressors emit token sequences ours may
   * never produce (lzop -9 is LZO1X-999, with its short M1 matches): every block that the real lzop
   * writes decodes to the original bytes.
   */
  @ParameterizedTest(name = "{0}, lzop {2}")
  @MethodSource("lzopInputs")
  void whatLiblzoCompressedDecompressesToTheSameBytes(String name, byte[] data, String level)
      throws Exception {
    byte[] file = lzop(level, data);
    ByteBuffer b = ByteBuffer.wrap(file);
    b.position(9);
    int version = b.getShort() & 0xffff;
    b.getShort();
    if (version >= 0x0940) {
      b.getShort();
    }
    b.get();
    if (version >= 0x0940) {
      b.get();
    }
    int flags = b.getInt();
    if ((flags & 0x800) != 0) {
      b.getInt();
    }
    b.getInt();
    b.getInt();
    if (version >= 0x0940) {
      b.getInt();
    }
    int nameLength = b.get() & 0xff;
    b.position(b.position() + nameLength + 4); // the name and the header's checksum
    ByteArrayOutputStream decoded = new ByteArrayOutputStream();
    int compressedBlocks = 0;
    for (int size = b.getInt(); size != 0; size = b.getInt()) {
      int packed = b.getInt();
      b.position(b.position() + 4 * Integer.bitCount(flags & 0x101));
      if (packed < size) {
        b.position(b.position() + 4 * Integer.bitCount(flags & 0x202));
        byte[] block = Lzo1x.decompress(file, b.position(), packed, size);
        ByteArrayOutputStream viaSink = new ByteArrayOutputStream();
        Lzo1x.decompress(file, b.position(), packed, size, viaSink);
        assertArrayEquals(block, viaSink.toByteArray());
        decoded.write(block);
        compressedBlocks++;
      } else {
        decoded.write(file, b.position(), packed);
      }
      b.position(b.position() + packed);
    }
    assertArrayEquals(data, decoded.toByteArray());
    if (!name.equals("noise") && !name.equals("far matches")) {
      assertTrue(compressedBlocks > 0, "lzop compressed nothing");
    }
  }

  private static byte[] lzop(String level, byte[] data) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("lzo1x-test");
    try {
      Path in = Files.write(dir.resolve("in"), data);
      Path out = dir.resolve("out");
      Process p;
      try {
        p =
            new ProcessBuilder("lzop", level, "-c", "-n")
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .start();
      } catch (IOException e) {
        assumeTrue(false, "lzop is not installed");
        throw e;
      }
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue());
      return Files.readAllBytes(out);
    } finally {
      for (String f : new String[] {"in", "out"}) {
        Files.deleteIfExists(dir.resolve(f));
      }
      Files.delete(dir);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void compressedDataDecompressesToTheSameBytes(String name, byte[] data) throws WireException {
    assertArrayEquals(data, roundTrip(data));
  }

  @Test
  void everySmallLengthSurvives() {
    Random random = new Random(7);
    IntStream.range(1, 600)
        .forEach(
            n -> {
              byte[] data = new byte[n];
              for (int i = 0; i < n; i++) {
                data[i] = (byte) random.nextInt(4);
              }
              try {
                assertArrayEquals(data, roundTrip(data), "length " + n);
              } catch (WireException e) {
                throw new AssertionError("length " + n, e);
              }
            });
  }

  @Test
  void repetitiveDataShrinks() {
    byte[] data = "int x;\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
    assertTrue(Lzo1x.compress(data, 0, data.length).length < data.length / 20);
  }

  @Test
  void expansionBeyondTheLimitIsRefused() {
    byte[] zeros = new byte[1 << 20];
    byte[] packed = Lzo1x.compress(zeros, 0, zeros.length);
    WireException e =
        assertThrows(WireException.class, () -> Lzo1x.decompress(packed, 0, packed.length, 1000));
    assertTrue(e.getMessage().contains("limit of 1000"), e.getMessage());
  }

  @Test
  void truncatedStreamIsRefused() {
    byte[] data = "hello hello hello hello hello".getBytes(StandardCharsets.US_ASCII);
    byte[] packed = Lzo1x.compress(data, 0, data.length);
    assertThrows(WireException.class, () -> Lzo1x.decompress(packed, 0, packed.length - 2, 1000));
  }

  @Test
  void matchBeforeTheStartIsRefused() {
    // Two literals, then a match of 3 at distance 9: there is nothing that far back.
    byte[] hostile = {19, 'a', 'b', 0x40 | (8 << 2) & 0x1c, 1, 0x11, 0, 0};
    WireException e =
        assertThrows(WireException.class, () -> Lzo1x.decompress(hostile, 0, hostile.length, 1000));
    assertTrue(e.getMessage().contains("distance"), e.getMessage());
  }

  /**
   * Outputs of several decoding windows: runs of zeros, far matches and literal runs that cross the
   * window's edges.
   */
  static Stream<Arguments> largeInputs() {
    Random random = new Random(11);
    byte[] mixed = new byte[5 << 20];
    int at = 0;
    while (at < mixed.length) {
      int kind = random.nextInt(4);
      int n = Math.min(mixed.length - at, 1 + random.nextInt(kind == 0 ? 400_000 : 70_000));
      if (kind == 1) {
        for (int k = 0; k < n; k++) {
          mixed[at + k] = (byte) random.nextInt(256);
        }
      } else if (kind == 2 && at > 50_000) {
        int from = at - 1 - random.nextInt(49_000);
        for (int k = 0; k < n; k++) {
          mixed[at + k] = mixed[from + k];
        }
      } else if (kind == 3) {
        for (int k = 0; k < n; k++) {
          mixed[at + k] = (byte) ('a' + random.nextInt(3));
        }
      }
      at += n;
    }
    byte[] zeros = new byte[3 << 20];
    zeros[(1 << 20) - 5] = 1;
    return Stream.of(
        Arguments.of("5 MB of mixed runs", mixed), Arguments.of("3 MB of zeros", zeros));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"inputs", "largeInputs"})
  void decodingIntoASinkGivesTheSameBytes(String name, byte[] data) throws IOException {
    byte[] packed = Lzo1x.compress(data, 0, data.length);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    long written = Lzo1x.decompress(packed, 0, packed.length, data.length, sink);
    assertEquals(data.length, written);
    assertArrayEquals(data, sink.toByteArray());
    if (data.length > 1) {
      assertThrows(
          WireException.class,
          () ->
              Lzo1x.decompress(
                  packed, 0, packed.length, data.length - 1, new ByteArrayOutputStream()));
    }
  }

  /** The volunteer's parse makes other streams of the same inputs; they decode as well. */
  @ParameterizedTest(name = "{0}")
  @MethodSource({"inputs", "largeInputs"})
  void whatTheVolunteersParseCompressedDecodesToTheSameBytes(String name, byte[] data)
      throws IOException {
    byte[] packed = Lzo1x.compress(data, 0, data.length, Lzo1x.Parse.FEW_MATCHES);
    assertArrayEquals(data, Lzo1x.decompress(packed, 0, packed.length, Math.max(1, data.length)));
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    assertEquals(data.length, Lzo1x.decompress(packed, 0, packed.length, data.length, sink));
    assertArrayEquals(data, sink.toByteArray());
  }

  @Test
  void everySmallLengthSurvivesTheVolunteersParse() throws WireException {
    Random random = new Random(8);
    for (int n = 1; n < 600; n++) {
      byte[] data = new byte[n];
      for (int i = 0; i < n; i++) {
        data[i] = (byte) random.nextInt(4);
      }
      byte[] packed = Lzo1x.compress(data, 0, n, Lzo1x.Parse.FEW_MATCHES);
      assertArrayEquals(data, Lzo1x.decompress(packed, 0, packed.length, n), "length " + n);
    }
  }

  /**
   * The length of a stream of {@code n} > 238 literals only: the run's header (0, a zero byte for
   * each 255 of n - 18 beyond the first 255, the rest), the literals, the 3-byte end.
   */
  private static int literalsOnly(int n) {
    int rest = n - 18;
    return 1 + (rest - 1) / 255 + 1 + n + 3;
  }

  /**
   * The volunteer's parse leaves a match of 4 bytes within 2 KiB, or of up to 7 beyond, as
   * literals: each match costs the client's decoder more than the bytes it saves.
   */
  @Test
  void theVolunteersParseLeavesShortMatchesAsLiterals() {
    Random random = new Random(5);
    for (int[] repeat : new int[][] {{4, 100}, {7, 3000}}) {
      byte[] data = new byte[400 + repeat[1]];
      random.nextBytes(data);
      System.arraycopy(data, 10, data, 10 + repeat[1], repeat[0]);
      String what = repeat[0] + " bytes at distance " + repeat[1];
      assertEquals(
          literalsOnly(data.length),
          Lzo1x.compress(data, 0, data.length, Lzo1x.Parse.FEW_MATCHES).length,
          what);
      assertTrue(
          Lzo1x.compress(data, 0, data.length, Lzo1x.Parse.QUICK).length
              < literalsOnly(data.length),
          what);
    }
  }

  /**
   * Of the last two positions whose first four bytes hash alike, the volunteer's parse takes the
   * one with the longer match: 40 bytes repeated after a 4-byte decoy become one match.
   */
  @Test
  void theVolunteersParseTakesTheLongerOfTwoCandidates() throws WireException {
    Random random = new Random(6);
    byte[] data = new byte[344];
    random.nextBytes(data);
    System.arraycopy(data, 0, data, 140, 4); // the decoy: the latest position with that hash
    System.arraycopy(data, 0, data, 284, 40); // 40 bytes from 284 equal the first 40
    byte[] packed = Lzo1x.compress(data, 0, data.length, Lzo1x.Parse.FEW_MATCHES);
    // 284 literals (header 0 0 11), a match of 40 at distance 284 (0x20, extension 7, two
    // distance bytes), 20 literals (header 0 2), the end.
    assertEquals(3 + 284 + 4 + 2 + 20 + 3, packed.length);
    assertArrayEquals(data, Lzo1x.decompress(packed, 0, packed.length, data.length));
  }

  /**
   * A long match that ends a few bytes short of the window's full size (1 MB), then trailing
   * literals: the window, still growing, must make room for all of them at once. Each stream is a
   * few kilobytes, so the window starts small and grows inside the match.
   */
  @Test
  void trailingLiteralsAtTheEndOfAGrowingWindowFit() throws IOException {
    int window = 1 << 20;
    for (int shortBy = 0; shortBy <= 8; shortBy++) {
      byte[] data = new byte[window - shortBy + 3];
      byte[] head = "abcd".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      System.arraycopy(head, 0, data, 0, head.length);
      java.util.Arrays.fill(data, head.length, data.length - 3, (byte) 'd');
      data[data.length - 3] = 'x';
      data[data.length - 2] = 'y';
      data[data.length - 1] = 'z';
      byte[] packed = Lzo1x.compress(data, 0, data.length);
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      assertEquals(data.length, Lzo1x.decompress(packed, 0, packed.length, data.length, sink));
      assertArrayEquals(data, sink.toByteArray(), "a match ending " + shortBy + " bytes short");
    }
  }

  /**
   * Short streams of long runs and short literal groups, whose output of about 1 MB crosses each
   * step of the growing window and its full size at varying places: whole, each decodes into a sink
   * to the same bytes; damaged, each ends as the in-memory decode does, with the same bytes or the
   * same WireException, never another exception.
   */
  @Test
  void shortStreamsAcrossTheGrowingWindowDecodeAsInMemoryWholeAndDamaged() throws IOException {
    Random random = new Random(11);
    for (int round = 0; round < 60; round++) {
      ByteArrayOutputStream built = new ByteArrayOutputStream();
      int total = (1 << 20) - 4096 + random.nextInt(8192);
      while (built.size() < total) {
        int literals = random.nextInt(5);
        for (int i = 0; i < literals; i++) {
          built.write(random.nextInt(256));
        }
        int run = 1 + random.nextInt(random.nextBoolean() ? 64 : 200_000);
        int b = random.nextInt(256);
        for (int i = 0; i < run && built.size() < total; i++) {
          built.write(b);
        }
      }
      byte[] data = built.toByteArray();
      byte[] packed = Lzo1x.compress(data, 0, data.length);
      ByteArrayOutputStream whole = new ByteArrayOutputStream();
      Lzo1x.decompress(packed, 0, packed.length, data.length, whole);
      assertArrayEquals(data, whole.toByteArray(), "round " + round);

      assertDamagedEndsAlike(packed, data.length, random, "damaged round " + round);
    }
  }

  /**
   * Damages one byte of {@code packed} (a stream of {@code length} bytes) and checks that decoding
   * it into a sink ends as decoding it into memory does, under a limit of the length or somewhat
   * more: the same bytes, or a WireException with the same message (any other exception fails).
   */
  private static void assertDamagedEndsAlike(byte[] packed, int length, Random random, String label)
      throws IOException {
    byte[] damaged = packed.clone();
    damaged[random.nextInt(damaged.length - 3)] = (byte) random.nextInt(256);
    int limit = length + random.nextInt(2) * 100_000;
    String inMemory;
    try {
      inMemory = hex(sha(Lzo1x.decompress(damaged, 0, damaged.length, limit)));
    } catch (WireException e) {
      inMemory = e.getMessage();
    }
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    String streamed;
    try {
      Lzo1x.decompress(damaged, 0, damaged.length, limit, sink);
      streamed = hex(sha(sink.toByteArray()));
    } catch (WireException e) {
      streamed = e.getMessage();
    }
    assertEquals(inMemory, streamed, label);
  }

  /** Damaged streams of several windows end the same way decoded into a sink as into memory. */
  @Test
  void aDamagedLargeStreamEndsTheSameWayInASinkAsInMemory() throws IOException {
    byte[] data = (byte[]) largeInputs().findFirst().orElseThrow().get()[1];
    byte[] packed = Lzo1x.compress(data, 0, data.length);
    Random random = new Random(3);
    for (int round = 0; round < 40; round++) {
      assertDamagedEndsAlike(packed, data.length, random, "round " + round);
    }
  }

  private static byte[] sha(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void randomGarbageNeverEscapesAsAnotherException() {
    Random random = new Random(1);
    int refused = 0;
    int decoded = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] garbage;
      int limit;
      if (round % 2 == 0) {
        garbage = new byte[1 + random.nextInt(64)];
        random.nextBytes(garbage);
        limit = 64;
      } else {
        // A valid stream with a few bytes changed: it often still decodes, to other lengths.
        byte[] text = new byte[16 + random.nextInt(200)];
        for (int i = 0; i < text.length; i++) {
          text[i] = (byte) ('a' + random.nextInt(3));
        }
        garbage = Lzo1x.compress(text, 0, text.length);
        for (int flips = 1 + random.nextInt(2); flips > 0; flips--) {
          garbage[random.nextInt(Math.max(1, garbage.length - 3))] = (byte) random.nextInt(256);
        }
        limit = text.length;
      }
      try {
        byte[] out = Lzo1x.decompress(garbage, 0, garbage.length, limit);
        assertTrue(
            out.length <= limit,
            "decoded "
                + out.length
                + " bytes past the limit of "
                + limit
                + " from "
                + hex(garbage));
        decoded++;
      } catch (WireException expected) {
        refused++;
      } catch (RuntimeException e) {
        throw new AssertionError("escaped as " + e + " from " + hex(garbage), e);
      }
    }
    // Both outcomes occur, so the campaign exercises the limit check and the refusals.
    assertTrue(refused > 1000, "refused only " + refused);
    assertTrue(decoded > 100, "decoded only " + decoded);
  }

  private static String hex(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) {
      text.append(String.format("%02x", b & 0xff));
    }
    return text.toString();
  }
}
