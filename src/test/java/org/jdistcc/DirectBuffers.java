package org.jdistcc;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/** How much direct buffer memory a piece of I/O makes the JDK keep (tests only). */
public final class DirectBuffers {
  private DirectBuffers() {}

  /** Work that may throw. */
  public interface Work {
    void run() throws Exception;
  }

  /**
   * By how many bytes the JVM's direct buffers grew while {@code work} ran, in a thread of its own:
   * its cache of temporary direct buffers starts empty and lives with it.
   */
  public static long growth(Work work) throws Exception {
    long[] grew = new long[1];
    Throwable[] failed = new Throwable[1];
    Thread worker =
        new Thread(
            () -> {
              try {
                long before = capacity();
                work.run();
                grew[0] = capacity() - before;
              } catch (Throwable e) {
                failed[0] = e;
              }
            });
    worker.start();
    worker.join();
    if (failed[0] instanceof Exception e) {
      throw e;
    }
    if (failed[0] instanceof Error e) {
      throw e;
    }
    return grew[0];
  }

  private static long capacity() {
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        return pool.getTotalCapacity();
      }
    }
    throw new AssertionError("no direct buffer pool");
  }
}
