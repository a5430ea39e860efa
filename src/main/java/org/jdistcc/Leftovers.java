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
 * After {@link #finished} (main's work is done and its children have ended) the hook does nothing,
 * so a normal exit does not pay for looking up children.
 */
public final class Leftovers {
  private final Set<Path> paths = ConcurrentHashMap.newKeySet();
  private final Set<Process> processes = ConcurrentHashMap.newKeySet();
  // Held by identity: a record's equals and hashCode are bootstrapped on first use, which costs a
  // fresh JVM tens of milliseconds, and two equal connections are still two to close.
  private final Set<Held> connections = ConcurrentHashMap.newKeySet();
  private final Witness witness;
  private volatile boolean finished;
  private volatile boolean cancelled;

  /**
   * Told of a job's temporary files outside this process, so that something that outlives a process
   * killed outright (SIGKILL, the OOM killer) can remove what it was writing: the launcher, for the
   * agent's jobs.
   */
  public interface Witness {
    /** {@code path} may be created next. */
    void claimed(Path path) throws IOException;

    /** {@code path} was not created by this job after all: it must be left alone. */
    void disowned(Path path) throws IOException;
  }

  public Leftovers() {
    this(null);
  }

  public Leftovers(Witness witness) {
    this.witness = witness;
  }

  public void add(Path path) {
    paths.add(path);
  }

  /** A file about to be created: the witness hears of it first. */
  public void claim(Path path) throws IOException {
    if (witness != null) {
      witness.claimed(path);
    }
    paths.add(path);
  }

  /** A claimed name that was not created after all (it was taken). */
  public void disown(Path path) throws IOException {
    paths.remove(path);
    if (witness != null) {
      witness.disowned(path);
    }
  }

  public void remove(Path path) {
    paths.remove(path);
  }

  /**
   * A child process of this job, killed with everything it started on {@link #cancel}. Returns
   * false, having killed it, when the job is already cancelled.
   */
  public boolean add(Process process) {
    processes.add(process);
    if (cancelled) {
      killTree(process);
      return false;
    }
    return true;
  }

  public void remove(Process process) {
    processes.remove(process);
  }

  /** A connection of this job, closed on {@link #cancel} so that a blocked exchange ends. */
  public void add(AutoCloseable connection) {
    connections.add(new Held(connection));
  }

  public void remove(AutoCloseable connection) {
    connections.remove(new Held(connection));
  }

  /** Whether {@link #cancel} was called. */
  public boolean cancelled() {
    return cancelled;
  }

  /**
   * Cancels one job in a process that runs many (the agent, when its caller went away): kills the
   * job's own child processes and their descendants, and removes its temporary files. Other jobs'
   * children are left alone, unlike {@link #cleanUp}.
   */
  public void cancel() {
    cancelled = true;
    for (Process process : processes) {
      killTree(process);
    }
    for (Process process : processes) {
      try {
        process.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Path path : paths) {
      try {
        TempDir.deleteTree(path);
      } catch (IOException | RuntimeException ignored) {
        // best effort: the job is gone
      }
    }
    // Last, as it may wait for a volunteer to stop.
    for (Held held : connections) {
      try {
        held.connection.close();
      } catch (Exception ignored) {
        // the job is gone; its volunteer sees the connection drop
      }
    }
  }

  /** A connection compared by identity. */
  private static final class Held {
    private final AutoCloseable connection;

    Held(AutoCloseable connection) {
      this.connection = connection;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Held held && held.connection == connection;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(connection);
    }
  }

  private static void killTree(Process process) {
    for (ProcessHandle descendant : process.descendants().toList()) {
      descendant.destroyForcibly();
    }
    process.destroyForcibly();
  }

  /** The work is over and no child is running: the shutdown hook has nothing left to do. */
  public void finished() {
    finished = true;
  }

  /** Registers {@link #cleanUp} to run when the JVM shuts down. */
  public static Leftovers onShutdown() {
    Leftovers leftovers = new Leftovers();
    // A named class rather than a lambda: the client starts once per compile, and the first
    // lambda costs milliseconds of method-handle set-up.
    Runtime.getRuntime().addShutdownHook(new Thread(new Hook(leftovers), "leftovers"));
    return leftovers;
  }

  private record Hook(Leftovers leftovers) implements Runnable {
    @Override
    public void run() {
      if (!leftovers.finished) {
        leftovers.cleanUp();
      }
    }
  }

  void cleanUp() {
    // First, so that the job's thread, which sees its volunteer's pipe close below, fails
    // instead of compiling here in the moment before the JVM halts (an orphaned compiler would
    // then write the object after this process is gone).
    cancelled = true;
    List<ProcessHandle> children = ProcessHandle.current().children().toList();
    for (ProcessHandle child : children) {
      child.destroy();
    }
    long deadline = System.nanoTime() + 2_000_000_000L;
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException | ExecutionException | TimeoutException e) {
        for (ProcessHandle descendant : child.descendants().toList()) {
          descendant.destroyForcibly();
        }
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
