package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of etc/inetd-example, used as they are shipped with only paths, port, user and networks
 * replaced for loopback: xinetd's service and inetd's line start jdistcc's distccd for the real
 * distcc client (inetd's line run by socat, since Debian's inetd and xinetd conflict); systemd's
 * units pass systemd-analyze verify; the authorized_keys forced command serves distcc jobs over a
 * real sshd and nothing else.
 */
class InetdExamplesIT {
  private static final Path EXAMPLES = Path.of("etc/inetd-example");

  @TempDir Path root;

  private String example(String name, int port) throws Exception {
    return Files.readString(EXAMPLES.resolve(name))
        .replace("/opt/jdistcc", Tools.home().toString())
        .replace("/var/log/distccd/distccd.log", root.resolve("distccd.log").toString())
        .replace("10.0.0.0/8", "127.0.0.1")
        .replace("3632", Integer.toString(port))
        // the test runs the service as whoever runs the tests: nobody could not read their files
        .replace("nobody", System.getProperty("user.name"));
  }

  private void compileThroughPort(int port) throws Exception {
    Path distcc = Tools.require("distcc");
    Programs.write(root.resolve("src"));
    Path dir = root.resolve("src");
    Files.createDirectories(root.resolve(".distcc"));
    Run run =
        Run.of(
            dir,
            Map.of(
                "DISTCC_HOSTS",
                "127.0.0.1:" + port,
                "DISTCC_FALLBACK",
                "0",
                "DISTCC_DIR",
                root.resolve(".distcc").toString()),
            distcc.toString(),
            "gcc",
            "-c",
            "hello.c",
            "-o",
            "remote.o");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(0, Run.local(dir, "gcc", "-c", "hello.c", "-o", "local.o").exit());
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(dir.resolve("remote.o")));
    assertTrue(
        Tools.read(root.resolve("distccd.log")).contains("COMPILE_OK"),
        Tools.read(root.resolve("distccd.log")));
  }

  @Test
  void xinetdServiceServesTheRealClient() throws Exception {
    xinetdExampleServesTheRealClient("xinetd-distcc");
  }

  @Test
  void warmXinetdServiceServesTheRealClient() throws Exception {
    xinetdExampleServesTheRealClient("xinetd-distcc-warm");
  }

  private void xinetdExampleServesTheRealClient(String example) throws Exception {
    Path xinetd = Tools.require("xinetd");
    int port = Tools.freePort();
    String service =
        example(example, port)
            .replace(
                "port            = " + port,
                "port            = " + port + "\n\tbind            = 127.0.0.1");
    Path conf = root.resolve("xinetd.conf");
    Files.writeString(conf, service);
    Path out = root.resolve("xinetd.out");
    Process process =
        new ProcessBuilder(
                xinetd.toString(),
                "-dontfork",
                "-pidfile",
                root.resolve("x.pid").toString(),
                "-f",
                conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      Tools.awaitPort(port, process, out);
      compileThroughPort(port);
    } finally {
      Tools.stop(process);
    }
  }

  /**
   * Debian's inetd packages conflict with xinetd, so the inetd.conf line is run as inetd would run
   * it (its server path and arguments, per connection, with the socket as stdin and stdout) by
   * socat.
   */
  @Test
  void inetdLineServesTheRealClient() throws Exception {
    int port = Tools.freePort();
    String line =
        example("inetd.conf", port)
            .lines()
            .filter(l -> !l.startsWith("#") && !l.isBlank())
            .findFirst()
            .orElseThrow();
    String[] fields = line.trim().split("\\s+");
    assertEquals("nowait", fields[3], "inetd must start distccd per connection");
    // fields: service socket-type protocol wait user server argv0 args...
    String command = fields[5] + " " + String.join(" ", List.of(fields).subList(7, fields.length));
    try (Listener listener = Listener.socat(root, command)) {
      compileThroughPort(listener.port);
    }
  }

  @Test
  void systemdUnitsVerify() throws Exception {
    Path analyze = Tools.require("systemd-analyze");
    List<String> units =
        List.of(
            "distccd.socket", "distccd@.service", "distccd-warm.socket", "distccd-warm.service");
    for (String unit : units) {
      Files.writeString(root.resolve(unit), example(unit, 3632));
    }
    List<String> command =
        new java.util.ArrayList<>(List.of(analyze.toString(), "verify", "--man=no"));
    units.forEach(u -> command.add("./" + u));
    Run run = Run.of(root, Map.of(), command);
    assertEquals(0, run.exit(), run.toString());
    assertEquals("", run.stderr().strip(), "systemd-analyze found problems");
  }

  @Test
  void authorizedKeysForcedCommandRunsDistccdAndNothingElse() throws Exception {
    Tools.require("gcc");
    try (Sshd sshd = Sshd.start(root)) {
      String key = Files.readString(sshd.dir.resolve("user_key.pub")).strip();
      String line =
          example("authorized_keys", 3632)
              .lines()
              .filter(l -> l.startsWith("command="))
              .findFirst()
              .orElseThrow();
      String forced = line.substring(0, line.indexOf(" ssh-ed25519 ")) + " " + key;
      assertTrue(forced.contains("distccd --inetd\""), "the shipped forced command: " + forced);
      // the forced command logs to a file so that the test can see the job
      forced =
          forced.replace("--inetd\"", "--inetd --log-file " + root.resolve("distccd.log") + "\"");
      Files.writeString(sshd.dir.resolve("authorized_keys"), forced + "\n");
      Programs.write(root.resolve("src"));
      Path dir = root.resolve("src");
      // The client asks for /bin/false; the key's forced command runs distccd instead.
      Run run =
          Run.of(
              dir,
              Map.of(
                  "DISTCC_HOSTS",
                  "@127.0.0.1:/bin/false",
                  "DISTCC_SSH",
                  sshd.client.toString(),
                  "DISTCC_FALLBACK",
                  "0",
                  "DISTCC_DIR",
                  root.resolve(".distcc").toString()),
              Tools.home().resolve("bin/distcc").toString(),
              "gcc",
              "-c",
              "hello.c",
              "-o",
              "remote.o");
      assertEquals(0, run.exit(), run.toString());
      String logged = Tools.read(root.resolve("distccd.log"));
      assertTrue(logged.contains("COMPILE_OK"), logged);
      // Asked for a shell command, the key runs distccd again (which finds no request), not it:
      // the daemon's log grows, so ssh did get in and it was distccd that ran.
      Run shell = Run.of(dir, Map.of(), sshd.client.toString(), "127.0.0.1", "id");
      assertFalse(shell.stdout().contains("uid="), "the key ran a shell command: " + shell);
      String after = Tools.read(root.resolve("distccd.log"));
      assertTrue(
          after.length() > logged.length() && after.startsWith(logged),
          "distccd did not run for the shell command: " + shell + "\n" + after);
    }
  }
}
