package org.jdistcc.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real OpenSSH sshd on a loopback port with throwaway host and user keys and its own config; no
 * system file is read or changed (only the empty privilege separation directory /run/sshd is
 * created when missing and running as root, as the ssh package's service would). {@link #client} is
 * an ssh wrapper that trusts exactly this server's key, for DISTCC_SSH.
 */
final class Sshd implements AutoCloseable {
  private final Process process;
  final int port;
  final Path client;
  final Path dir;

  private Sshd(Process process, int port, Path client, Path dir) {
    this.process = process;
    this.port = port;
    this.client = client;
    this.dir = dir;
  }

  static Sshd start(Path parent) throws IOException, InterruptedException {
    return start(parent, List.of());
  }

  /**
   * A server whose config starts with {@code settings} (sshd takes a keyword's first value, so
   * these win over the defaults below: {@code LogLevel INFO}, {@code MaxSessions 1}).
   */
  static Sshd start(Path parent, List<String> settings) throws IOException, InterruptedException {
    Path sshd = Tools.require("sshd");
    Path keygen = Tools.require("ssh-keygen");
    Path ssh = Tools.require("ssh");
    Path dir = Files.createDirectories(parent.resolve("sshd"));
    for (String key : List.of("host_key", "user_key")) {
      Run made = Run.local(dir, keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key);
      if (made.exit() != 0) {
        throw new IOException("ssh-keygen failed: " + made);
      }
    }
    Files.copy(dir.resolve("user_key.pub"), dir.resolve("authorized_keys"));
    if ("root".equals(System.getProperty("user.name"))) {
      Files.createDirectories(Path.of("/run/sshd"));
    }
    int port = Tools.freePort();
    Files.writeString(
        dir.resolve("sshd_config"),
        String.join("\n", settings)
            + "\n"
            + String.join(
                "\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "LogLevel ERROR",
                ""));
    Files.writeString(
        dir.resolve("known_hosts"),
        "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_key.pub")));
    Path client =
        Tools.script(
            dir.resolve("ssh"),
            "exec "
                + ssh
                + " -F /dev/null -p "
                + port
                + " -i "
                + dir.resolve("user_key")
                + " -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes"
                + " -o UserKnownHostsFile="
                + dir.resolve("known_hosts")
                + " -o LogLevel=ERROR \"$@\"");
    Path log = dir.resolve("sshd.log");
    Process process =
        new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Tools.awaitPort(port, process, log);
    return new Sshd(process, port, client, dir);
  }

  /** The server's processes serving connections now (one per connection, with its helpers). */
  List<ProcessHandle> connections() {
    return process.toHandle().children().toList();
  }

  @Override
  public void close() {
    Tools.stop(process);
  }
}
