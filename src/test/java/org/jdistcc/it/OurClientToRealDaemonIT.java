package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jdistcc's client against the real distccd 3.4: started per connection by socat (inetd mode), as a
 * listening {@code distccd --daemon}, and over a real sshd with DISTCC_SSH; protocol 1 and 2.
 * Objects and dependency files equal a local build's, messages and exit statuses match.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OurClientToRealDaemonIT {
  @TempDir static Path root;
  private Path client;
  private Listener inetd;
  private Process daemon;
  private int daemonPort;
  private Sshd sshd;
  private Path sshVolunteer;

  @BeforeAll
  void startVolunteers() throws Exception {
    client = Tools.home().resolve("bin/distcc");
    Tools.require("gcc");
    Tools.require("g++");
    Path distccd = Tools.require("distccd");
    // distccd 3.4 drops root privileges, so it logs to stderr, which root opened for it.
    inetd =
        Listener.socat(root, distccd + " --inetd --allow 127.0.0.1 --log-stderr --log-level info");
    daemonPort = Tools.freePort();
    Path daemonLog = root.resolve("daemon.log");
    daemon =
        RealDistccd.daemon(
            daemonPort, daemonLog, "--jobs", "4", "--log-stderr", "--log-level", "info");
    sshd = Sshd.start(root);
    sshVolunteer =
        Tools.script(
            root.resolve("ssh-volunteer"),
            "exec "
                + distccd
                + " \"$@\" --log-stderr --log-level info 2>>"
                + root.resolve("ssh.log"));
  }

  @AfterAll
  void stopVolunteers() throws Exception {
    Tools.stop(daemon);
    for (AutoCloseable c : new AutoCloseable[] {inetd, sshd}) {
      if (c != null) {
        c.close();
      }
    }
  }

  Stream<Arguments> volunteers() {
    return Stream.of("inetd", "daemon", "ssh")
        .flatMap(kind -> Stream.of(Arguments.of(kind, ""), Arguments.of(kind, ",lzo")));
  }

  private Path log(String kind) {
    return switch (kind) {
      case "inetd" -> inetd.log;
      case "daemon" -> root.resolve("daemon.log");
      default -> root.resolve("ssh.log");
    };
  }

  private Map<String, String> env(Path dir, String kind, String options) {
    String host =
        switch (kind) {
          case "inetd" -> "127.0.0.1:" + inetd.port;
          case "daemon" -> "127.0.0.1:" + daemonPort;
          default -> "@127.0.0.1:" + sshVolunteer;
        };
    Map<String, String> env = new HashMap<>();
    env.put("DISTCC_HOSTS", host + options);
    env.put("DISTCC_DIR", dir.resolve(".distcc").toString());
    env.put("DISTCC_FALLBACK", "0");
    env.put("DISTCC_SSH", sshd.client.toString());
    return env;
  }

  private long compiled(String kind, String source) throws Exception {
    return Tools.read(log(kind))
        .lines()
        .filter(l -> l.contains("COMPILE_OK") && l.contains(source))
        .count();
  }

  /** What the compiler said, without distcc's own log lines. */
  static String compilerMessages(String stderr) {
    return stderr
        .lines()
        .filter(l -> !l.startsWith("distcc["))
        .map(l -> l + "\n")
        .reduce("", String::concat);
  }

  /**
   * The FILE:LINE:COL diagnostics. A compiler on a volunteer cannot quote the source line under a
   * diagnostic (it has only the preprocessed text), so the excerpt lines are left out, as with
   * distcc 3.4. Quotes are folded: over ssh the volunteer runs without the client's locale.
   */
  static List<String> diagnostics(String stderr) {
    return stderr
        .lines()
        .filter(l -> l.matches("[^ ]+:\\d+:\\d+: .*|.*In function.*"))
        .map(l -> l.replaceAll("[\u2018\u2019]", "'"))
        .toList();
  }

  @ParameterizedTest(name = "{0}{1}")
  @MethodSource("volunteers")
  void objectsAndDependencyFilesEqualALocalBuild(String kind, String options) throws Exception {
    Path dir = Files.createDirectories(root.resolve("work-" + kind + options.replace(',', '-')));
    Programs.write(dir.resolve("src"));
    Files.createDirectories(dir.resolve("out"));
    for (String[] job :
        List.of(
            new String[] {"gcc", "src/hello.c", "out/c.o"},
            new String[] {"g++", "src/hello.cpp", "out/cxx.o"})) {
      List<String> args = List.of(job[0], "-Wall", "-O1", "-MMD", "-c", job[1], "-o", job[2]);
      long before = compiled(kind, "hello.c");
      Run remote =
          Run.of(
              dir,
              env(dir, kind, options),
              Stream.concat(Stream.of(client.toString()), args.stream()).toList());
      assertEquals(0, remote.exit(), remote.toString());
      byte[] object = Files.readAllBytes(dir.resolve(job[2]));
      String deps = Files.readString(dir.resolve(job[2].replace(".o", ".d")));
      Run local = Run.of(dir, Map.of(), args);
      assertEquals(0, local.exit(), local.toString());
      assertArrayEquals(
          Files.readAllBytes(dir.resolve(job[2])), object, job[1] + " object differs");
      assertEquals(
          Files.readString(dir.resolve(job[2].replace(".o", ".d"))), deps, job[1] + " .d differs");
      assertEquals(diagnostics(local.stderr()), diagnostics(remote.stderr()));
      assertEquals(before + 1, compiled(kind, "hello.c"), Tools.read(log(kind)));
    }
  }

  @ParameterizedTest(name = "{0}{1}")
  @MethodSource("volunteers")
  void compileErrorsShowOnceWithTheLocalStatus(String kind, String options) throws Exception {
    Path dir = Files.createDirectories(root.resolve("broken-" + kind + options.replace(',', '-')));
    Programs.write(dir);
    Run local = Run.local(dir, "gcc", "-c", "broken.c", "-o", "local.o");
    Map<String, String> retry = env(dir, kind, options);
    retry.remove("DISTCC_FALLBACK"); // which, as in distcc 3.4, also turns the local retry off
    Run retried = Run.of(dir, retry, client.toString(), "gcc", "-c", "broken.c", "-o", "broken.o");
    assertEquals(local.exit(), retried.exit(), retried.toString());
    assertEquals(
        local.stderr(), compilerMessages(retried.stderr()), "the user sees one set of messages");
    Map<String, String> noRetry = env(dir, kind, options);
    noRetry.put("DISTCC_SKIP_LOCAL_RETRY", "1");
    Run remote = Run.of(dir, noRetry, client.toString(), "gcc", "-c", "broken.c", "-o", "broken.o");
    assertEquals(local.exit(), remote.exit(), remote.toString());
    assertTrue(remote.stderr().contains("error: expected"), remote.toString());
    assertFalse(Files.exists(dir.resolve("broken.o")));
  }

  @Test
  void aBareFltoStaysHereAndTheVolunteerStaysInUse() throws Exception {
    // distccd 3.4 refuses -flto; sent there, the job fell back and backed off a sound host.
    Path dir = Files.createDirectories(root.resolve("lto"));
    Files.writeString(dir.resolve("lto.c"), "int triple(int x) { return 3 * x; }\n");
    Map<String, String> env = env(dir, "daemon", "");
    long before = compiled("daemon", "lto.c");
    Run bare = Run.of(dir, env, client.toString(), "gcc", "-flto", "-O2", "-c", "lto.c");
    assertEquals(0, bare.exit(), bare.toString());
    assertEquals("", bare.stderr());
    assertTrue(Files.size(dir.resolve("lto.o")) > 0);
    assertEquals(before, compiled("daemon", "lto.c"), "a bare -flto compiles here");
    Path lock = dir.resolve(".distcc/lock");
    try (Stream<Path> files = Files.exists(lock) ? Files.list(lock) : Stream.empty()) {
      assertEquals(
          List.of(),
          files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("backoff")).toList());
    }
    Run auto =
        Run.of(dir, env, client.toString(), "gcc", "-flto=auto", "-O2", "-c", "lto.c", "-o", "a.o");
    assertEquals(0, auto.exit(), auto.toString());
    assertEquals(before + 1, compiled("daemon", "lto.c"), Tools.read(log("daemon")));
  }
}
