package org.jdistcc.hosts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One job slot on one host, held as an exclusive lock on distcc's {@code cpu_KEY_INDEX} file until
 * {@link #close()}. Obtained from {@link SlotPicker}; not a connection to the host.
 *
 * <p>If the process dies, the operating system drops the lock, so a crashed client never leaks a
 * slot.
 */
public final class Slot implements AutoCloseable {
  private final HostSpec host;
  private final int index;
  private final Path file;
  private final FileChannel channel;
  private final SlotLocks locks;
  private boolean closed;

  Slot(HostSpec host, int index, Path file, FileChannel channel, SlotLocks locks) {
    this.host = host;
    this.index = index;
    this.file = file;
    this.channel = channel;
    this.locks = locks;
  }

  /** The host the job may run on. */
  public HostSpec host() {
    return host;
  }

  /** Which of the host's slots, from 0 to {@code host().limit() - 1}. */
  public int index() {
    return index;
  }

  /** Releases the slot; later calls do nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      // Closing the channel releases the lock; the descriptor is gone even if close reports an
      // error, and a lock file holds no data that could be lost.
      channel.close();
    } catch (IOException ignored) {
      // Nothing to recover: see above.
    } finally {
      // Only after the OS lock is gone may another thread of this JVM open the file again.
      locks.heldInThisJvm.remove(file);
      locks.released();
    }
  }

  @Override
  public String toString() {
    return host + "#" + index;
  }
}
