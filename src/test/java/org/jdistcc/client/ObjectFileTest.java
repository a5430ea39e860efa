package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
}
