package org.jdistcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileBytesTest {
  @TempDir Path dir;

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, FileBytes.SLICE - 1, FileBytes.SLICE, FileBytes.SLICE + 1, 200_003})
  void writtenBytesReadBackUnchanged(int size) throws IOException {
    byte[] bytes = random(size);
    Path file = dir.resolve("f");
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      FileBytes.write(channel, bytes);
    }
    assertArrayEquals(bytes, Files.readAllBytes(file));
    assertArrayEquals(bytes, FileBytes.read(file));
  }

  @Test
  void fileWhoseSizeIsNotKnownBeforehandIsReadToItsEnd() throws IOException {
    // /proc files report size 0 and still have contents.
    Path status = Path.of("/proc/self/status");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(status), "no /proc");
    assertEquals(0, Files.size(status));
    assertTrue(new String(FileBytes.read(status)).contains("Pid:"));
  }

  @Test
  void largeFileIsReadAndWrittenWithoutADirectBufferOfItsSize() throws Exception {
    byte[] bytes = random(16 << 20);
    Path file = dir.resolve("big");
    byte[][] read = new byte[1][];
    long grew =
        DirectBuffers.growth(
            () -> {
              try (FileChannel channel =
                  FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                FileBytes.write(channel, bytes);
              }
              read[0] = FileBytes.read(file);
            });
    assertTrue(grew <= 2 * FileBytes.SLICE, "direct buffers grew by " + grew + " bytes");
    assertArrayEquals(bytes, read[0]);
  }

  @Test
  void writeNewNeverReplacesAFileOrFollowsALink() throws IOException {
    Path file = dir.resolve("new");
    FileBytes.writeNew(file, random(100_000));
    assertArrayEquals(random(100_000), Files.readAllBytes(file));
    assertThrows(FileAlreadyExistsException.class, () -> FileBytes.writeNew(file, new byte[] {1}));
    assertArrayEquals(random(100_000), Files.readAllBytes(file));
    Path target = dir.resolve("target");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    assertThrows(FileAlreadyExistsException.class, () -> FileBytes.writeNew(link, new byte[] {1}));
    assertFalse(Files.exists(target));
  }
}
