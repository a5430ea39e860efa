package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @host} jobs through the agent over a real OpenSSH sshd, with distccd 3.4 behind it: the
 * agent keeps one connection open across jobs (sshd logs one authentication for many jobs), a
 * dropped connection is replaced without the job noticing, and a server allowing fewer sessions per
 * connection than jobs at once gets more connections. DISTCC_FALLBACK=0 throughout, so a job that
 * did not go remote fails the test.
 */
class AgentSshIT {
  @TempDir Path root;
  private Path run;
  private Path src;
  private Path home;
  private Sshd sshd;

  @BeforeEach
  void setUp() throws Exception {
    Tools.require("gcc");
    Tools.require("make");
    run = Files.createDirectories(root.resolve("run"));
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
    src = Files.createDirectories(root.resolve("src"));
  }

  @AfterEach
  void tearDown() {
    ProcessHandle.allProcesses()
        .forEach(
            p -> {
              String line = String.join(" ", p.info().arguments().orElse(new String[0]));
              if (line.contains("org.jdistcc.agent.AgentMain") && line.contains(run.toString())) {
                p.destroyForcibly();
              }
            });
    if (sshd != null) {
      sshd.close();
    }
  }

  /** sshd with {@code settings}; a volunteer that waits {@code delay} seconds before compiling. */
  private void startServer(List<String> settings, String delay) throws Exception {
    List<String> all = new ArrayList<>(List.of("LogLevel INFO"));
    all.addAll(settings);
    sshd = Sshd.start(root, all);
    Path volunteer =
        Tools.script(
            root.resolve("volunteer"),
            "sleep "
                + delay
                + "; exec "
                + Tools.require("distccd")
                + " \"$@\" --log-stderr --log-level info 2>>"
                + root.resolve("real.log"));
    home = Files.createDirectories(root.resolve("home"));
    Path ssh = Files.createDirectories(home.resolve(".ssh"));
    Files.copy(sshd.dir.resolve("user_key"), ssh.resolve("id_ed25519"));
    Files.copy(sshd.dir.resolve("known_hosts"), ssh.resolve("known_hosts"));
    Files.writeString(
        ssh.resolve("config"), "Host volunteer\n  HostName 127.0.0.1\n  Port " + sshd.port + "\n");
    Files.writeString(root.resolve("hosts"), "@volunteer/4:" + volunteer + "\n");
  }

  private Map<String, String> env() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("USER", System.getProperty("user.name"));
    env.put("DISTCC_HOSTS", Files.readString(root.resolve("hosts")).trim());
    env.put("DISTCC_DIR", root.resolve("distcc").toString());
    env.put("XDG_RUNTIME_DIR", run.toString());
    env.put("DISTCC_BACKOFF_PERIOD", "0");
    env.put("DISTCC_FALLBACK", "0");
    env.put("DISTCC_AGENT", "1");
    env.put("DISTCC_AGENT_IDLE", "120");
    return env;
  }

  private void compile(int i) throws Exception {
    Files.writeString(
        src.resolve("f" + i + ".c"), "int f" + i + "(int x) { return x * " + i + "; }\n");
    Run job =
        Run.of(
            src,
            env(),
            Tools.home().resolve("bin/distcc").toString(),
            "gcc",
            "-O2",
            "-c",
            "f" + i + ".c",
            "-o",
            "f" + i + ".o");
    assertEquals(0, job.exit(), job.toString());
    assertSameAsLocal(i);
  }

  private void assertSameAsLocal(int i) throws Exception {
    Path local = root.resolve("local" + i + ".o");
    assertEquals(
        0, Run.local(src, "gcc", "-O2", "-c", "f" + i + ".c", "-o", local.toString()).exit());
    assertArrayEquals(
        Files.readAllBytes(local), Files.readAllBytes(src.resolve("f" + i + ".o")), "f" + i + ".o");
  }

  /** Connections sshd accepted: it logs each authentication once. */
  private long authentications() {
    return Tools.read(sshd.dir.resolve("sshd.log"))
        .lines()
        .filter(l -> l.contains("Accepted publickey"))
        .count();
  }

  private long remoteJobs() {
    return Tools.read(root.resolve("real.log"))
        .lines()
        .filter(l -> l.contains("COMPILE_OK"))
        .count();
  }

  @Test
  void jobsOneAfterAnotherShareOneConnection() throws Exception {
    startServer(List.of(), "0");
    for (int i = 0; i < 4; i++) {
      compile(i);
    }
    assertEquals(4, remoteJobs(), Tools.read(root.resolve("real.log")));
    assertEquals(1, authentications(), Tools.read(sshd.dir.resolve("sshd.log")));

    Run status =
        Run.of(src, env(), Tools.home().resolve("bin/distcc").toString(), "--agent-status");
    assertEquals(0, status.exit(), status.toString());
    assertTrue(
        status
            .stdout()
            .matches(
                "(?s)pid [0-9]+\nuptime [0-9]+ s\njobs served 4\n"
                    + "jobs running 0\nssh connections 1\n.*"),
        status.stdout());
    Map<String, String> inProcess = env();
    inProcess.put("DISTCC_AGENT", "0");
    Run none =
        Run.of(src, inProcess, Tools.home().resolve("bin/distcc").toString(), "--agent-status");
    assertEquals(100, none.exit(), none.toString());
    assertTrue(none.stderr().contains("no agent ran this command"), none.stderr());
  }

  @Test
  void aDroppedConnectionIsReplacedWithoutTheJobNoticing() throws Exception {
    startServer(List.of(), "0");
    compile(0);
    List<ProcessHandle> served = sshd.connections();
    assertEquals(1, served.size(), "one connection kept open after the job");
    for (ProcessHandle connection : served) {
      connection.destroyForcibly();
      connection.onExit().get();
    }
    compile(1);
    assertEquals(2, remoteJobs());
    assertEquals(2, authentications(), Tools.read(sshd.dir.resolve("sshd.log")));
  }

  @Test
  void aServerAllowingOneSessionPerConnectionGetsOneConnectionPerJobAtOnce() throws Exception {
    // Jobs overlap: each waits a second on the volunteer, and make starts three at once.
    startServer(List.of("MaxSessions 1"), "1");
    StringBuilder objects = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      Files.writeString(
          src.resolve("f" + i + ".c"), "int f" + i + "(int x) { return x * " + i + "; }\n");
      objects.append(" f").append(i).append(".o");
    }
    Files.writeString(
        src.resolve("Makefile"), "all:" + objects + "\n%.o: %.c\n\t$(CC) -O2 -c $< -o $@\n");
    Run make =
        Run.of(
            src, env(), "make", "-s", "-j3", "CC=" + Tools.home().resolve("bin/distcc") + " gcc");
    assertEquals(0, make.exit(), make.toString());
    for (int i = 0; i < 3; i++) {
      assertSameAsLocal(i);
    }
    assertEquals(3, remoteJobs(), Tools.read(root.resolve("real.log")));
    long connections = authentications();
    assertTrue(
        connections >= 2 && connections <= 3, connections + " connections for 3 jobs at once");
  }
}
