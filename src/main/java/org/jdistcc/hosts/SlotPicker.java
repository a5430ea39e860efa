package org.jdistcc.hosts;

import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * Chooses where the next job runs, so that all client processes together never run more jobs on a
 * host than its limit. Does not connect to hosts or judge their failures ({@link Backoff}).
 *
 * <p>Each slot is an exclusive lock on {@code LOCKDIR/cpu_KEY_INDEX}, the same files and the same
 * POSIX record locks as distcc 3.4, so jdistcc and distcc clients share limits. Like distcc, a pick
 * tries slot 0 of every host in list order, then slot 1 of every host, and so on, which spreads
 * jobs over the fastest hosts first; if all are busy it waits for the pause
 * (DISTCC_PAUSE_TIME_MSEC, 1 s in distcc) and scans again, or at once when a job of this JVM
 * releases a slot ({@link SlotLocks}). Down and backed-off hosts are left out. {@code localhost}
 * entries, {@link #pickLocal} and {@link #pickLocalCpp} all use the {@code cpu_localhost_N} files,
 * so together they respect every local limit.
 *
 * <p>Lock ordering: a job holds at most one remote and one local slot. Take the remote slot first
 * and the local one second, and close the local one first; any other order can deadlock two clients
 * that each hold one and wait for the other.
 *
 * <p>POSIX locks belong to the process, and closing any descriptor of a file drops all of the
 * process's locks on it. So the open files are not the picker's but the process's {@link
 * SlotLocks}, handed in: a picker may be built per job (the agent builds one for each) and dropped,
 * without closing anything.
 */
public final class SlotPicker {
  private final Path lockDir;
  private final Backoff backoff;
  private final Optional<Quarantine> quarantine;
  private final Duration pause;
  private final Random random;
  private final SlotLocks locks;

  /**
   * @param lockDir {@code $DISTCC_DIR/lock}; created when missing
   * @param locks the process's one table of lock files
   * @param backoff which hosts to skip for a while; hosts in {@link Quarantine} (files in the same
   *     directory) are skipped too
   * @param pause how long to sleep when every slot is busy
   * @param random the order for {@code --randomize} lists
   */
  public SlotPicker(Path lockDir, SlotLocks locks, Backoff backoff, Duration pause, Random random) {
    this(lockDir, locks, backoff, Optional.of(new Quarantine(lockDir)), pause, random);
  }

  /**
   * A picker that skips the hosts in {@code quarantine}; without one (a host check, which must
   * reach quarantined hosts) it skips none.
   */
  public SlotPicker(
      Path lockDir,
      SlotLocks locks,
      Backoff backoff,
      Optional<Quarantine> quarantine,
      Duration pause,
      Random random) {
    this.lockDir = Objects.requireNonNull(lockDir, "lockDir").toAbsolutePath().normalize();
    this.locks = Objects.requireNonNull(locks, "locks");
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
      long seen = locks.releases();
      Optional<Slot> slot = scan(candidates(hosts));
      if (slot.isPresent()) {
        return slot.get();
      }
      pause(seen);
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
      if (!host.down()
          && !backoff.isBackedOff(host)
          && !(quarantine.isPresent() && quarantine.get().contains(host))) {
        usable.add(host);
      }
    }
    if (usable.isEmpty()) {
      throw new DistccException(
          ExitCode.NO_HOSTS,
          "all " + hosts.hosts().size() + " hosts are down, backed off or in quarantine");
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
      long seen = locks.releases();
      Optional<Slot> slot = scan(hosts);
      if (slot.isPresent()) {
        return slot.get();
      }
      pause(seen);
    }
  }

  /** Until a slot of this JVM is released after {@code seen}, or the pause has passed. */
  private void pause(long seen) throws DistccException {
    try {
      locks.awaitRelease(seen, pause);
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
    Optional<FileLock> lock = locks.tryLock(file);
    return lock.map(held -> new Slot(host, index, file, held, locks));
  }
}
