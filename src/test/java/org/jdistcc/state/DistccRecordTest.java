package org.jdistcc.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DistccRecordTest {
  /** The offsets of distcc 3.4's struct dcc_task_state on 64-bit Linux (x86-64, arm64). */
  @Test
  void aRecordHasDistcc34sLayoutOn64BitLinux() {
    byte[] r =
        new DistccRecord(8, ByteOrder.LITTLE_ENDIAN).encode(25529, 5, "gtest-all.cc", "tux", 3);
    ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(296, r.length);
    assertEquals(296, b.getLong(0));
    assertEquals(0x44494800L, b.getLong(8));
    assertEquals(25529, b.getLong(16));
    assertEquals("gtest-all.cc", new String(r, 24, 12, StandardCharsets.US_ASCII));
    assertEquals(0, r[24 + 12]);
    assertEquals("tux", new String(r, 152, 3, StandardCharsets.US_ASCII));
    assertEquals(0, r[152 + 3]);
    assertEquals(3, b.getInt(280));
    assertEquals(5, b.getInt(284));
    assertEquals(0, b.getLong(288));
  }

  @Test
  void aRecordReadsBackInEitherLayout() {
    for (DistccRecord layout :
        new DistccRecord[] {
          new DistccRecord(8, ByteOrder.LITTLE_ENDIAN), new DistccRecord(4, ByteOrder.BIG_ENDIAN)
        }) {
      byte[] r = layout.encode(4242, 6, "x.c", "volunteer", 1);
      assertEquals(layout.size(), r.length);
      assertEquals(
          Optional.of(new DistccRecord.Fields(4242, 6, "x.c", "volunteer", 1)), layout.decode(r));
    }
    assertEquals(280, new DistccRecord(4, ByteOrder.BIG_ENDIAN).size());
  }

  @Test
  void aRecordOfAnotherSizeOrMagicOrTooShortIsNone() {
    DistccRecord layout = new DistccRecord(8, ByteOrder.LITTLE_ENDIAN);
    byte[] good = layout.encode(1, 0, "a.c", "h", 0);
    assertTrue(layout.decode(Arrays.copyOf(good, good.length - 1)).isEmpty());
    byte[] magic = good.clone();
    magic[9] = 'X';
    assertTrue(layout.decode(magic).isEmpty());
    assertTrue(new DistccRecord(4, ByteOrder.LITTLE_ENDIAN).decode(good).isEmpty());
    assertTrue(layout.decode("pid=1\nphase=Compile\n".getBytes(StandardCharsets.UTF_8)).isEmpty());
  }

  @Test
  void longNamesAreCutToTheFieldLessItsNul() {
    DistccRecord layout = new DistccRecord(8, ByteOrder.LITTLE_ENDIAN);
    String longName = "n".repeat(300) + ".c";
    DistccRecord.Fields read = layout.decode(layout.encode(1, 0, longName, "h", 0)).get();
    assertEquals("n".repeat(127), read.fileName());
  }
}
