package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Faults on the way to a volunteer, with real processes. Every case ends with the correct object
 * (byte-identical to a local compile) or a clear error and no object, never a truncated or stale
 * one, and with no temporary file left in TMPDIR or beside the object.
 */
class ClientFaultsIT {
  @TempDir Path root;
  private Path dir;
  private Path tmp;
  private byte[] expected;

  @BeforeEach
  void setUp() throws Exception {
    Tools.require("gcc");
    dir = Files.createDirectories(root.resolve("src"));
    tmp = Files.createDirectories(root.resolve("tmp"));
    Programs.write(dir);
    assertEquals(0, Run.local(dir, "gcc", "-O1", "-c", "hello.c", "-o", "local.o").exit());
    expected = Files.readAllBytes(dir.resolve("local.o"));
    Files.delete(dir.resolve("local.o"));
  }

  private Map<String, String> env(String hosts) {
    Map<String, String> env = new HashMap<>();
    env.put("DISTCC_HOSTS", hosts);
    env.put("DISTCC_DIR", root.resolve(".distcc").toString());
    env.put("TMPDIR", tmp.toString());
    env.put("DISTCC_IO_TIMEOUT", "3");
    return env;
  }

  private List<String> command(String object) {
    return List.of(
        Tools.home().resolve("bin/distcc").toString(), "gcc", "-O1", "-c", "hello.c", "-o", object);
  }

  private void assertNoLeftovers() throws Exception {
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "temporary files left in TMPDIR");
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(
          List.of(),
          left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
          "temporary object left beside the output");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"CLOSE", "RESET", "SILENT", "GARBAGE", "TRUNCATED_OBJECT"})
  void misbehavingVolunteerFallsBackToACorrectLocalCompile(FakeVolunteer.Mode mode)
      throws Exception {
    try (FakeVolunteer fake = new FakeVolunteer(mode)) {
      Run run = Run.of(dir, env("127.0.0.1:" + fake.port()), command("fallback.o"));
      assertEquals(0, run.exit(), run.toString());
      assertTrue(run.stderr().contains("running locally instead"), run.stderr());
      assertArrayEquals(expected, Files.readAllBytes(dir.resolve("fallback.o")));
      assertTrue(
          Files.exists(root.resolve(".distcc/lock/backoff_tcp_127.0.0.1_" + fake.port() + "_0")));
      assertNoLeftovers();
    }
  }

  /**
   * The object is decoded into a temporary file beside the target as it arrives: one that breaks
   * off, or decodes partly and then fails, leaves neither that file nor an object behind.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"TRUNCATED_LZO_OBJECT", "DAMAGED_LZO_OBJECT"})
  void aCompressedObjectThatFailsHalfWayFallsBackAndLeavesNothing(FakeVolunteer.Mode mode)
      throws Exception {
    try (FakeVolunteer fake = new FakeVolunteer(mode)) {
      Run run = Run.of(dir, env("127.0.0.1:" + fake.port() + ",lzo"), command("half.o"));
      assertEquals(0, run.exit(), run.toString());
      assertTrue(run.stderr().contains("running locally instead"), run.stderr());
      assertTrue(run.stderr().contains("DOTO"), run.stderr());
      assertArrayEquals(expected, Files.readAllBytes(dir.resolve("half.o")));
      assertNoLeftovers();
    }
  }

  @Test
  void pipeVolunteerThatNeverAnswersTimesOutAndTheJobCompilesHere() throws Exception {
    // A pipe has no read timeout of its own: a volunteer that stops answering (an ssh link gone
    // silent) must still end after DISTCC_IO_TIMEOUT, with the process it started, as a TCP one
    // does.
    Path pid = root.resolve("sleeper.pid");
    Path volunteer =
        Tools.script(root.resolve("silent"), "sleep 600 &\necho $! > " + pid + "\nwait\n");
    long start = System.nanoTime();
    Run run = Run.of(dir, env("|" + volunteer), command("silent.o"));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.stderr().contains("within DISTCC_IO_TIMEOUT"), run.stderr());
    assertTrue(run.stderr().contains("running locally instead"), run.stderr());
    assertTrue(seconds < 60, "took " + seconds + " s");
    assertArrayEquals(expected, Files.readAllBytes(dir.resolve("silent.o")));
    long sleeper = Long.parseLong(Files.readString(pid).trim());
    // Ended, not left to sleep on: onExit completes once it is gone (10 s or a TimeoutException).
    ProcessHandle.of(sleeper).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
    assertNoLeftovers();
  }

  @Test
  void compilerKilledOnTheVolunteerBacksItOffAndCompilesHereDespiteSkipLocalRetry()
      throws Exception {
    try (FakeVolunteer fake = new FakeVolunteer(FakeVolunteer.Mode.KILLED_COMPILER)) {
      Map<String, String> env = env("127.0.0.1:" + fake.port());
      // Skipping the local retry is for the compiler's verdicts; a kill is the volunteer's doing.
      env.put("DISTCC_SKIP_LOCAL_RETRY", "1");
      Run run = Run.of(dir, env, command("killed.o"));
      assertEquals(0, run.exit(), run.toString());
      assertTrue(
          run.stderr().contains("status 137 (killed there); running locally instead"),
          run.stderr());
      assertArrayEquals(expected, Files.readAllBytes(dir.resolve("killed.o")));
      assertTrue(
          Files.exists(root.resolve(".distcc/lock/backoff_tcp_127.0.0.1_" + fake.port() + "_0")));
      assertNoLeftovers();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"CLOSE, 116", "RESET, 116", "SILENT, 116", "GARBAGE, 116", "TRUNCATED_OBJECT, 116"})
  void withoutFallbackTheErrorIsClearAndNoObjectIsWritten(FakeVolunteer.Mode mode, String exits)
      throws Exception {
    Files.writeString(dir.resolve("stale.o"), "an old object that must stay as it is");
    try (FakeVolunteer fake = new FakeVolunteer(mode)) {
      Map<String, String> env = env("127.0.0.1:" + fake.port());
      env.put("DISTCC_FALLBACK", "0");
      Run run = Run.of(dir, env, command("stale.o"));
      // The only host failed and is backed off: no host is left to try, so EXIT_NO_HOSTS, as
      // with distcc 3.4, and the host's own error in the message.
      assertTrue(List.of(exits.split(" ")).contains(Integer.toString(run.exit())), run.toString());
      assertEquals(
          1,
          run.stderr().lines().filter(l -> l.contains("failed to distribute")).count(),
          run.stderr());
      assertEquals(
          "an old object that must stay as it is", Files.readString(dir.resolve("stale.o")));
      assertNoLeftovers();
    }
  }

  /**
   * A volunteer whose compiler is slow and writes a marker when it starts, so a fault can hit
   * mid-compile. It keeps its job directories in a TMPDIR of its own.
   */
  private String slowVolunteer(Path marker) throws Exception {
    Path bin = Files.createDirectories(root.resolve("slow-bin"));
    Files.createDirectories(volunteerTmp());
    Tools.gccWrapper(bin, "touch " + marker + "\nsleep 5\nexec /usr/bin/gcc \"$@\"");
    return "|"
        + Tools.script(
            root.resolve("slow-volunteer"),
            "PATH="
                + bin
                + ":/usr/bin:/bin TMPDIR="
                + volunteerTmp()
                + " exec "
                + Tools.home().resolve("bin/distccd")
                + " \"$@\" --allow-compiler gcc");
  }

  private boolean leftInTmp() throws java.io.IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.findAny().isPresent();
    }
  }

  /** The processes a job started: the client's descendants and those of this build's agent. */
  private static List<ProcessHandle> jobChildren(Process client) {
    List<ProcessHandle> children = new java.util.ArrayList<>(client.descendants().toList());
    ProcessHandle.allProcesses()
        .forEach(
            p -> {
              String line = String.join(" ", p.info().arguments().orElse(new String[0]));
              if (line.contains("org.jdistcc.agent.AgentMain")
                  && line.contains(Tools.home().toString())) {
                children.addAll(p.descendants().toList());
              }
            });
    return children;
  }

  private Path volunteerTmp() {
    return root.resolve("volunteer-tmp");
  }

  private Process start(Map<String, String> env, List<String> command) throws Exception {
    ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
    b.environment().keySet().removeIf(k -> k.startsWith("DISTCC_") && !k.equals("DISTCC_AGENT"));
    b.environment().putAll(env);
    return b.redirectErrorStream(true).redirectOutput(root.resolve("client.out").toFile()).start();
  }

  private static void await(Path marker) throws Exception {
    for (int i = 0; i < 300 && !Files.exists(marker); i++) {
      Thread.sleep(50);
    }
    assertTrue(Files.exists(marker), "the volunteer's compiler never started");
  }

  @Test
  void volunteerKilledMidCompileFallsBackToACorrectLocalCompile() throws Exception {
    Path marker = root.resolve("compiling");
    Process client = start(env(slowVolunteer(marker)), command("killed-volunteer.o"));
    await(marker);
    // Kill the volunteer (distccd and its compiler), not the client: the client's children, or
    // the agent's when the launcher handed the job to one.
    jobChildren(client).forEach(ProcessHandle::destroyForcibly);
    assertTrue(client.waitFor(60, TimeUnit.SECONDS));
    String out = Files.readString(root.resolve("client.out"));
    assertEquals(0, client.exitValue(), out);
    assertTrue(out.contains("running locally instead"), out);
    assertArrayEquals(expected, Files.readAllBytes(dir.resolve("killed-volunteer.o")));
    assertNoLeftovers();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"TERM", "INT"})
  void signalDuringAJobLeavesNoTemporaryFilesAndNoObject(String signal) throws Exception {
    Path marker = root.resolve("compiling-" + signal);
    Process client = start(env(slowVolunteer(marker)), command("signalled.o"));
    await(marker);
    assertEquals(
        0, new ProcessBuilder("kill", "-" + signal, Long.toString(client.pid())).start().waitFor());
    assertTrue(client.waitFor(30, TimeUnit.SECONDS), "client did not stop on SIG" + signal);
    assertNotEquals(0, client.exitValue());
    assertFalse(Files.exists(dir.resolve("signalled.o")));
    // An agent that ran the job cleans up when it sees the launcher's connection close, which
    // may be just after the launcher's exit.
    for (int i = 0; i < 50 && leftInTmp(); i++) {
      Thread.sleep(100);
    }
    assertNoLeftovers();
    // The client stopped its pipe volunteer with SIGTERM, and the volunteer cleans up too (it may
    // finish after the client when the machine is busy: the client waits for it two seconds).
    List<Path> left = List.of();
    for (int i = 0; i < 50; i++) {
      try (Stream<Path> files = Files.list(volunteerTmp())) {
        left = files.toList();
      }
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(List.of(), left, "the volunteer left its job directory");
  }

  @Test
  void fullDiskGivesAClearErrorAndNoPartialObject() throws Exception {
    Tools.require(
        "root".equals(System.getProperty("user.name")), "mounting a small tmpfs needs root");
    Path small = Files.createDirectories(root.resolve("small"));
    Run mount =
        Run.local(root, "mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString());
    Tools.require(mount.exit() == 0, "cannot mount a tmpfs here: " + mount.stderr());
    try {
      Files.writeString(dir.resolve("big.c"), "char big[2000000] = {1};\n");
      Path volunteer =
          Tools.script(
              root.resolve("volunteer"),
              "exec " + Tools.home().resolve("bin/distccd") + " \"$@\" --allow-compiler gcc");
      Run run =
          Run.of(
              dir,
              env("|" + volunteer),
              Tools.home().resolve("bin/distcc").toString(),
              "gcc",
              "-c",
              "big.c",
              "-o",
              small.resolve("big.o").toString());
      // As distcc 3.4 does, a failure to write the object falls back to a local compile, which
      // then fails as it would without distcc: the user sees the local compiler's error and status.
      assertEquals(1, run.exit(), run.toString());
      assertTrue(run.stderr().contains("cannot write"), run.stderr());
      assertTrue(run.stderr().contains("No space left on device"), run.stderr());
      try (Stream<Path> left = Files.list(small)) {
        assertEquals(List.of(), left.toList(), "a partial object or temporary file was left");
      }
      assertNoLeftovers();
    } finally {
      Run.local(root, "umount", small.toString());
    }
  }

  @Test
  void manyClientsRacingForTwoSlotsAllGetCorrectObjects() throws Exception {
    Path volunteer =
        Tools.script(
            root.resolve("volunteer"),
            "exec " + Tools.home().resolve("bin/distccd") + " \"$@\" --allow-compiler gcc");
    Map<String, String> env = env("|" + volunteer + "/2");
    env.put("DISTCC_PAUSE_TIME_MSEC", "20");
    env.put("DISTCC_FALLBACK", "0");
    List<Process> clients = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      ProcessBuilder b = new ProcessBuilder(command("race" + i + ".o")).directory(dir.toFile());
      b.environment().keySet().removeIf(k -> k.startsWith("DISTCC_") && !k.equals("DISTCC_AGENT"));
      b.environment().putAll(env);
      clients.add(b.redirectErrorStream(true).redirectOutput(new File("/dev/null")).start());
    }
    for (int i = 0; i < clients.size(); i++) {
      if (!clients.get(i).waitFor(120, TimeUnit.SECONDS)) {
        fail("client " + i + " hung");
      }
      assertEquals(0, clients.get(i).exitValue(), "client " + i);
      assertArrayEquals(expected, Files.readAllBytes(dir.resolve("race" + i + ".o")));
    }
    assertNoLeftovers();
  }
}
