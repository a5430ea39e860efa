package org.jdistcc.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.jdistcc.Log;
import org.jdistcc.TempDir;
import org.jdistcc.hosts.HostSpec;

/**
 * What one pump session (a {@code pump make} run) remembers across its jobs, kept as files in the
 * session's directory so that every client process of the build sees it:
 *
 * <ul>
 *   <li>{@code discrepancy_counter}: one byte per pump job that failed on a volunteer and then
 *       succeeded with local preprocessing, the file and format distcc 3.4 uses;
 *   <li>{@code headers_KEY_HASH}: the verdict of the system-header check of host KEY for one
 *       compiler and set of headers, {@code same} or a one-line reason.
 * </ul>
 *
 * A session directory that cannot be read or written counts as an empty one: pump mode stays
 * correct without it, it only repeats checks. Decisions are {@link PumpDecision}'s.
 */
final class PumpSession {
  static final String DISCREPANCIES = "discrepancy_counter";

  private final Path dir;
  private final Log log;

  PumpSession(Path dir, Log log) {
    this.dir = dir;
    this.log = log;
  }

  Path dir() {
    return dir;
  }

  /** How many discrepancies the session has seen. */
  int discrepancies() {
    try {
      return (int) Math.min(Integer.MAX_VALUE, Files.size(dir.resolve(DISCREPANCIES)));
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Counts one discrepancy; the job that reaches {@code max} says that the session now uses plain
   * mode.
   */
  void noteDiscrepancy(int max) {
    try {
      Files.write(
          dir.resolve(DISCREPANCIES),
          new byte[] {'@'},
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      if (discrepancies() == max) {
        log.warning(
            "now using plain distcc, possibly due to inconsistent file system changes"
                + " during build");
      }
    } catch (IOException e) {
      log.warning("cannot count a pump discrepancy in " + dir + ": " + e.getMessage());
    }
  }

  /** The verdict recorded for {@code host} and {@code what} (a digest of what was checked). */
  Optional<String> headerVerdict(HostSpec host, String what) {
    try {
      return Optional.of(Files.readString(verdictFile(host, what), StandardCharsets.UTF_8).strip());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Records a verdict; a verdict already there (a parallel job's) is kept. */
  void recordHeaderVerdict(HostSpec host, String what, String verdict) {
    Path file = verdictFile(host, what);
    try {
      Path temp =
          TempDir.writeUnique(dir, ".verdict", (verdict + "\n").getBytes(StandardCharsets.UTF_8));
      try {
        Files.createLink(file, temp);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // another job of the build checked the same host at the same time
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("cannot record the header check of " + host + ": " + e.getMessage());
    }
  }

  private Path verdictFile(HostSpec host, String what) {
    return dir.resolve("headers_" + host.key() + "_" + what);
  }
}
