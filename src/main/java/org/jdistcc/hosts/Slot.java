package org.jdistcc.hosts;

import java.nio.channels.FileLock;
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
  private final FileLock lock;
  private final SlotLocks locks;
  private boolean closed;

  Slot(HostSpec host, int index, Path file, FileLock lock, SlotLocks locks) {
    this.host = host;
    this.index = index;
    this.file = file;
    this.lock = lock;
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
    // The lock is released, the channel stays open in the process's table: see SlotLocks.
    locks.release(file, lock);
  }

  @Override
  public String toString() {
    return host + "#" + index;
  }
}
