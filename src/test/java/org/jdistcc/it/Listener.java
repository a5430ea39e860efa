package org.jdistcc.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A superserver on a loopback port that starts one volunteer process per connection: socat ({@code
 * fork} + {@code nofork}, so the volunteer's stdin is the TCP socket itself, as inetd gives it) or
 * xinetd ({@code wait = no}). Closing it stops the superserver.
 */
final class Listener implements AutoCloseable {
  final Process process;
  final int port;
  final Path log;

  private Listener(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * socat accepting on 127.0.0.1 and running {@code command} (no spaces in its words) per
   * connection.
   */
  static Listener socat(Path dir, String command) throws IOException, InterruptedException {
    Path socat = Tools.require("socat");
    int port = Tools.freePort();
    Path log = dir.resolve("socat-" + port + ".log");
    Process process =
        new ProcessBuilder(
                socat.toString(),
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                "EXEC:" + command + ",nofork")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Tools.awaitPort(port, process, log);
    return new Listener(process, port, log);
  }

  /** xinetd with one service, {@code wait = no}, running {@code server args} per connection. */
  static Listener xinetd(Path dir, Path server, String args)
      throws IOException, InterruptedException {
    return xinetd(dir, server, args, false);
  }

  /**
   * xinetd with one service running {@code server args}: per connection, or with {@code warm},
   * {@code wait = yes}: the server gets the listening socket and serves until it exits.
   */
  static Listener xinetd(Path dir, Path server, String args, boolean warm)
      throws IOException, InterruptedException {
    Path xinetd = Tools.require("xinetd");
    int port = Tools.freePort();
    Path conf = dir.resolve("xinetd-" + port + ".conf");
    Path log = dir.resolve("xinetd-" + port + ".log");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "service jdistcc-test",
            "{",
            "  type        = UNLISTED",
            "  socket_type = stream",
            "  protocol    = tcp",
            "  port        = " + port,
            "  bind        = 127.0.0.1",
            "  wait        = " + (warm ? "yes" : "no"),
            "  user        = " + System.getProperty("user.name"),
            "  server      = " + server,
            "  server_args = " + args,
            "  env         = JAVA_HOME="
                + System.getProperty("java.home")
                + " PATH=/usr/local/bin:/usr/bin:/bin",
            // xinetd cannot filter the connections of a wait = yes service (it does not accept
            // them); distccd's --allow does.
            warm
                ? ""
                : "  only_from   = 127.0.0.1\n  instances   = 30\n  per_source  = UNLIMITED\n  cps = 1000 1",
            "  disable     = no",
            "}",
            ""));
    Process process =
        new ProcessBuilder(
                List.of(
                    xinetd.toString(),
                    "-dontfork",
                    "-pidfile",
                    dir.resolve("xinetd-" + port + ".pid").toString(),
                    "-filelog",
                    log.toString(),
                    "-f",
                    conf.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("xinetd-" + port + ".out").toFile())
            .start();
    Tools.awaitPort(port, process, dir.resolve("xinetd-" + port + ".out"));
    return new Listener(process, port, log);
  }

  @Override
  public void close() {
    Tools.stop(process);
  }
}
