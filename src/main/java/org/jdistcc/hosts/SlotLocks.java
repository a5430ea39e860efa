package org.jdistcc.hosts;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one JVM knows about the slot files of one lock directory, shared by every {@link
 * SlotPicker} on it in that JVM: which files its threads hold, the channels kept open on files
 * found busy, and a signal when one of its slots is released. POSIX locks belong to the process,
 * and closing any descriptor of a file drops all of the process's locks on it; pickers that kept
 * channels of their own would drop each other's locks when one of them is closed or collected.
 *
 * <p>The signal lets a job that waits for a slot take one the moment another job of this JVM
 * (the agent's) frees it, instead of sleeping for the pause; slots freed by other processes
 * (distcc 3.4, in-process clients, other agents) are still found by scanning again after the
 * pause, as distcc does. Not a decision about which slot: that is {@link SlotPicker}'s.
 */
public final class SlotLocks {
  final Set<Path> heldInThisJvm = ConcurrentHashMap.newKeySet();
  final Map<Path, FileChannel> idleChannels = new ConcurrentHashMap<>();
  private long releases; // under this

  /** A slot of this JVM was released. */
  void released() {
    synchronized (this) {
      releases++;
      notifyAll();
    }
  }

  /** How many slots this JVM has released so far: take it before scanning. */
  synchronized long releases() {
    return releases;
  }

  /** Waits until a slot is released after {@code seen} was taken, or for at most {@code pause}. */
  void awaitRelease(long seen, Duration pause) throws InterruptedException {
    long deadline = System.nanoTime() + pause.toNanos();
    synchronized (this) {
      while (releases == seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        long millis = left / 1_000_000;
        wait(millis, (int) (left % 1_000_000));
      }
    }
  }

  /** One {@link SlotLocks} per lock directory, for a process that runs many jobs. */
  public static final class PerDirectory {
    private final Map<Path, SlotLocks> byDirectory = new ConcurrentHashMap<>();

    /** The locks of {@code lockDir}, the same object for every job naming it. */
    public SlotLocks of(Path lockDir) {
      Path key = lockDir.toAbsolutePath().normalize();
      SlotLocks locks = byDirectory.get(key);
      if (locks == null) {
        byDirectory.putIfAbsent(key, new SlotLocks());
        locks = byDirectory.get(key);
      }
      return locks;
    }
  }
}
