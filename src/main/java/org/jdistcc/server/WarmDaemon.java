package org.jdistcc.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;

/**
 * One distccd that serves many connections on a listening socket it inherited (systemd {@code
 * Accept=no}, xinetd {@code wait = yes}, inetd {@code wait}): it accepts, and runs up to {@code
 * --jobs} jobs at once, queueing the rest; after {@code --idle-exit} seconds with no connection and
 * no job it exits, and the superserver starts it again on the next connection. It never opens a
 * socket of its own. Each connection gets the same checks, rules and log lines as a per-connection
 * distccd; a silent client is dropped after the I/O timeout without stopping the others.
 */
final class WarmDaemon {
  private final ServerSocketChannel listener;
  private final AccessControl access;
  private final JobHandler handler;
  private final Log log;
  private final int jobs;
  private final Duration idleExit;
  private final Duration ioTimeout;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong lastActivity = new AtomicLong();

  WarmDaemon(
      ServerSocketChannel listener,
      AccessControl access,
      DaemonConfig config,
      Log log,
      int jobs,
      Duration idleExit,
      Duration ioTimeout,
      Leftovers leftovers) {
    this.listener = listener;
    this.access = access;
    this.handler = new JobHandler(config, log, leftovers);
    this.log = log;
    this.jobs = jobs;
    this.idleExit = idleExit;
    this.ioTimeout = ioTimeout;
  }

  /** Serves until idle for --idle-exit; returns the exit status. */
  int serve() throws IOException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            jobs,
            r -> {
              Thread t = new Thread(r, "job");
              t.setDaemon(true);
              return t;
            });
    log.info("serving on " + listener.getLocalAddress() + " with up to " + jobs + " jobs at once");
    listener.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      listener.register(selector, SelectionKey.OP_ACCEPT);
      // Asleep until a connection comes or the idle time could have passed, not polling: an idle
      // daemon wakes about once per --idle-exit. A job's end moves the deadline; the wait finds
      // that when it ends (no wake-up from the job's thread, which may outlive the selector).
      lastActivity.set(System.nanoTime());
      while (true) {
        long waitMillis = 0; // no --idle-exit: until a connection comes
        if (!idleExit.isZero()) {
          long left = idleExit.toNanos() - (System.nanoTime() - lastActivity.get());
          if (left <= 0 && running.get() == 0) {
            log.info("no connection for " + idleExit.toSeconds() + " s; exiting");
            break;
          }
          waitMillis = Math.max(1, left > 0 ? left / 1_000_000 + 1 : idleExit.toMillis());
        }
        selector.select(waitMillis);
        selector.selectedKeys().clear();
        SocketChannel connection;
        while ((connection = listener.accept()) != null) {
          lastActivity.set(System.nanoTime());
          SocketChannel accepted = connection;
          running.incrementAndGet();
          pool.execute(
              () -> {
                try {
                  serveOne(accepted);
                } finally {
                  lastActivity.set(System.nanoTime());
                  running.decrementAndGet();
                }
              });
        }
      }
    } finally {
      pool.shutdown();
      try {
        pool.awaitTermination(ioTimeout.toSeconds() + 5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return 0;
  }

  private void serveOne(SocketChannel channel) {
    String client = "?";
    try (channel) {
      channel.configureBlocking(true);
      SocketAddress peer = channel.getRemoteAddress();
      client = DaemonMain.describe(peer);
      if (peer instanceof InetSocketAddress inet && !access.allows(inet.getAddress())) {
        log.warning("refused connection from " + client + ": not in --allow list");
        return;
      }
      channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, ioTimeout.toMillis()));
      channel.socket().setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(channel.socket().getInputStream(), 1 << 16);
      OutputStream out = new BufferedOutputStream(channel.socket().getOutputStream(), 1 << 16);
      // The socket's own timeout bounds each read; the watchdog, which ends the whole process, is
      // for per-connection daemons only.
      handler.serve(in, out, client, new Watchdog(Duration.ZERO, log));
    } catch (IOException | RuntimeException e) {
      log.error("connection from " + client + " failed: " + e.getMessage());
    }
  }
}
