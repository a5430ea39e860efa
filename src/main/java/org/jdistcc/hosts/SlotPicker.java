package org.jdistcc.hosts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * Chooses where the next job runs, so that all client processes together never run more jobs on a
 * host than its limit. Does not connect to hosts or judge their failures ({@link Backoff}).
 *
 * <p>Each slot is an exclusive lock on {@code LOCKDIR/cpu_KEY_INDEX}, the same files and the same
 * POSIX record locks as distcc 3.4, so jdistcc and distcc clients share limits. Like distcc, a pick
 * tries slot 0 of every host in list order, then slot 1 of every host, and so on, which spreads
 * jobs over the fastest hosts first; if all are busy it sleeps for the pause
 * (DISTCC_PAUSE_TIME_MSEC, 1 s in distcc) and scans again. Down and backed-off hosts are left out.
 * {@code localhost} entries, {@link #pickLocal} and {@link #pickLocalCpp} all use the {@code
 * cpu_localhost_N} files, so together they respect every local limit.
 *
 * <p>Lock ordering: a job holds at most one remote and one local slot. Take the remote slot first
 * and the local one second, and close the local one first; any other order can deadlock two clients
 * that each hold one and wait for the other.
 *
 * <p>POSIX locks belong to the process, and closing any descriptor of a file drops all of the
 * process's locks on it. So a channel is closed only by the {@link Slot} that holds its lock: a
 * channel that found its file busy is kept open and reused for the next try of that file, and the
 * picker never opens a second channel for a file its own threads hold. The open channels are
 * bounded by the number of slot files. Share one picker among a JVM's threads; a second picker on
 * the same directory is safe too, but keeps its own channels.
 */
public final class SlotPicker {
  private final Path lockDir;
  private final Backoff backoff;
  private final Optional<Quarantine> quarantine;
  private final Duration pause;
  private final Random random;
  private final Set<Path> heldInThisJvm = ConcurrentHashMap.newKeySet();
  private final Map<Path, FileChannel> idleChannels = new ConcurrentHashMap<>();

  /**
   * @param lockDir {@code $DISTCC_DIR/lock}; created when missing
   * @param backoff which hosts to skip for a while; hosts in {@link Quarantine} (files in the same
   *     directory) are skipped too
   * @param pause how long to sleep when every slot is busy
   * @param random the order for {@code --randomize} lists
   */
  public SlotPicker(Path lockDir, Backoff backoff, Duration pause, Random random) {
    this(lockDir, backoff, Optional.of(new Quarantine(lockDir)), pause, random);
  }

  /**
   * A picker that skips the hosts in {@code quarantine}; without one (a host check, which must
   * reach quarantined hosts) it skips none.
   */
  public SlotPicker(Path lockDir, Backoff backoff, Optional<Quarantine> quarantine, Duration pause, Random random) {
    this.lockDir = Objects.requireNonNull(lockDir, "lockDir").toAbsolutePath();
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
    this.pause = Objects.requireNonNull(pause, "pause");
    this.random = Objects.requireNonNull(random, "random");
    if (pause.isNegative()) {
      throw new IllegalArgumentException("negative pause " + pause);
    }
  }

  /**
   * A slot on the first usable host, waiting as long as it takes.
   *
   * @throws DistccException {@link ExitCode#NO_HOSTS} when every host is down or backed off
   */
  public Slot pick(HostList hosts) throws DistccException {
    while (true) {
      // The usable hosts are read again each round: one may have been backed off or put in
      // quarantine by another job while this one waited.
      Optional<Slot> slot = scan(candidates(hosts));
      if (slot.isPresent()) {
        return slot.get();
      }
      pause();
    }
  }

  /** A slot if one is free now; empty when all are busy. */
  public Optional<Slot> tryPick(HostList hosts) throws DistccException {
    return scan(candidates(hosts));
  }

  /** A slot for a job that must run here (a link, a fallback): {@code --localslots}. */
  public Slot pickLocal(HostList hosts) throws DistccException {
    return waitFor(List.of(new HostSpec.Local(hosts.localSlots())));
  }

  /**
   * A {@code --localslots} slot if one is free now, else empty: for work that may wait but must
   * never make a job wait (a DISTCC_VERIFY check).
   */
  public Optional<Slot> tryPickLocal(HostList hosts) throws DistccException {
    return scan(List.of(new HostSpec.Local(hosts.localSlots())));
  }

  /** A slot to run the preprocessor here: {@code --localslots_cpp}. */
  public Slot pickLocalCpp(HostList hosts) throws DistccException {
    return waitFor(List.of(new HostSpec.Local(hosts.localSlotsCpp())));
  }

  private List<HostSpec> candidates(HostList hosts) throws DistccException {
    List<HostSpec> usable = new ArrayList<>();
    for (HostSpec host : hosts.hosts()) {
      if (!host.down() && !backoff.isBackedOff(host) && !(quarantine.isPresent() && quarantine.get().contains(host))) {
        usable.add(host);
      }
    }
    if (usable.isEmpty()) {
      throw new DistccException(
          ExitCode.NO_HOSTS, "all " + hosts.hosts().size() + " hosts are down, backed off or in quarantine");
    }
    if (hosts.randomize()) {
      synchronized (random) {
        Collections.shuffle(usable, random);
      }
    }
    return usable;
  }

  private Slot waitFor(List<HostSpec> hosts) throws DistccException {
    while (true) {
      Optional<Slot> slot = scan(hosts);
      if (slot.isPresent()) {
        return slot.get();
      }
      pause();
    }
  }

  private void pause() throws DistccException {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DistccException(ExitCode.DISTCC_FAILED, "interrupted waiting for a slot", e);
    }
  }

  private Optional<Slot> scan(List<HostSpec> hosts) throws DistccException {
    int most = 0;
    for (HostSpec host : hosts) {
      most = Math.max(most, host.limit());
    }
    for (int index = 0; index < most; index++) {
      for (HostSpec host : hosts) {
        if (index < host.limit()) {
          Optional<Slot> slot = tryLock(host, index);
          if (slot.isPresent()) {
            return slot;
          }
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Slot> tryLock(HostSpec host, int index) throws DistccException {
    Path file = lockDir.resolve("cpu_" + host.key() + "_" + index);
    if (!heldInThisJvm.add(file)) {
      return Optional.empty();
    }
    FileChannel channel = idleChannels.remove(file);
    try {
      if (channel == null) {
        Files.createDirectories(lockDir);
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      }
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return Optional.of(new Slot(host, index, file, channel, heldInThisJvm));
      }
    } catch (OverlappingFileLockException e) {
      // Another picker in this JVM holds it: busy.
    } catch (IOException e) {
      if (channel != null) {
        idleChannels.put(file, channel);
      }
      heldInThisJvm.remove(file);
      throw new DistccException(ExitCode.IO_ERROR, "cannot lock " + file + ": " + e, e);
    }
    // Kept open, not closed: closing could drop a lock another picker of this JVM holds.
    idleChannels.put(file, channel);
    heldInThisJvm.remove(file);
    return Optional.empty();
  }
}
