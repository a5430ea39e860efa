package org.jdistcc.transport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.OpenFailException;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * SSH connections kept open across the jobs of a process that runs many (the agent), so that only
 * the first job to a host pays for the key exchange and authentication: each job gets a session (a
 * channel) of its own on a shared connection. A connection carries at most {@code
 * sessionsPerConnection} sessions at once (OpenSSH's MaxSessions, 10 by default), and fewer when
 * the server refuses a session; a host with more slots gets more connections. A connection that
 * dropped (the server restarted, an idle timeout) is replaced on the next job without the job
 * noticing. Jobs that arrive together while a connection is being made wait for it rather than each
 * making one. Not a decision about hosts: which host a job goes to is SlotPicker's.
 *
 * <p>Lock order: the pool's monitor, never held while connecting or opening a session; a {@link
 * Shared}'s latch is awaited outside it.
 */
public final class SshPool implements AutoCloseable {
  /** OpenSSH's default MaxSessions. */
  public static final int OPENSSH_MAX_SESSIONS = 10;

  private final int sessionsPerConnection;
  private final Map<String, List<Shared>> byTarget = new HashMap<>();
  private boolean closed;

  public SshPool(int sessionsPerConnection) {
    if (sessionsPerConnection < 1) {
      throw new IllegalArgumentException("sessions per connection: " + sessionsPerConnection);
    }
    this.sessionsPerConnection = sessionsPerConnection;
  }

  /** One connection to one target, and the sessions open on it. */
  private static final class Shared {
    final CountDownLatch ready = new CountDownLatch(1);
    volatile SSHClient client; // set before ready opens, unless connecting failed
    volatile DistccException failure;
    int sessions; // under the pool's monitor
    int limit;

    Shared(int limit) {
      this.limit = limit;
    }

    boolean alive() {
      SSHClient c = client;
      return ready.getCount() > 0 || (c != null && c.isConnected() && c.isAuthenticated());
    }
  }

  /**
   * Starts {@code remoteCommand} in a new session to the host, on a connection shared with other
   * jobs; closing the returned connection ends the session and leaves the connection open.
   */
  public SshjConnection open(
      String host, Optional<String> user, String remoteCommand, SshjConnection.Setup setup)
      throws DistccException {
    SshjConnection.Target target = SshjConnection.target(host, user, setup);
    String key = target.key(setup);
    DistccException last = null;
    // A reused connection may turn out dead or full only when a session is asked of it: then
    // another, up to a fresh one; a fresh connection's failure is the job's. Each retry means
    // that another job took a session, so the bound is never reached in practice.
    for (int attempt = 0; attempt < 16; attempt++) {
      boolean fresh = false;
      Shared shared;
      synchronized (this) {
        if (closed) {
          throw new DistccException(
              ExitCode.CONNECT_FAILED, "ssh to " + target.name() + ": closed");
        }
        shared = pick(key);
        if (shared == null) {
          shared = new Shared(sessionsPerConnection);
          byTarget.computeIfAbsent(key, k -> new ArrayList<>()).add(shared);
          fresh = true;
        }
        shared.sessions++;
      }
      if (fresh) {
        try {
          shared.client = SshjConnection.connect(target, setup);
        } catch (DistccException e) {
          shared.failure = e;
          forget(key, shared);
          throw e;
        } finally {
          shared.ready.countDown();
        }
      } else {
        awaitReady(shared);
        if (shared.failure != null) {
          release(shared);
          throw shared.failure;
        }
      }
      Shared held = shared;
      try {
        return SshjConnection.start(
            shared.client, target.name(), remoteCommand, () -> release(held));
      } catch (OpenFailException e) {
        // The server allows fewer sessions than we assumed: this connection is full at as many
        // as the other jobs have on it. Refused with none of theirs there, it refuses this host.
        int others;
        synchronized (this) {
          shared.sessions--;
          others = shared.sessions;
          shared.limit = Math.max(1, others);
        }
        last = SshjConnection.failed(target.name(), e.getMessage(), e);
        if (others == 0 && fresh) {
          release(shared, 0);
          throw last;
        }
      } catch (IOException e) {
        last = SshjConnection.failed(target.name(), e.getMessage(), e);
        release(shared);
        drop(key, shared);
        if (fresh) {
          throw last;
        }
      }
    }
    throw last;
  }

  /** A live connection to {@code key} with a session to spare, dropping dead ones; or null. */
  private Shared pick(String key) {
    List<Shared> all = byTarget.get(key);
    if (all == null) {
      return null;
    }
    for (Iterator<Shared> it = all.iterator(); it.hasNext(); ) {
      Shared shared = it.next();
      if (!shared.alive()) {
        it.remove();
        if (shared.sessions == 0 && shared.client != null) {
          SshjConnection.closeQuietly(shared.client);
        }
        continue;
      }
      if (shared.sessions < shared.limit) {
        return shared;
      }
    }
    return null;
  }

  private static void awaitReady(Shared shared) throws DistccException {
    try {
      shared.ready.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DistccException(ExitCode.DISTCC_FAILED, "cancelled");
    }
  }

  private void release(Shared shared) {
    release(shared, 1);
  }

  /** Ends {@code sessions} (1, or 0 when already counted) and closes a finished connection. */
  private void release(Shared shared, int sessions) {
    boolean close;
    synchronized (this) {
      shared.sessions -= sessions;
      close = shared.sessions == 0 && (closed || !shared.alive());
    }
    if (close && shared.client != null) {
      SshjConnection.closeQuietly(shared.client);
    }
  }

  private synchronized void forget(String key, Shared shared) {
    List<Shared> all = byTarget.get(key);
    if (all != null) {
      all.remove(shared);
    }
  }

  /** Takes a connection that failed a session out of use; the last session closes it. */
  private void drop(String key, Shared shared) {
    boolean close;
    synchronized (this) {
      forget(key, shared);
      close = shared.sessions == 0;
    }
    if (close && shared.client != null) {
      SshjConnection.closeQuietly(shared.client);
    }
  }

  /** How many connections are open now, for {@code distcc --agent-status}. */
  public synchronized int connections() {
    int open = 0;
    for (List<Shared> all : byTarget.values()) {
      for (Shared shared : all) {
        if (shared.client != null && shared.alive()) {
          open++;
        }
      }
    }
    return open;
  }

  /** Closes every idle connection now and every busy one when its last session ends. */
  @Override
  public void close() {
    List<Shared> idle = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (List<Shared> all : byTarget.values()) {
        for (Shared shared : all) {
          if (shared.sessions == 0) {
            idle.add(shared);
          }
        }
      }
      byTarget.clear();
    }
    for (Shared shared : idle) {
      if (shared.client != null) {
        SshjConnection.closeQuietly(shared.client);
      }
    }
  }
}
