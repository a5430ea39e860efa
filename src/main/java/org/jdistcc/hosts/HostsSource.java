package org.jdistcc.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * Chooses the text of the host list the way distcc 3.4 does: DISTCC_HOSTS if set (even when empty),
 * else {@code $DISTCC_DIR/hosts}, else the system file ({@code /etc/distcc/hosts} on Debian). Reads
 * only; parsing is {@link HostSpecParser}'s.
 */
public final class HostsSource {
  private HostsSource() {}

  /**
   * The host list text.
   *
   * @param distccHostsEnv the value of DISTCC_HOSTS, or null when it is unset
   * @param distccDir {@code $DISTCC_DIR}, or {@code ~/.distcc} when that is unset
   * @param systemHostsFile the system-wide file, {@code $sysconfdir/distcc/hosts}
   * @throws DistccException {@link ExitCode#NO_HOSTS} when there is no list anywhere, {@link
   *     ExitCode#IO_ERROR} when a readable file cannot be read
   */
  public static String resolve(String distccHostsEnv, Path distccDir, Path systemHostsFile)
      throws DistccException {
    if (distccHostsEnv != null) {
      return distccHostsEnv;
    }
    Path userFile = distccDir.resolve("hosts");
    for (Path file : new Path[] {userFile, systemHostsFile}) {
      if (Files.isRegularFile(file) && Files.isReadable(file)) {
        return read(file);
      }
    }
    throw new DistccException(
        ExitCode.NO_HOSTS,
        "no host list: DISTCC_HOSTS is unset and neither "
            + userFile
            + " nor "
            + systemHostsFile
            + " is readable");
  }

  // Bytes that are not UTF-8 become U+FFFD, which the parser then names in its error.
  private static String read(Path file) throws DistccException {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DistccException(ExitCode.IO_ERROR, "cannot read " + file + ": " + e, e);
    }
  }
}
