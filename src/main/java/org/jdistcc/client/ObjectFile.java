package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jdistcc.Leftovers;
import org.jdistcc.TempDir;

/**
 * Puts a received object file in place whole or not at all: the bytes go to a temporary file in
 * the same directory, which is then renamed over the target. A reader never sees a half-written
 * object, and a failure leaves the old file, if any, untouched.
 */
final class ObjectFile {
  private ObjectFile() {}

  static void writeAtomically(Path target, byte[] bytes, Leftovers leftovers) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = TempDir.createUnique(dir, "." + target.getFileName() + ".", ".tmp", false);
    leftovers.add(temp);
    try {
      Files.write(temp, bytes);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
      leftovers.remove(temp);
    }
  }
}
