package org.jdistcc.agent;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdistcc.ExitCode;
import org.jdistcc.Log;
import org.jdistcc.MainExit;
import org.jdistcc.Settings;
import org.jdistcc.Umask;
import org.jdistcc.client.JobContext;
import org.jdistcc.client.ScanMemo;
import org.jdistcc.driver.DriverMemo;
import org.jdistcc.hosts.SlotLocks;
import org.jdistcc.transport.SshPool;
import org.jdistcc.verify.CheckQueue;
import org.jdistcc.verify.IdleGate;

/**
 * The agent process: {@code AgentMain SOCKET}, started by the launcher (detached, in its own
 * session, with its descriptors closed) when it finds no agent. Listens on the Unix-domain socket
 * SOCKET, whose directory must be the user's own with mode 0700, runs one {@link AgentJob} per
 * connection on a thread of its own, and exits after DISTCC_AGENT_IDLE seconds (default 600)
 * without a job. Logs to $DISTCC_DIR/agent-HOST.log. No network socket is opened.
 */
public final class AgentMain {
  private AgentMain() {}

  /**
   * How long after the last job a deferred check may start or continue: longer than make's gap
   * between one job's end and the next one's start, shorter than a human's between two builds.
   */
  static final Duration QUIET = Duration.ofMillis(300);

  private final Object lock = new Object();
  private int active;
  private long lastActivity;
  private long served;
  private CheckQueue checks;

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: AgentMain SOCKET");
      System.exit(ExitCode.BAD_ARGUMENTS.code());
    }
    org.jdistcc.exec.LaunchMechanism.preferVfork();
    Map<String, String> env = System.getenv();
    Settings settings = Settings.fromEnvironment(env, Umask.ofThisProcess());
    String host = hostName();
    Files.createDirectories(settings.distccDir());
    Path logFile = settings.distccDir().resolve("agent-" + host + ".log");
    PrintStream logStream =
        new PrintStream(new FileOutputStream(logFile.toFile(), true), true, StandardCharsets.UTF_8);
    Log log =
        new Log(
            logStream,
            settings.verbose() ? Log.Level.DEBUG : Log.Level.INFO,
            "distcc-agent",
            ProcessHandle.current().pid(),
            Clock.systemUTC()); // UTC: the zone database would cost every cold start ~17 ms
    long idleSeconds = 600;
    String idle = env.get("DISTCC_AGENT_IDLE");
    if (idle != null && !idle.isEmpty()) {
      try {
        idleSeconds = Long.parseLong(idle.trim());
      } catch (NumberFormatException e) {
        log.warning("DISTCC_AGENT_IDLE=" + idle + " is not a number; using 600");
      }
    }
    // The agent's stderr is /dev/null: what kills a thread (an OutOfMemoryError in the accept
    // loop, say) is said here, where the user looks.
    Thread.setDefaultUncaughtExceptionHandler(
        new Thread.UncaughtExceptionHandler() {
          @Override
          public void uncaughtException(Thread thread, Throwable e) {
            log.error("thread " + thread.getName() + ": " + MainExit.message(e));
          }
        });
    String user = System.getProperty("user.name");
    try {
      new AgentMain()
          .serve(
              Path.of(args[0]),
              user,
              Path.of(System.getProperty("user.home")),
              idleSeconds * 1000,
              log);
    } catch (IOException | RuntimeException e) {
      log.error("agent stops: " + MainExit.message(e));
      System.exit(MainExit.status(e));
    }
    System.exit(0);
  }

  private void serve(Path socket, String user, Path passwdHome, long idleMillis, Log log)
      throws IOException {
    RuntimeDir.check(socket.getParent(), user);
    Files.deleteIfExists(socket); // a dead agent's: the launcher's lock says none is alive
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket), 256);
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    int umask = Umask.ofThisProcess();
    log.info(
        "agent listening on "
            + socket
            + " (umask "
            + Integer.toOctalString(umask)
            + ", idle exit "
            + idleMillis / 1000
            + " s)");
    ExecutorService threads = Executors.newCachedThreadPool(new Named());
    Runnable finished =
        new Runnable() {
          @Override
          public void run() {
            synchronized (lock) {
              active--;
              served++;
              lastActivity = System.nanoTime();
            }
            checks.gate().jobEnded();
          }
        };
    SshPool ssh = new SshPool(SshPool.OPENSSH_MAX_SESSIONS);
    ScanMemo scans = new ScanMemo();
    DriverMemo drivers = new DriverMemo();
    long started = System.nanoTime();
    JobContext.Status status =
        new JobContext.Status() {
          @Override
          public String report() {
            long served;
            int running;
            synchronized (lock) {
              served = AgentMain.this.served;
              running = Math.max(0, active - 1); // not this query
            }
            return "pid "
                + ProcessHandle.current().pid()
                + "\n"
                + "uptime "
                + (System.nanoTime() - started) / 1_000_000_000L
                + " s\n"
                + "jobs served "
                + served
                + "\n"
                + "jobs running "
                + running
                + "\n"
                + "ssh connections "
                + ssh.connections()
                + "\n"
                + "files scanned for pragmas "
                + scans.size()
                + "\n"
                + "preprocessing shapes learnt "
                + drivers.size()
                + "\n";
          }
        };
    // DISTCC_VERIFY checks, which run after their jobs; the agent stays while any waits.
    // They start once no job has been in flight for QUIET, and stop while one is.
    // 32 MB of preprocessed text and objects: a quarter of the agent's heap.
    checks =
        new CheckQueue(
            log, new IdleGate(QUIET, System::nanoTime), 32L << 20, Duration.ofMillis(100));
    JobContext.Warm warm = new JobContext.Warm(scans, ssh, checks, status, drivers);
    // One include analysis for the agent's life: pump jobs share its per-file cache. One table
    // of slot locks: see SlotLocks.
    AgentJob.Agent agent =
        new AgentJob.Agent(
            user,
            passwdHome,
            umask,
            log,
            Clock.systemUTC(),
            threads,
            finished,
            new org.jdistcc.client.Includes(),
            new SlotLocks(),
            warm);
    lastActivity = System.nanoTime();
    Thread idle = new Thread(new Idle(server, socket, idleMillis, log), "idle");
    idle.setDaemon(true);
    idle.start();
    while (true) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        if (!server.isOpen()) {
          break; // idle exit
        }
        throw e;
      }
      synchronized (lock) {
        active++;
      }
      checks.gate().jobStarted();
      threads.execute(new AgentJob(channel, agent));
    }
    synchronized (lock) {
      log.info("agent exits after " + served + " jobs");
    }
  }

  /** Closes the socket after the idle time without a job; the accept loop then ends. */
  private final class Idle implements Runnable {
    private final ServerSocketChannel server;
    private final Path socket;
    private final long idleMillis;
    private final Log log;

    Idle(ServerSocketChannel server, Path socket, long idleMillis, Log log) {
      this.server = server;
      this.socket = socket;
      this.idleMillis = idleMillis;
      this.log = log;
    }

    @Override
    public void run() {
      // Asleep until the idle time could have passed, not polling: an idle agent wakes about once
      // per idle time. A job's end moves the deadline; the wait finds that when it ends.
      synchronized (lock) {
        while (true) {
          long idleFor = (System.nanoTime() - lastActivity) / 1_000_000;
          if (checks.pending() > 0) {
            lastActivity = System.nanoTime();
            idleFor = 0;
          } else if (active == 0 && idleFor >= idleMillis) {
            log.info("idle for " + idleMillis / 1000 + " s");
            try {
              // Unlink first: a launcher arriving now finds no socket and starts a new agent.
              Files.deleteIfExists(socket);
              server.close();
            } catch (IOException e) {
              log.warning("closing the socket: " + e.getMessage());
            }
            return;
          }
          try {
            // A job in flight ends before the agent may: look again an idle time later.
            lock.wait(Math.max(10, active > 0 ? idleMillis : idleMillis - idleFor));
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  private static final class Named implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "job-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }

  /** The kernel's host name, without a DNS lookup. */
  static String hostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
