package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's invocation forms and environment variables, with a pipe volunteer (jdistcc's distccd
 * as a child process: {@code |COMMAND}) so that no server is needed: masquerade and implicit
 * compiler, preprocessed input, DISTCC_SAVE_TEMPS, DISTCC_VERBOSE, fallback and its exit codes,
 * --show-hosts and -j.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientBehaviourIT {
  @TempDir static Path root;
  private Path home;
  private Path client;
  private Path volunteerLog;
  private String volunteer;

  @BeforeAll
  void setUp() throws Exception {
    Tools.require("gcc");
    home = Tools.home();
    client = home.resolve("bin/distcc");
    volunteerLog = root.resolve("volunteer.log");
    Path start =
        Tools.script(
            root.resolve("volunteer"),
            "exec "
                + home.resolve("bin/distccd")
                + " \"$@\" --allow-compiler gcc --allow-compiler cc --log-file "
                + volunteerLog);
    volunteer = "|" + start;
  }

  private Map<String, String> env(Path dir, String hosts) {
    Map<String, String> env = new HashMap<>();
    if (hosts != null) {
      env.put("DISTCC_HOSTS", hosts);
    }
    env.put("DISTCC_DIR", dir.resolve(".distcc").toString());
    env.put("HOME", dir.toString()); // no ~/.distcc/hosts of the developer's
    return env;
  }

  private Path work(String name) throws Exception {
    Path dir = Files.createDirectories(root.resolve(name));
    Programs.write(dir);
    return dir;
  }

  private long jobs(String file) {
    return Tools.read(volunteerLog)
        .lines()
        .filter(l -> l.contains(" COMPILE_OK ") && l.endsWith(" " + file))
        .count();
  }

  private void assertSameAsLocal(Path dir, String object, String... command) throws Exception {
    Run local =
        Run.local(
            dir,
            Stream.concat(Stream.of(command), Stream.of("-o", "local.o")).toArray(String[]::new));
    assertEquals(0, local.exit(), local.toString());
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(dir.resolve(object)));
  }

  @Test
  void masqueradeLinkFindsTheRealCompilerAndDistributes() throws Exception {
    Path dir = work("masquerade");
    Map<String, String> env = env(dir, volunteer);
    env.put("DISTCC_FALLBACK", "0");
    env.put("PATH", home.resolve("lib/distcc") + ":" + System.getenv("PATH"));
    long before = jobs("hello.c");
    // As a shell would find it on PATH (Java resolves a bare name with its own PATH).
    String gcc = home.resolve("lib/distcc/gcc").toString();
    Run run = Run.of(dir, env, gcc, "-c", "hello.c", "-o", "hello.o");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(before + 1, jobs("hello.c"));
    assertSameAsLocal(dir, "hello.o", "gcc", "-c", "hello.c");
    // Linking through the masquerade runs the real gcc locally.
    Run link = Run.of(dir, env, gcc, "hello.o", "-o", "hello");
    assertEquals(0, link.exit(), link.toString());
    assertEquals("42\n", Run.local(dir, "./hello").stdout());
  }

  /**
   * A PATH of the masquerade directory alone (no coreutils, no gcc): the launchers' scripts still
   * find the installation, and the job fails as distcc's does when no real compiler is left.
   */
  @Test
  void aPathOfTheMasqueradeAloneSaysTheCompilerIsMissing() throws Exception {
    for (String agent : List.of("1", "0")) {
      Path dir = work("masquerade-only-" + agent);
      Map<String, String> env = env(dir, volunteer);
      env.put("PATH", home.resolve("lib/distcc").toString());
      env.put("JAVA_HOME", System.getProperty("java.home"));
      env.put("DISTCC_AGENT", agent);
      env.put("DISTCC_AGENT_IDLE", "1");
      env.put("XDG_RUNTIME_DIR", Files.createDirectories(dir.resolve("run")).toString());
      Files.setPosixFilePermissions(
          dir.resolve("run"), PosixFilePermissions.fromString("rwx------"));
      Run run =
          Run.of(dir, env, home.resolve("lib/distcc/gcc").toString(), "-c", "hello.c", "-o", "h.o");
      assertEquals(110, run.exit(), run.toString());
      assertTrue(run.stderr().contains("cannot find compiler gcc"), run.toString());
      assertFalse(Files.exists(dir.resolve("h.o")));
    }
  }

  /** As gcc and distcc 3.4 read it, the command a response file holds is sent like any other. */
  @Test
  void aCommandInAResponseFileIsDistributed() throws Exception {
    Path dir = work("response-file");
    Files.writeString(dir.resolve("args.rsp"), "-O2 -c 'hello.c'\n -o \"hello.o\"\n");
    Map<String, String> env = env(dir, volunteer);
    env.put("DISTCC_FALLBACK", "0");
    long before = jobs("hello.c");
    Run run = Run.of(dir, env, client.toString(), "gcc", "@args.rsp");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(before + 1, jobs("hello.c"), "distributed");
    assertSameAsLocal(dir, "hello.o", "gcc", "-O2", "-c", "hello.c");
  }

  @Test
  void implicitCompilerIsCcAndOutputIsImplied() throws Exception {
    Path dir = work("implicit");
    Map<String, String> env = env(dir, volunteer);
    env.put("DISTCC_FALLBACK", "0");
    long before = jobs("hello.c");
    Run run = Run.of(dir, env, client.toString(), "-c", "hello.c");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(before + 1, jobs("hello.c"));
    assertSameAsLocal(dir, "hello.o", "cc", "-c", "hello.c");
  }

  @Test
  void preprocessedInputIsSentAsItIs() throws Exception {
    Path dir = work("preprocessed");
    assertEquals(0, Run.local(dir, "gcc", "-E", "hello.c", "-o", "pre.i").exit());
    Map<String, String> env = env(dir, volunteer);
    env.put("DISTCC_FALLBACK", "0");
    Run run = Run.of(dir, env, client.toString(), "gcc", "-c", "pre.i", "-o", "pre.o");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(1, jobs("pre.i"));
    assertSameAsLocal(dir, "pre.o", "gcc", "-c", "pre.i");
  }

  @Test
  void verboseSaysWhyAJobRunsLocally() throws Exception {
    Path dir = work("verbose");
    Map<String, String> env = env(dir, volunteer);
    env.put("DISTCC_VERBOSE", "1");
    Run run = Run.of(dir, env, client.toString(), "gcc", "-E", "hello.c", "-o", "hello.i");
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.stderr().contains("running locally: -E only preprocesses"), run.stderr());
    assertTrue(Files.size(dir.resolve("hello.i")) > 0);
  }

  @Test
  void saveTempsKeepsThePreprocessedSource() throws Exception {
    Path dir = work("savetemps");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Map<String, String> env = env(dir, volunteer);
    env.put("DISTCC_SAVE_TEMPS", "1");
    env.put("TMPDIR", tmp.toString());
    Run run = Run.of(dir, env, client.toString(), "gcc", "-c", "hello.c", "-o", "hello.o");
    assertEquals(0, run.exit(), run.toString());
    try (Stream<Path> kept = Files.walk(tmp)) {
      assertTrue(
          kept.anyMatch(p -> p.getFileName().toString().equals("hello.i")), "no hello.i kept");
    }
  }

  @Test
  void withoutHostsTheCompileRunsLocallyWithAWarning() throws Exception {
    Path dir = work("nohosts");
    Run run =
        Run.of(dir, env(dir, null), client.toString(), "gcc", "-c", "hello.c", "-o", "hello.o");
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.stderr().contains("running locally instead"), run.stderr());
    assertSameAsLocal(dir, "hello.o", "gcc", "-c", "hello.c");
  }

  @Test
  void unreachableVolunteerFallsBackOrFailsWithDistccsExitCode() throws Exception {
    Path dir = work("unreachable");
    String hosts = "127.0.0.1:" + Tools.freePort();
    Run fallback =
        Run.of(dir, env(dir, hosts), client.toString(), "gcc", "-c", "hello.c", "-o", "hello.o");
    assertEquals(0, fallback.exit(), fallback.toString());
    assertSameAsLocal(dir, "hello.o", "gcc", "-c", "hello.c");
    Run shown = Run.of(dir, env(dir, hosts), client.toString(), "--show-hosts");
    assertEquals(hosts + "  (backed off)", shown.stdout().strip());
    Files.delete(dir.resolve("hello.o"));
    Map<String, String> strict = env(dir, hosts);
    strict.put("DISTCC_FALLBACK", "0");
    strict.put("DISTCC_BACKOFF_PERIOD", "0");
    Run failed = Run.of(dir, strict, client.toString(), "gcc", "-c", "hello.c", "-o", "hello.o");
    assertEquals(103, failed.exit(), failed.toString()); // EXIT_CONNECT_FAILED
    assertFalse(Files.exists(dir.resolve("hello.o")));
    Map<String, String> backedOff = env(dir, hosts);
    backedOff.put("DISTCC_FALLBACK", "0");
    Run none = Run.of(dir, backedOff, client.toString(), "gcc", "-c", "hello.c", "-o", "hello.o");
    assertEquals(116, none.exit(), none.toString()); // EXIT_NO_HOSTS: the only host is backed off
  }

  /**
   * As distcc 3.4: a volunteer that fails is backed off and the job goes to the next host, so
   * DISTCC_FALLBACK=0 does not fail a build one working host can serve; without backoff, three
   * attempts at most, the last one's error the job's.
   */
  @Test
  void aFailedVolunteerIsBackedOffAndTheJobGoesToTheNextHost() throws Exception {
    Path dir = work("next-host");
    String dead = "127.0.0.1:" + Tools.freePort();
    Map<String, String> env = env(dir, dead + " " + volunteer);
    env.put("DISTCC_FALLBACK", "0");
    long before = jobs("hello.c");
    Run run = Run.of(dir, env, client.toString(), "gcc", "-c", "hello.c", "-o", "hello.o");
    assertEquals(0, run.exit(), run.toString());
    assertTrue(
        run.stderr().contains("failed to distribute hello.c to " + dead + ": ")
            && run.stderr().contains("; trying " + volunteer),
        run.stderr());
    assertEquals(before + 1, jobs("hello.c"), "the second host compiled it");
    assertSameAsLocal(dir, "hello.o", "gcc", "-c", "hello.c");
    // The dead host is backed off: the next job goes straight to the volunteer.
    Files.delete(dir.resolve("hello.o"));
    Run next = Run.of(dir, env, client.toString(), "gcc", "-c", "hello.c", "-o", "hello.o");
    assertEquals(0, next.exit(), next.toString());
    assertFalse(next.stderr().contains("failed to distribute"), next.stderr());
    // Without backoff and no host that works: three attempts, then the last one's error.
    Map<String, String> strict = env(dir, dead);
    strict.put("DISTCC_FALLBACK", "0");
    strict.put("DISTCC_BACKOFF_PERIOD", "0");
    strict.put("DISTCC_VERBOSE", "1");
    Run failed = Run.of(dir, strict, client.toString(), "gcc", "-c", "hello.c", "-o", "x.o");
    assertEquals(103, failed.exit(), failed.toString());
    assertEquals(
        2,
        failed.stderr().lines().filter(l -> l.contains("; trying " + dead)).count(),
        failed.stderr());
    assertFalse(Files.exists(dir.resolve("x.o")));
  }

  @Test
  void preprocessorErrorShowsOnceWithItsStatus() throws Exception {
    Path dir = work("cpperror");
    Files.writeString(dir.resolve("cpp.c"), "#include \"missing.h\"\n");
    Run local = Run.local(dir, "gcc", "-c", "cpp.c", "-o", "local.o");
    Run run =
        Run.of(dir, env(dir, volunteer), client.toString(), "gcc", "-c", "cpp.c", "-o", "cpp.o");
    assertEquals(local.exit(), run.exit(), run.toString());
    assertEquals(local.stderr(), run.stderr());
  }

  @Test
  void showHostsAndJobCountReadTheHostList() throws Exception {
    Path dir = work("hosts");
    Map<String, String> env = env(dir, "localhost/3 angry:4000/7,lzo @ssh-host/2");
    Run hosts = Run.of(dir, env, client.toString(), "--show-hosts");
    assertEquals(0, hosts.exit(), hosts.toString());
    assertTrue(hosts.stdout().contains("angry:4000/7,lzo"), hosts.stdout());
    assertTrue(hosts.stdout().contains("@ssh-host/2"), hosts.stdout());
    Run jobs = Run.of(dir, env, client.toString(), "-j");
    assertEquals("12", jobs.stdout().strip());
  }
}
