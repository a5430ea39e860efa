package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * jdistcc's client over a real OpenSSH sshd on loopback: in process with sshj (the default) to
 * jdistcc's distccd and to the real distccd 3.4, and with DISTCC_SSH. The client's home is a
 * throwaway directory whose ~/.ssh holds the key, known_hosts and a config mapping the host name
 * "volunteer" to the test server. Unknown and changed host keys are refused with a message saying
 * so; a missing key is a clear error and, with fallback, a correct local compile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshTransportIT {
  @TempDir static Path root;
  private Sshd sshd;
  private Path client;
  private Path ourVolunteer;
  private Path realVolunteer;

  @BeforeAll
  void start() throws Exception {
    Tools.require("gcc");
    client = Tools.home().resolve("bin/distcc");
    sshd = Sshd.start(root);
    ourVolunteer =
        Tools.script(
            root.resolve("our-volunteer"),
            "exec "
                + Tools.home().resolve("bin/distccd")
                + " \"$@\" --log-file "
                + root.resolve("our.log"));
    realVolunteer =
        Tools.script(
            root.resolve("real-volunteer"),
            "exec "
                + Tools.require("distccd")
                + " \"$@\" --log-stderr --log-level info 2>>"
                + root.resolve("real.log"));
    Programs.write(root.resolve("src"));
  }

  @AfterAll
  void stop() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
  }

  /** A home whose ~/.ssh has the given key as {@code keyName}, known_hosts and a config. */
  private Path home(String name, Path key, String keyName, String knownHosts) throws Exception {
    Path home = Files.createDirectories(root.resolve("home-" + name));
    Path ssh = Files.createDirectories(home.resolve(".ssh"));
    if (key != null) {
      Files.copy(key, ssh.resolve(keyName));
    }
    Files.writeString(ssh.resolve("known_hosts"), knownHosts);
    Files.writeString(
        ssh.resolve("config"),
        "Host other\n  Port 1\nHost volunteer\n  HostName 127.0.0.1\n  Port " + sshd.port + "\n");
    return home;
  }

  private String knownHosts() throws Exception {
    return Files.readString(sshd.dir.resolve("known_hosts"));
  }

  private Map<String, String> env(Path home, String hosts) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("USER", System.getProperty("user.name"));
    env.put("DISTCC_HOSTS", hosts);
    env.put("DISTCC_DIR", home.resolve(".distcc").toString());
    env.put("DISTCC_BACKOFF_PERIOD", "0");
    return env;
  }

  private Run compile(Map<String, String> env, String object) throws Exception {
    return Run.of(
        root.resolve("src"), env, client.toString(), "gcc", "-O1", "-c", "hello.c", "-o", object);
  }

  private void assertSameAsLocal(String object) throws Exception {
    Path src = root.resolve("src");
    assertEquals(0, Run.local(src, "gcc", "-O1", "-c", "hello.c", "-o", "local.o").exit());
    assertArrayEquals(
        Files.readAllBytes(src.resolve("local.o")), Files.readAllBytes(src.resolve(object)));
  }

  private static long jobs(Path log) {
    return Tools.read(log).lines().filter(l -> l.contains("COMPILE_OK")).count();
  }

  @ParameterizedTest(name = "{0}{1}")
  @CsvSource({"ours,", "ours,',lzo'", "distcc-3.4,", "distcc-3.4,',lzo'"})
  void sshjReachesTheVolunteerAndObjectsEqualLocal(String daemon, String options) throws Exception {
    boolean ours = daemon.equals("ours");
    Path log = root.resolve(ours ? "our.log" : "real.log");
    Path home =
        home(
            "sshj-" + daemon + (options == null ? "" : options.replace(',', '-')),
            sshd.dir.resolve("user_key"),
            "id_ed25519",
            knownHosts());
    Map<String, String> env =
        env(
            home,
            "@volunteer:"
                + (ours ? ourVolunteer : realVolunteer)
                + (options == null ? "" : options));
    env.put("DISTCC_FALLBACK", "0");
    long before = jobs(log);
    Run run = compile(env, "sshj.o");
    assertEquals(0, run.exit(), run.toString());
    assertEquals("", run.stderr(), "nothing among the compiler's messages but the compiler's");
    assertEquals(before + 1, jobs(log), Tools.read(log));
    assertSameAsLocal("sshj.o");
  }

  @Test
  void distccSshRunsThatProgramInstead() throws Exception {
    Path home = home("distcc-ssh", null, null, "");
    Map<String, String> env = env(home, "@127.0.0.1:" + ourVolunteer);
    env.put("DISTCC_SSH", sshd.client.toString());
    env.put("DISTCC_FALLBACK", "0");
    long before = jobs(root.resolve("our.log"));
    Run run = compile(env, "program.o");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(before + 1, jobs(root.resolve("our.log")));
    assertSameAsLocal("program.o");
  }

  @Test
  void pemKeyLoadsWithBouncyCastleFromLibBc() throws Exception {
    Path dir = Files.createDirectories(root.resolve("pem"));
    Run made =
        Run.local(
            dir,
            "ssh-keygen",
            "-q",
            "-m",
            "PEM",
            "-t",
            "rsa",
            "-b",
            "2048",
            "-N",
            "",
            "-f",
            "id_rsa");
    assertEquals(0, made.exit(), made.toString());
    assertTrue(Files.readString(dir.resolve("id_rsa")).startsWith("-----BEGIN RSA PRIVATE KEY"));
    Files.writeString(
        sshd.dir.resolve("authorized_keys"),
        Files.readString(dir.resolve("id_rsa.pub")),
        java.nio.file.StandardOpenOption.APPEND);
    Path home = home("pem", dir.resolve("id_rsa"), "id_rsa", knownHosts());
    Map<String, String> env = env(home, "@volunteer:" + ourVolunteer);
    env.put("DISTCC_FALLBACK", "0");
    Run run = compile(env, "pem.o");
    assertEquals(0, run.exit(), run.toString());
    assertSameAsLocal("pem.o");
  }

  @Test
  void unknownHostKeyIsRefused() throws Exception {
    Path home = home("unknown", sshd.dir.resolve("user_key"), "id_ed25519", "");
    Map<String, String> env = env(home, "@volunteer:" + ourVolunteer);
    env.put("DISTCC_FALLBACK", "0");
    Run run = compile(env, "unknown.o");
    assertEquals(103, run.exit(), run.toString());
    assertTrue(
        run.stderr().contains("is not in " + home.resolve(".ssh/known_hosts")), run.stderr());
    assertFalse(Files.exists(root.resolve("src/unknown.o")));
  }

  @Test
  void changedHostKeyIsRefused() throws Exception {
    Path other = Files.createDirectories(root.resolve("otherkey"));
    assertEquals(
        0, Run.local(other, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "k").exit());
    String wrong = "[127.0.0.1]:" + sshd.port + " " + Files.readString(other.resolve("k.pub"));
    Path home = home("changed", sshd.dir.resolve("user_key"), "id_ed25519", wrong);
    Map<String, String> env = env(home, "@volunteer:" + ourVolunteer);
    env.put("DISTCC_FALLBACK", "0");
    Run run = compile(env, "changed.o");
    assertEquals(103, run.exit(), run.toString());
    assertTrue(run.stderr().contains("HAS CHANGED"), run.stderr());
    assertFalse(Files.exists(root.resolve("src/changed.o")));
  }

  @Test
  void missingKeyIsAClearErrorAndFallsBackToALocalCompile() throws Exception {
    Path home = home("nokey", null, null, knownHosts());
    Map<String, String> strict = env(home, "@volunteer:" + ourVolunteer);
    strict.put("DISTCC_FALLBACK", "0");
    Run failed = compile(strict, "nokey.o");
    assertEquals(103, failed.exit(), failed.toString());
    assertTrue(failed.stderr().contains("no usable private key"), failed.stderr());
    Run fallback = compile(env(home, "@volunteer:" + ourVolunteer), "nokey.o");
    assertEquals(0, fallback.exit(), fallback.toString());
    assertTrue(fallback.stderr().contains("running locally instead"), fallback.stderr());
    assertSameAsLocal("nokey.o");
  }
}
