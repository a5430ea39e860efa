package org.jdistcc.verify;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Which jobs {@code DISTCC_VERIFY=N} checks: N per thousand, chosen by a hash of the command (the
 * compiler's arguments, source and output names included), not at random, so two runs of a build
 * check the same jobs and their times compare.
 */
public final class Sampling {
  private Sampling() {}

  /** Whether this command is one of the {@code perThousand} in a thousand that are checked. */
  public static boolean chosen(int perThousand, List<String> argv) {
    if (perThousand <= 0) {
      return false;
    }
    if (perThousand >= 1000) {
      return true;
    }
    CRC32 crc = new CRC32();
    for (String arg : argv) {
      crc.update(arg.getBytes(StandardCharsets.UTF_8));
      crc.update(0);
    }
    return crc.getValue() % 1000 < perThousand;
  }
}
