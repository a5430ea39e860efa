package org.jdistcc.hosts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * The process's one table of open slot-lock files: which files a slot of this process holds, and
 * one open channel per file. Build one per process (the in-process client, the agent) and hand it
 * to every {@link SlotPicker}; the pickers themselves may come and go with each job. Not a policy
 * on which slot to take (that is {@link SlotPicker}).
 *
 * <p>Why one per process: distcc's slots are fcntl record locks (distcc 3.4's lock.c, and Java's
 * {@link FileChannel#tryLock()} on Linux), which belong to the process, and closing any descriptor
 * of a file drops all of the process's locks on it. So a channel is opened once per file and never
 * closed while the process lives (unless its file was removed or replaced); a slot is freed by
 * releasing its lock, not by closing the channel. A second table in the same process would bring
 * the bug back: its channels could drop the first table's locks. The open channels are bounded by
 * the number of slot files.
 *
 * <p>It also signals each release, so a job that waits for a slot takes one the moment another job
 * of this process (the agent's) frees it, instead of sleeping for the pause; slots freed by other
 * processes (distcc 3.4, in-process clients, other agents) are still found by scanning again after
 * the pause, as distcc does.
 */
public final class SlotLocks {
  private final Map<Path, Open> channels = new HashMap<>();
  private final Set<Path> held = new HashSet<>();
  private long releases; // under this

  /** The lock on {@code file}, if no one holds it; the file is created when missing. */
  Optional<FileLock> tryLock(Path file) throws DistccException {
    Open open;
    synchronized (this) {
      if (!held.add(file)) {
        return Optional.empty();
      }
      open = channels.get(file);
    }
    try {
      if (open != null && !open.isAt(file)) {
        // The file was removed (rm -r of DISTCC_DIR) or replaced: a lock on the old one would
        // exclude no one. Closing drops only locks on the old file, and this process holds none.
        forget(file, open);
        open = null;
      }
      if (open == null) {
        open = Open.of(file);
        synchronized (this) {
          channels.put(file, open);
        }
      }
      FileLock lock = open.channel().tryLock();
      if (lock != null) {
        return Optional.of(lock);
      }
    } catch (OverlappingFileLockException e) {
      // Held through a channel outside this table (a second table in this process): busy.
    } catch (IOException e) {
      released(file);
      throw new DistccException(ExitCode.IO_ERROR, "cannot lock " + file + ": " + e, e);
    }
    released(file);
    return Optional.empty();
  }

  /** Frees a lock {@link #tryLock} gave out. */
  void release(Path file, FileLock lock) {
    try {
      lock.release();
    } catch (IOException e) {
      // The kernel lock's state is unknown: close the channel, which certainly drops it, and is
      // safe because this table holds no other lock on the file.
      Open open;
      synchronized (this) {
        open = channels.get(file);
      }
      if (open != null && open.channel() == lock.channel()) {
        forget(file, open);
      }
    } finally {
      // Only after the kernel lock is gone may another job take the file again.
      released(file);
      synchronized (this) {
        releases++;
        notifyAll();
      }
    }
  }

  /** How many slots this process has released so far: take it before scanning. */
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
        wait(left / 1_000_000, (int) (left % 1_000_000));
      }
    }
  }

  private synchronized void released(Path file) {
    held.remove(file);
  }

  private void forget(Path file, Open open) {
    synchronized (this) {
      channels.remove(file, open);
    }
    try {
      open.channel().close();
    } catch (IOException ignored) {
      // The descriptor is gone even when close reports an error.
    }
  }

  /** A channel on a lock file and the file's identity when it was opened. */
  private record Open(FileChannel channel, Object fileKey) {
    static Open of(Path file) throws IOException {
      Files.createDirectories(file.getParent());
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        return new Open(channel, key(file));
      } catch (IOException e) {
        channel.close();
        throw e;
      }
    }

    /** Whether {@code file} still names the file this channel has open. */
    boolean isAt(Path file) {
      try {
        return fileKey != null && fileKey.equals(key(file));
      } catch (IOException e) {
        return false;
      }
    }

    private static Object key(Path file) throws IOException {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
  }
}
