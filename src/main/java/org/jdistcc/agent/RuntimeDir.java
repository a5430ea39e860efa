package org.jdistcc.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * The directory that holds the agent's socket and lock: it must be a real directory (not a symbolic
 * link), owned by the agent's user, with no access for group or others, so that nobody else can
 * answer a launcher or reach the agent. The launcher makes the same checks in C.
 */
final class RuntimeDir {
  private RuntimeDir() {}

  static void check(Path dir, String user) throws IOException {
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new DistccException(
          ExitCode.ACCESS_DENIED, "agent directory " + dir + ": " + e.getMessage(), e);
    }
    if (!attributes.isDirectory()) {
      throw new DistccException(
          ExitCode.ACCESS_DENIED, "agent directory " + dir + " is not a directory");
    }
    if (!attributes.owner().getName().equals(user)) {
      throw new DistccException(
          ExitCode.ACCESS_DENIED,
          "agent directory "
              + dir
              + " belongs to "
              + attributes.owner().getName()
              + ", not "
              + user);
    }
    for (PosixFilePermission permission : attributes.permissions()) {
      if (permission.name().startsWith("GROUP") || permission.name().startsWith("OTHERS")) {
        throw new DistccException(
            ExitCode.ACCESS_DENIED,
            "agent directory "
                + dir
                + " is open to others ("
                + permission
                + "); it must be mode 0700");
      }
    }
  }
}
