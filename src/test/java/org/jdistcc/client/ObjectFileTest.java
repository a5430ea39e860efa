package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jdistcc.DirectBuffers;
import org.jdistcc.Leftovers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObjectFileTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "umask {0} gives {1}")
  @CsvSource({"022, rw-r--r--", "077, rw-------", "002, rw-rw-r--", "000, rw-rw-rw-"})
  void objectGetsTheModeTheJobsUmaskAllows(String umask, String mode) throws IOException {
    Path target = dir.resolve("x.o");
    ObjectFile.write(target, new byte[] {1, 2, 3}, Integer.parseInt(umask, 8), new Leftovers());
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
  }

  /**
   * The JDK passes a heap array to write(2) through a temporary direct buffer of the array's size
   * and keeps the largest one per thread. googletest's -g -O2 test objects are 30 to 45 MB: a few
   * at once in the agent exhausted the direct memory limit (the heap's, 128 MB) and its jobs failed
   * with OutOfMemoryError.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"new file renamed into place, false", "empty file written in place, true"})
  void largeObjectIsWrittenWithoutADirectBufferOfItsSize(String how, boolean emptyTarget)
      throws Exception {
    Path target = dir.resolve("big.o");
    if (emptyTarget) {
      Files.createFile(target);
    }
    byte[] object = new byte[16 << 20];
    object[0] = 0x7f;
    object[object.length - 1] = 1;
    long grew = DirectBuffers.growth(() -> ObjectFile.write(target, object, 022, new Leftovers()));
    assertTrue(grew < 1 << 20, "direct buffers grew by " + grew + " bytes");
    assertArrayEquals(object, Files.readAllBytes(target));
  }
}
