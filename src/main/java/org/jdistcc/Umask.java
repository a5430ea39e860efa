package org.jdistcc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's umask, which the JDK does not expose: read once in main from Linux's {@code
 * /proc/self/status} ("Umask:\t0022", Linux 4.7 and later). Where that line is missing the common
 * default 022 is assumed.
 */
public final class Umask {
  private Umask() {}

  public static final int DEFAULT = 022;

  public static int ofThisProcess() {
    try {
      return parseStatus(
          Files.readString(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      return DEFAULT;
    }
  }

  /** The Umask field of a /proc/PID/status text, or {@link #DEFAULT}. */
  static int parseStatus(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("Umask:")) {
        try {
          return Integer.parseInt(line.substring("Umask:".length()).trim(), 8) & 0777;
        } catch (NumberFormatException e) {
          return DEFAULT;
        }
      }
    }
    return DEFAULT;
  }
}
