package org.jdistcc.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.TempDir;

/**
 * Hosts whose objects were found to differ from a local compile ({@code DISTCC_VERIFY}): the file
 * {@code quarantine_KEY} in the lock directory, holding one line that says why. {@link SlotPicker}
 * skips such a host as it skips a backed-off one, but with no time limit: it stays out until {@code
 * distcc --check-hosts} finds it healthy again or someone removes the file. distcc 3.4 ignores
 * these files, so a distcc 3.4 client on the same DISTCC_DIR still uses the host.
 */
public final class Quarantine {
  private final Path lockDir;

  public Quarantine(Path lockDir) {
    this.lockDir = Objects.requireNonNull(lockDir, "lockDir");
  }

  /**
   * Puts the host in quarantine with this reason (one line), and forgets the checks it passed
   * ({@link EarnedTrust}).
   */
  public void put(HostSpec host, String reason) throws DistccException {
    Path file = file(host);
    try {
      Files.createDirectories(lockDir);
      new EarnedTrust(lockDir).revoke(host);
      TempDir.replace(
          file, ".quarantine", (reason.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new DistccException(ExitCode.IO_ERROR, "cannot write " + file + ": " + e, e);
    }
  }

  /** Why the host is in quarantine, or empty when it is not. */
  public Optional<String> reason(HostSpec host) throws DistccException {
    Path file = file(host);
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new DistccException(ExitCode.IO_ERROR, "cannot read " + file + ": " + e, e);
    }
  }

  public boolean contains(HostSpec host) {
    return Files.exists(file(host));
  }

  /** Lets the host back in; true when it was in quarantine. */
  public boolean release(HostSpec host) throws DistccException {
    Path file = file(host);
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new DistccException(ExitCode.IO_ERROR, "cannot remove " + file + ": " + e, e);
    }
  }

  Path file(HostSpec host) {
    return lockDir.resolve("quarantine_" + host.key());
  }
}
