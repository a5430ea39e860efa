package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.jdistcc.Leftovers;
import org.jdistcc.TempDir;

/**
 * Puts a received object file in place whole or not at all: the bytes go to a temporary file in
 * the same directory, which is then renamed over the target. A reader never sees a half-written
 * object, and a failure leaves the old file, if any, untouched. The file gets the mode a compiler
 * would give it under the job's umask (0666 less the umask).
 */
final class ObjectFile {
  private ObjectFile() {}

  static void writeAtomically(Path target, byte[] bytes, int umask, Leftovers leftovers)
      throws IOException {
    Path dir = target.getParent();
    Path temp = TempDir.createUnique(dir, "." + target.getFileName() + ".", ".tmp", false);
    leftovers.add(temp);
    try {
      Files.write(temp, bytes);
      Files.setPosixFilePermissions(temp, permissions(0666 & ~umask));
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

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
    for (int i = 0; i < 9; i++) {
      if ((mode & (0400 >> i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }
}
