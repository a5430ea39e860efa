package org.jdistcc.agent;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;
import org.jdistcc.MainExit;
import org.jdistcc.Settings;
import org.jdistcc.client.ClientMain;
import org.jdistcc.client.Includes;
import org.jdistcc.client.JobContext;
import org.jdistcc.hosts.SlotLocks;
import org.jdistcc.protocol.WireException;

/**
 * One connection from a launcher: checks the peer's uid, reads the job, and runs it through {@link
 * ClientMain#run} with the job's own environment, working directory, umask and output (relayed as
 * frames). A local compile is handed back to the launcher to run, and the job keeps its local slot
 * until the connection closes. The launcher closing the connection early (Ctrl-C, kill) cancels the
 * job: its processes are killed, its temporary files removed, its slot freed.
 */
final class AgentJob implements Runnable {
  /**
   * The agent-wide facts a job needs: read once in AgentMain. The slot locks are the agent's one
   * table, shared by all its jobs (see SlotLocks for why there must be only one).
   */
  record Agent(
      String user,
      Path passwdHome,
      int umask,
      Log log,
      Clock clock,
      Executor watchers,
      Runnable finished,
      Includes includes,
      SlotLocks slotLocks,
      JobContext.Warm warm) {}

  private enum State {
    RUNNING,
    EXEC,
    DONE
  }

  private final SocketChannel channel;
  private final Agent agent;
  private final CountDownLatch closed = new CountDownLatch(1);
  private State state = State.RUNNING;
  private Thread worker;
  private volatile int compilerStatus = -1; // from the launcher's S frame after a local compile

  AgentJob(SocketChannel channel, Agent agent) {
    this.channel = channel;
    this.agent = agent;
  }

  @Override
  public void run() {
    Replies replies = new Replies(ChannelStreams.out(channel));
    try (channel) {
      try {
        serve(replies);
      } catch (RuntimeException | Error e) {
        // A bug, or the agent's memory exhausted (OutOfMemoryError): this job ends, the agent
        // lives on. Closed without a status, the launcher would say that the agent ended; the job
        // goes back to it instead, to run in a JVM of its own.
        boolean handedBack = false;
        synchronized (this) {
          try {
            handedBack = state == State.RUNNING && replies.handBack();
          } catch (IOException gone) {
            // the launcher went away too: there is no one to hand the job to
          }
          state = State.DONE; // the launcher closing now is no cancellation
        }
        agent
            .log()
            .error(
                "job failed: "
                    + MainExit.message(e)
                    + (handedBack ? "; the launcher runs it in process" : ""));
      }
    } catch (IOException e) {
      agent.log().warning("job ended with " + e);
    } finally {
      synchronized (this) {
        state = State.DONE;
      }
      Thread.interrupted(); // a late cancel must not reach the pool's next task
      agent.finished().run();
    }
  }

  private void serve(Replies replies) throws IOException {
    UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
    if (!peer.user().getName().equals(agent.user())) {
      agent.log().error("refused a connection from user " + peer.user().getName());
      return;
    }
    InputStream in = new BufferedInputStream(ChannelStreams.in(channel), 1 << 16);
    Frames.Request request;
    try {
      request = Frames.readRequest(in);
    } catch (Frames.Unrepresentable e) {
      agent.log().info(e.getMessage() + "; the launcher runs this job in process");
      replies.notHandled();
      return;
    } catch (WireException e) {
      agent.log().error("bad request: " + e.getMessage());
      return;
    }
    Path cwd = Path.of(request.cwd());
    Map<String, String> env = request.environment();
    Settings settings =
        Settings.from(env, Settings.homeOf(env, agent.passwdHome()), cwd, request.umask());
    Leftovers leftovers = new Leftovers(replies);
    Optional<Integer> childUmask =
        request.umask() == agent.umask() ? Optional.empty() : Optional.of(request.umask());
    PrintStream out = new PrintStream(replies.stream('1'), false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(replies.stream('2'), false, StandardCharsets.UTF_8);
    // distcc's own messages under ccache: the launcher writes them to UNCACHED_ERR_FD.
    PrintStream messages =
        settings.uncachedErrFd().isEmpty()
            ? err
            : new PrintStream(replies.stream('u'), false, StandardCharsets.UTF_8);
    JobContext context =
        new JobContext(
            settings,
            request.umask(),
            childUmask,
            out,
            err,
            messages,
            request.pid(),
            agent.clock(),
            leftovers,
            new ExecByLauncher(replies),
            agent.slotLocks(),
            Optional.of(agent.warm()));
    worker = Thread.currentThread();
    agent.watchers().execute(new Watcher(in, leftovers));
    String argv0 = invokedAs(request.argv().get(0), settings.path(), cwd);
    int exit =
        ClientMain.run(
            argv0, request.argv().subList(1, request.argv().size()), context, agent.includes());
    out.flush();
    err.flush();
    messages.flush();
    synchronized (this) {
      if (state == State.RUNNING) {
        state = State.DONE;
        replies.exit(exit);
      }
    }
  }

  /**
   * The path the launcher was run as: a masquerade link found on PATH gets argv[0] "gcc", and the
   * compiler search must start after that link's directory, as it would for the shell launcher,
   * whose $0 is the path.
   */
  static String invokedAs(String argv0, String path, Path cwd) {
    if (argv0.contains("/")) {
      return argv0;
    }
    for (String dir : path.split(":")) {
      Path candidate = cwd.resolve(dir).resolve(argv0);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate.toString();
      }
    }
    return argv0;
  }

  /**
   * Hands a local compile to the launcher, which runs the compiler as its child, and waits until
   * the launcher reports the compiler's status and closes the socket.
   */
  private final class ExecByLauncher implements JobContext.LocalCompiler {
    private final Replies replies;

    ExecByLauncher(Replies replies) {
      this.replies = replies;
    }

    @Override
    public int run(List<String> argv, Map<String, String> environment) throws IOException {
      synchronized (AgentJob.this) {
        if (state != State.RUNNING) {
          throw new org.jdistcc.DistccException(org.jdistcc.ExitCode.DISTCC_FAILED, "cancelled");
        }
        state = State.EXEC;
      }
      replies.exec(argv, environment);
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // The launcher ran the compiler as its child and reports how it ended; a launcher killed
      // before it could is recorded as distcc's own failure.
      int status = compilerStatus;
      return status >= 0 ? status : org.jdistcc.ExitCode.DISTCC_FAILED.code();
    }
  }

  /** A status the launcher reported: decimal, 0 to 255; -1 for anything else. */
  static int statusOf(byte[] payload) {
    String text = new String(payload, StandardCharsets.US_ASCII);
    if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int status = Integer.parseInt(text);
    return status <= 255 ? status : -1;
  }

  /** Waits for the launcher's end of the connection; cancels the job if it is still running. */
  private final class Watcher implements Runnable {
    private final InputStream in;
    private final Leftovers leftovers;

    Watcher(InputStream in, Leftovers leftovers) {
      this.in = in;
      this.leftovers = leftovers;
    }

    @Override
    public void run() {
      try {
        // Nothing is expected after the request but, after a local compile, its status.
        Frames.Frame frame;
        while ((frame = Frames.read(in, 64)) != null) {
          if (frame.type() == 'S') {
            compilerStatus = statusOf(frame.payload());
          }
        }
      } catch (IOException e) {
        // closed under us when the job ended, or a garbled frame: nothing more to learn
      }
      boolean cancel;
      synchronized (AgentJob.this) {
        cancel = state == State.RUNNING;
        if (cancel) {
          state = State.DONE;
          worker.interrupt();
        }
      }
      closed.countDown();
      if (cancel) {
        agent.log().info("launcher " + "went away; job cancelled");
        leftovers.cancel();
      }
    }
  }
}
