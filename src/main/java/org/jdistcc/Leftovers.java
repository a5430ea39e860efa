package org.jdistcc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a process must not leave behind when SIGINT or SIGTERM ends it in the middle of a job (make
 * interrupted, a superserver stopped): job directories and temporary object files. main registers
 * {@link #cleanUp} as a shutdown hook; on a normal exit nothing is registered any more. Child
 * processes (preprocessor, compiler, ssh, a pipe volunteer) are asked to stop first, so that they
 * stop writing and can clean up after themselves, and killed if they do not within two seconds.
 */
public final class Leftovers {
  private final Set<Path> paths = ConcurrentHashMap.newKeySet();

  public void add(Path path) {
    paths.add(path);
  }

  public void remove(Path path) {
    paths.remove(path);
  }

  /** Registers {@link #cleanUp} to run when the JVM shuts down. */
  public static Leftovers onShutdown() {
    Leftovers leftovers = new Leftovers();
    Runtime.getRuntime().addShutdownHook(new Thread(leftovers::cleanUp, "leftovers"));
    return leftovers;
  }

  void cleanUp() {
    List<ProcessHandle> children = ProcessHandle.current().children().toList();
    children.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + 2_000_000_000L;
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException | ExecutionException | TimeoutException e) {
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly();
      }
    }
    for (Path path : paths) {
      try {
        TempDir.deleteTree(path);
      } catch (IOException | RuntimeException ignored) {
        // best effort while the JVM goes down
      }
    }
  }
}
