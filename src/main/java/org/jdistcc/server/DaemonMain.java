package org.jdistcc.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;
import org.jdistcc.MainExit;
import org.jdistcc.Version;
import org.jdistcc.protocol.WireLimits;

/**
 * The {@code distccd} command: one job per process on the connection it inherited as stdin and
 * stdout. Reads options and environment once, applies address access control when the connection is
 * a TCP socket, and hands the streams to {@link JobHandler}. Opens no listening socket.
 */
public final class DaemonMain {
  private DaemonMain() {}

  public static void main(String[] args) {
    // The protocol owns stdout; anything else printed there would corrupt it.
    PrintStream protocolOut = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    PrintStream stderr = System.err;
    int status;
    try {
      status = run(Arrays.asList(args), System.getenv(), protocolOut, stderr);
    } catch (DistccException | RuntimeException e) {
      status = MainExit.report("distccd", e, stderr);
    }
    System.exit(status);
  }

  static int run(List<String> args, Map<String, String> env, PrintStream stdout, PrintStream stderr)
      throws DistccException {
    DaemonOptions options = DaemonOptions.parse(args);
    if (options.help()) {
      stdout.println(DaemonOptions.USAGE);
      return 0;
    }
    if (options.version()) {
      stdout.println(Version.banner("distccd"));
      return 0;
    }
    Log log = openLog(options, stderr);
    Channel inherited = inheritedChannel();
    if (inherited instanceof ServerSocketChannel listener) {
      try {
        return new WarmDaemon(
                listener,
                access(options, log),
                config(options, env),
                log,
                options.jobs(),
                options.idleExit(),
                options.ioTimeout(),
                Leftovers.onShutdown())
            .serve();
      } catch (IOException e) {
        throw new DistccException(
            ExitCode.IO_ERROR, "serving the inherited socket failed: " + e.getMessage(), e);
      }
    }
    Optional<SocketAddress> peer = peer(inherited, log);
    String client = peer.map(DaemonMain::describe).orElse(viaSsh(env));
    if (peer.isPresent() && peer.get() instanceof InetSocketAddress inet) {
      AccessControl access = access(options, log);
      if (!access.allows(inet.getAddress())) {
        log.warning("refused connection from " + client + ": not in --allow list");
        return ExitCode.ACCESS_DENIED.code();
      }
    }
    DaemonConfig config = config(options, env);
    InputStream in = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16);
    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    Watchdog watchdog = new Watchdog(options.ioTimeout(), log);
    Leftovers leftovers = Leftovers.onShutdown();
    int exit = new JobHandler(config, log, leftovers).serve(in, out, client, watchdog);
    leftovers.finished();
    return exit;
  }

  private static AccessControl access(DaemonOptions options, Log log) throws DistccException {
    List<String> specs = new ArrayList<>(options.allow());
    if (options.allowPrivate() || specs.isEmpty()) {
      if (specs.isEmpty() && !options.allowPrivate()) {
        // distcc 3.4 lets everyone in when inetd starts it without --allow; private networks
        // only is the safer default, and what its own listening mode does.
        log.info("no --allow given: accepting private networks only");
      }
      specs.addAll(AccessControl.PRIVATE_NETWORKS);
    }
    return AccessControl.parse(specs);
  }

  private static DaemonConfig config(DaemonOptions options, Map<String, String> env)
      throws DistccException {
    Optional<CompilerPolicy.CommandList> cmdlist = Optional.empty();
    String listFile = env.get("DISTCC_CMDLIST");
    if (listFile != null && !listFile.isEmpty()) {
      int words = 1;
      try {
        words = Integer.parseInt(env.getOrDefault("DISTCC_CMDLIST_NUMWORDS", "1"));
      } catch (NumberFormatException e) {
        throw new DistccException(
            ExitCode.BAD_ARGUMENTS, "DISTCC_CMDLIST_NUMWORDS is not a number");
      }
      try {
        cmdlist = Optional.of(CompilerPolicy.CommandList.load(Path.of(listFile), words));
      } catch (IOException e) {
        throw new DistccException(
            ExitCode.IO_ERROR, "cannot read DISTCC_CMDLIST " + listFile + ": " + e.getMessage());
      }
    }
    List<Path> path = new ArrayList<>();
    for (String dir : env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty()) {
        path.add(Path.of(dir));
      }
    }
    CompilerPolicy compilers =
        new CompilerPolicy(options.compilerDir(), options.allowCompilers(), cmdlist, path);
    Path tempRoot = Path.of(env.getOrDefault("TMPDIR", "/tmp"));
    return new DaemonConfig(
        compilers,
        options.allowOptions(),
        tempRoot,
        options.jobLifetime(),
        options.nice(),
        env,
        WireLimits.DAEMON);
  }

  private static Log openLog(DaemonOptions options, PrintStream stderr) throws DistccException {
    long pid = ProcessHandle.current().pid();
    if (options.logFile().isPresent()) {
      Path file = options.logFile().get();
      try {
        OutputStream stream =
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new Log(
            new PrintStream(stream, true, StandardCharsets.UTF_8),
            options.logLevel(),
            "distccd",
            pid,
            Clock.systemDefaultZone());
      } catch (IOException e) {
        throw new DistccException(ExitCode.IO_ERROR, "cannot open log file " + file + ": " + e);
      }
    }
    if (options.logStderr()) {
      return new Log(stderr, options.logLevel(), "distccd", pid, Clock.systemDefaultZone());
    }
    return Log.none();
  }

  /** stdin as a channel: a socket from a superserver, or null for pipes and terminals. */
  private static Channel inheritedChannel() {
    try {
      return System.inheritedChannel();
    } catch (IOException e) {
      return null;
    }
  }

  /** The client's address when stdin is a socket; empty for pipes (ssh, a parent process). */
  private static Optional<SocketAddress> peer(Channel channel, Log log) {
    if (channel instanceof SocketChannel socket) {
      try {
        return Optional.ofNullable(socket.getRemoteAddress());
      } catch (IOException e) {
        log.warning("cannot read the client's address: " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  static String describe(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      InetAddress ip = inet.getAddress();
      return ip == null ? inet.getHostString() : ip.getHostAddress();
    }
    return address.toString();
  }

  private static String viaSsh(Map<String, String> env) {
    String ssh = env.get("SSH_CONNECTION");
    if (ssh != null && !ssh.isBlank()) {
      return "ssh:" + ssh.split(" ")[0];
    }
    return "pipe";
  }
}
