package org.jdistcc.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * Remembers hosts that failed recently, as distcc 3.4 does: the modification time of {@code
 * backoff_KEY_0} in the lock directory. Deciding that a failure is the host's fault is the caller's
 * job; skipping backed-off hosts is {@link SlotPicker}'s.
 *
 * <p>A file's time is compared in whole seconds, like distcc, so that both clients agree on whether
 * a host is still backed off. A zero period (DISTCC_BACKOFF_PERIOD=0) disables backoff: nothing is
 * marked or checked.
 */
public final class Backoff {
  /** distcc 3.4's DISTCC_BACKOFF_PERIOD default. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(60);

  private final Path lockDir;
  private final Duration period;
  private final Clock clock;

  public Backoff(Path lockDir, Duration period, Clock clock) {
    this.lockDir = Objects.requireNonNull(lockDir, "lockDir");
    this.period = Objects.requireNonNull(period, "period");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (period.isNegative()) {
      throw new IllegalArgumentException("negative backoff period " + period);
    }
  }

  /** Starts (or restarts) the host's backoff period now. */
  public void markFailed(HostSpec host) throws DistccException {
    if (period.isZero()) {
      return;
    }
    Path file = file(host);
    try {
      Files.createDirectories(lockDir);
      // distcc writes one byte so the mtime moves on every file system; we also set it from
      // the clock so the period is measured on the same clock that checks it.
      Files.write(file, new byte[] {'x'});
      Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
    } catch (IOException e) {
      throw new DistccException(ExitCode.IO_ERROR, "cannot mark " + file + ": " + e, e);
    }
  }

  /** True while less than the period has passed since the host was last marked. */
  public boolean isBackedOff(HostSpec host) throws DistccException {
    if (period.isZero()) {
      return false;
    }
    Path file = file(host);
    if (!Files.exists(file)) {
      return false; // the usual case, seen without a NoSuchFileException
    }
    long marked;
    try {
      marked = Files.getLastModifiedTime(file).toInstant().getEpochSecond();
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new DistccException(ExitCode.IO_ERROR, "cannot read " + file + ": " + e, e);
    }
    return clock.instant().getEpochSecond() - marked < period.getSeconds();
  }

  Path file(HostSpec host) {
    return lockDir.resolve("backoff_" + host.key() + "_0");
  }
}
