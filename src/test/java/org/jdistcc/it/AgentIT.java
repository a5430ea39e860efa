package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent behind the native launcher, with real gcc and a real distccd 3.4 volunteer: one agent
 * however many launchers start at once, builds that survive the agent's death, no hang behind a
 * pipe, cancellation, the uid check, and output equal to the in-process client's. Each test has a
 * runtime directory of its own (XDG_RUNTIME_DIR), so its agent is its own, and stops it at the end.
 */
class AgentIT {
  @TempDir Path root;
  private Path dir;
  private Path run;
  private Process volunteer;
  private int port;

  @BeforeEach
  void setUp() throws Exception {
    Tools.require("gcc");
    Tools.require("make");
    Tools.require("distccd");
    dir = Files.createDirectories(root.resolve("src"));
    run = Files.createDirectories(root.resolve("run"));
    Files.createDirectories(root.resolve("tmp"));
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
    port = Tools.freePort();
    volunteer =
        RealDistccd.daemon(
            port,
            root.resolve("distccd.out"),
            "--log-file",
            root.resolve("distccd.log").toString());
  }

  @AfterEach
  void tearDown() throws Exception {
    for (ProcessHandle agent : agents()) {
      agent.destroyForcibly();
    }
    Tools.stop(volunteer);
  }

  private Map<String, String> env(String hosts) {
    Map<String, String> env = new HashMap<>();
    env.put("DISTCC_HOSTS", hosts);
    env.put("DISTCC_DIR", root.resolve("distcc").toString());
    env.put("XDG_RUNTIME_DIR", run.toString());
    env.put("TMPDIR", root.resolve("tmp").toString());
    env.put("DISTCC_AGENT_IDLE", "120");
    env.put("DISTCC_AGENT", "1"); // also when the suite runs with DISTCC_AGENT=0
    return env;
  }

  private Map<String, String> remote() {
    return env("127.0.0.1:" + port + "/8");
  }

  private String distcc() {
    return Tools.home().resolve("bin/distcc").toString();
  }

  /** The socket of this test's agent, which a job has started. */
  private Path agentSocket() throws IOException {
    try (Stream<Path> files = Files.list(run.resolve("jdistcc"))) {
      return files.filter(p -> p.toString().endsWith(".sock")).findFirst().orElseThrow();
    }
  }

  /** The agents serving this test's runtime directory. */
  private List<ProcessHandle> agents() {
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.allProcesses()
        .forEach(
            p -> {
              String line = String.join(" ", p.info().arguments().orElse(new String[0]));
              if (line.contains("org.jdistcc.agent.AgentMain") && line.contains(run.toString())) {
                found.add(p);
              }
            });
    return found;
  }

  private void writeSources(int count) throws IOException {
    StringBuilder objects = new StringBuilder();
    for (int i = 0; i < count; i++) {
      Files.writeString(
          dir.resolve("f" + i + ".c"),
          "#include <stdio.h>\nint f"
              + i
              + "(int x) { return x * "
              + i
              + " + (int) sizeof(FILE); }\n");
      objects.append(" f").append(i).append(".o");
    }
    Files.writeString(
        dir.resolve("Makefile"), "all:" + objects + "\n%.o: %.c\n\t$(CC) -O2 -c $< -o $@\n");
  }

  private Run make(Map<String, String> env, String jobs) throws Exception {
    return Run.of(dir, env, "make", "-s", jobs, "CC=" + distcc() + " gcc");
  }

  private void assertObjectsMatchLocal(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      Path local = root.resolve("local" + i + ".o");
      assertEquals(
          0, Run.local(dir, "gcc", "-O2", "-c", "f" + i + ".c", "-o", local.toString()).exit());
      assertArrayEquals(
          Files.readAllBytes(local),
          Files.readAllBytes(dir.resolve("f" + i + ".o")),
          "f" + i + ".o");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of(),
          files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
          "a partial object was left");
    }
  }

  @Test
  void makeMinusJ16FromColdLeavesExactlyOneAgent() throws Exception {
    writeSources(16);
    Run make = make(remote(), "-j16");
    assertEquals(0, make.exit(), make.toString());
    assertEquals(1, agents().size(), "agents: " + agents());
    assertObjectsMatchLocal(16);
  }

  @Test
  void agentKilledDuringMakeLeavesACorrectBuild() throws Exception {
    writeSources(24);
    Map<String, String> env = remote();
    assertEquals(0, Run.of(dir, env, distcc(), "--version").exit()); // a warm agent to kill
    List<ProcessHandle> agents = agents();
    assertEquals(1, agents.size());
    Process make = start(env, "make.out", "make", "-s", "-j8", "CC=" + distcc() + " gcc");
    for (int i = 0; i < 400 && !Files.exists(dir.resolve("f2.o")); i++) {
      Thread.sleep(10);
    }
    agents.get(0).destroyForcibly();
    assertTrue(make.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, make.exitValue(), Tools.read(root.resolve("make.out")));
    assertObjectsMatchLocal(24);
  }

  @Test
  void agentKilledWhileWritingAnObjectLeavesNoTemporaryFile() throws Exception {
    // The agent writes an object beside its target, then renames it into place; killed outright
    // in between, it cannot remove that file, so the launcher, told of it first, does.
    Files.writeString(dir.resolve("big.c"), "const char big[96 << 20] = {1};\n");
    Map<String, String> env = remote();
    assertEquals(0, Run.of(dir, env, distcc(), "--version").exit()); // a warm agent to kill
    List<ProcessHandle> agents = agents();
    assertEquals(1, agents.size());
    Process job = start(env, "job.out", distcc(), "gcc", "-c", "big.c", "-o", "big.o");
    Path temp = null;
    while (temp == null && job.isAlive()) {
      try (Stream<Path> files = Files.list(dir)) {
        temp =
            files
                .filter(p -> p.getFileName().toString().startsWith(".big.o."))
                .findFirst()
                .orElse(null);
      }
    }
    assertNotNull(temp, "the job ended before its temporary file was seen");
    agents.get(0).destroyForcibly();
    assertTrue(job.waitFor(120, TimeUnit.SECONDS));
    String out = Tools.read(root.resolve("job.out"));
    assertEquals(0, job.exitValue(), out);
    assertTrue(out.contains("the agent ended before the job did; compiling locally"), out);
    assertFalse(Files.exists(temp), "left behind: " + temp);
    Path local = root.resolve("local-big.o");
    assertEquals(0, Run.local(dir, "gcc", "-c", "big.c", "-o", local.toString()).exit());
    assertEquals(-1L, Files.mismatch(local, dir.resolve("big.o")), "objects differ");
  }

  @Test
  void objectLargerThanTheAgentsFirstHeapIsDeliveredByTheAgent() throws Exception {
    // A job holds its object whole. googletest's -g -O2 test objects are 30 to 45 MB: a few at
    // once outgrew the agent's 128 MB heap, and their launchers said the agent had ended.
    Files.writeString(dir.resolve("big.c"), "const char big[96 << 20] = {1};\n");
    Map<String, String> env = remote();
    env.put("DISTCC_FALLBACK", "0");
    env.put("DISTCC_VERBOSE", "1");
    Run job = Run.of(dir, env, distcc(), "gcc", "-c", "big.c", "-o", "big.o");
    assertEquals(0, job.exit(), job.toString());
    assertTrue(job.stderr().contains("big.c compiled on 127.0.0.1:" + port), job.stderr());
    assertEquals(1, agents().size());
    String log = agentLog();
    assertFalse(log.contains("job failed"), "the agent did not deliver it itself:\n" + log);
    Path local = root.resolve("local-big.o");
    assertEquals(0, Run.local(dir, "gcc", "-c", "big.c", "-o", local.toString()).exit());
    assertEquals(-1L, Files.mismatch(local, dir.resolve("big.o")), "objects differ");
  }

  /** Starts {@code command} in the project with {@code env}, its output to {@code out} in root. */
  private Process start(Map<String, String> env, String out, String... command) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(root.resolve(out).toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("DISTCC_"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private String agentLog() throws IOException {
    try (Stream<Path> logs = Files.list(root.resolve("distcc"))) {
      return Tools.read(
          logs.filter(p -> p.getFileName().toString().startsWith("agent-"))
              .findFirst()
              .orElseThrow());
    }
  }

  @Test
  void agentOutlivesALongJobAndExitsAnIdleTimeAfterIt() throws Exception {
    // A command that is no compile runs locally, through the launcher, while the agent holds its
    // job open: three seconds, longer than the idle time.
    Path slow = dir.resolve("slow.sh");
    Files.writeString(slow, "#!/bin/sh\nsleep 3\n");
    Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwx------"));
    Map<String, String> env = remote();
    env.put("DISTCC_AGENT_IDLE", "2");
    Run job = Run.of(dir, env, distcc(), slow.toString());
    assertEquals(0, job.exit(), job.toString());
    long ended = System.nanoTime();
    assertEquals(1, agents().size(), "the agent ended while a job was in flight");
    while (!agents().isEmpty() && System.nanoTime() - ended < 30_000_000_000L) {
      Thread.sleep(100);
    }
    assertEquals(List.of(), agents(), "the agent did not exit after 2 s without jobs");
    assertTrue(agentLog().contains("idle for 2 s"), agentLog());
  }

  @Test
  void coldMakePipedThroughCatReturnsWhenTheBuildEnds() throws Exception {
    writeSources(4);
    Map<String, String> env = remote();
    env.put("DISTCC_AGENT_IDLE", "600");
    long start = System.nanoTime();
    Run make = Run.of(dir, env, "sh", "-c", "make -s -j4 'CC=" + distcc() + " gcc' 2>&1 | cat");
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertEquals(0, make.exit(), make.toString());
    assertTrue(seconds < 60, "took " + seconds + " s: the agent held the pipe");
    assertEquals(
        1, agents().size(), "the agent still runs: the build did not wait for its idle exit");
  }

  @Test
  void launcherInterruptedMidCompileLeavesNoPreprocessorNoTempFilesAndAFreeSlot() throws Exception {
    // A macro that expands to 4^11 tokens: gcc's preprocessor works on it for seconds.
    StringBuilder slow = new StringBuilder("#define A0 x\n");
    for (int i = 1; i <= 11; i++) {
      slow.append("#define A")
          .append(i)
          .append(" A")
          .append(i - 1)
          .append(" A")
          .append(i - 1)
          .append(" A")
          .append(i - 1)
          .append(" A")
          .append(i - 1)
          .append('\n');
    }
    Files.writeString(dir.resolve("slow.c"), slow + "A11\n");
    Map<String, String> env = env("127.0.0.1:" + port + "/1");
    env.put("DISTCC_CLASSIC_CPP", "1"); // plain -E expands the macro; -fdirectives-only would not
    Process launcher = start(env, "slow.out", distcc(), "gcc", "-c", "slow.c", "-o", "slow.o");
    ProcessHandle cpp = null;
    for (int i = 0; i < 1000 && cpp == null; i++) {
      cpp = preprocessor().orElse(null);
      Thread.sleep(10);
    }
    assertTrue(
        cpp != null, "the preprocessor never started: " + Tools.read(root.resolve("slow.out")));
    assertEquals(
        0, new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor());
    assertTrue(launcher.waitFor(10, TimeUnit.SECONDS));
    for (int i = 0; i < 100 && preprocessor().isPresent(); i++) {
      Thread.sleep(50);
    }
    assertFalse(preprocessor().isPresent(), "the preprocessor still runs");
    // The job's thread removes its temp dir once the preprocessor it killed has ended: a moment
    // after the process is gone, not before it.
    List<Path> left = List.of();
    for (int i = 0; i < 100; i++) {
      try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
        left = files.toList();
      }
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(50);
    }
    assertEquals(List.of(), left, "temporary files left");
    assertFalse(Files.exists(dir.resolve("slow.o")));
    // The one slot on the volunteer is free again: the next job goes there at once.
    Files.writeString(dir.resolve("quick.c"), "int quick(void) { return 1; }\n");
    env.put("DISTCC_VERBOSE", "1");
    Run quick = Run.of(dir, env, distcc(), "gcc", "-c", "quick.c", "-o", "quick.o");
    assertEquals(0, quick.exit(), quick.toString());
    assertTrue(quick.stderr().contains("quick.c compiled on 127.0.0.1:" + port), quick.stderr());
  }

  private java.util.Optional<ProcessHandle> preprocessor() {
    return ProcessHandle.allProcesses()
        .filter(
            p -> {
              String line = String.join(" ", p.info().arguments().orElse(new String[0]));
              return line.contains(dir.resolve("slow.c").toString())
                  || (line.contains("slow.c") && line.contains("-E"));
            })
        .findFirst();
  }

  @Test
  void jobsUmaskAppliesToItsObjectAndDependencyFileThoughTheAgentHasAnother() throws Exception {
    Files.writeString(dir.resolve("m.c"), "#include <stdio.h>\nint m(void) { return 1; }\n");
    Map<String, String> env = remote();
    env.put("DISTCC_VERBOSE", "1");
    // The agent starts under umask 022, then serves a job under 077 and one under 002.
    assertEquals(
        0, Run.of(dir, env, "sh", "-c", "umask 022; exec " + distcc() + " --version").exit());
    for (String umask : List.of("077", "002")) {
      Run job =
          Run.of(
              dir,
              env,
              "sh",
              "-c",
              "umask " + umask + "; exec " + distcc() + " gcc -MD -c m.c -o m" + umask + ".o");
      assertEquals(0, job.exit(), job.toString());
      assertTrue(
          job.stderr().contains("m.c compiled on 127.0.0.1:" + port),
          "not distributed: " + job.stderr());
      String mode = umask.equals("077") ? "rw-------" : "rw-rw-r--";
      for (String file : List.of("m" + umask + ".o", "m" + umask + ".d")) {
        assertEquals(
            mode,
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))),
            file);
      }
    }
    assertEquals(1, agents().size());
  }

  @Test
  void connectionFromAnotherUserIsRefused() throws Exception {
    Tools.require("setpriv");
    // The system's python: one under root's home would not run as nobody.
    Path python = Path.of("/usr/bin/python3");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "switching to nobody needs root");
    assertEquals(0, Run.of(dir, remote(), distcc(), "--version").exit());
    Path socketDir = run.resolve("jdistcc");
    Path socket = agentSocket();
    // Open the way for nobody, which the 0700 directory and 0600 socket otherwise bar.
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx--x--x"));
    Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwx--x--x"));
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
    String client =
        "import socket,sys\n"
            + "s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])\n"
            + "def f(t,p): return len(p).to_bytes(4,'big')+t+p\n"
            // Refused at once, the connection may break while the job is still being sent.
            + "try:\n"
            + " s.sendall(f(b'A',b'distcc')+f(b'A',b'--version')+f(b'D',b'/')+f(b'U',b'22')+f(b'C',b''))\n"
            + " print(len(s.recv(100)))\n"
            + "except (BrokenPipeError, ConnectionResetError): print(0)\n";
    Run nobody =
        Run.local(
            root,
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            python.toString(),
            "-c",
            client,
            socket.toString());
    Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    assertEquals("0", nobody.stdout().trim(), "the agent answered another user: " + nobody);
    String log;
    try (Stream<Path> logs = Files.list(root.resolve("distcc"))) {
      log =
          Tools.read(
              logs.filter(p -> p.getFileName().toString().startsWith("agent-"))
                  .findFirst()
                  .orElseThrow());
    }
    assertTrue(log.contains("refused a connection from user nobody"), log);
  }

  @Test
  void agentOfAnotherBuildIsNotUsed() throws Exception {
    Path other = root.resolve("other-build");
    assertEquals(0, Run.local(root, "cp", "-a", Tools.home().toString(), other.toString()).exit());
    Files.writeString(other.resolve("lib/agent.id"), "0123456789abcdef\n");
    assertEquals(0, Run.of(dir, remote(), distcc(), "--version").exit());
    assertEquals(1, agents().size());
    Run fromOther = Run.of(dir, remote(), other.resolve("bin/distcc").toString(), "--version");
    assertEquals(0, fromOther.exit(), fromOther.toString());
    assertEquals(2, agents().size(), "the other build's launcher used this build's agent");
    assertTrue(
        agents().stream()
            .anyMatch(
                p ->
                    String.join(" ", p.info().arguments().orElse(new String[0]))
                        .contains("0123456789abcdef")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "success                 | 127.0.0.1:PORT | -c ok.c -o ok.o",
        "warning                 | 127.0.0.1:PORT | -Wall -c warn.c -o warn.o",
        "error, retried locally  | 127.0.0.1:PORT | -c broken.c -o broken.o",
        "link, run locally       | 127.0.0.1:PORT | ok.c -o ok",
        "compiler killed         | localhost      | -c ok.c -o killed.o -wrapper /bin/sh,-c,kill\\ -KILL\\ $$",
      })
  void outputAndStatusEqualTheInProcessClients(String what, String hosts, String args)
      throws Exception {
    Files.writeString(dir.resolve("ok.c"), "int main(void) { return 0; }\n");
    Files.writeString(dir.resolve("warn.c"), "int f(void) { int unused; return 0; }\n");
    Files.writeString(dir.resolve("broken.c"), "int broken( { return; }\n");
    List<String> command = new ArrayList<>(List.of(distcc(), "gcc"));
    for (String arg : args.split("(?<!\\\\) ")) {
      command.add(arg.replace("\\ ", " "));
    }
    Map<String, String> env = env(hosts.replace("PORT", Integer.toString(port)));
    env.put("DISTCC_TRACE", root.resolve("trace-agent").toString());
    Run withAgent = Run.of(dir, env, command);
    env.put("DISTCC_AGENT", "0");
    env.put("DISTCC_TRACE", root.resolve("trace-in-process").toString());
    Run inProcess = Run.of(dir, env, command);
    assertEquals(1, agents().size(), "the job did not go through an agent");
    assertEquals(inProcess.exit(), withAgent.exit(), what + "\n" + withAgent + "\n" + inProcess);
    assertEquals(inProcess.stdout(), withAgent.stdout());
    assertEquals(noPid(inProcess.stderr()), noPid(withAgent.stderr()));
    // The trace records the status the compiler ended with, also when the launcher ran it.
    assertEquals(
        tracedExit(root.resolve("trace-in-process")), tracedExit(root.resolve("trace-agent")));
  }

  private static String tracedExit(Path trace) {
    java.util.regex.Matcher exit =
        java.util.regex.Pattern.compile("\"exit\":(-?[0-9]+)").matcher(Tools.read(trace));
    assertTrue(exit.find(), Tools.read(trace));
    return exit.group(1);
  }

  @Test
  void colouredMessagesReachATerminalUnchanged() throws Exception {
    Tools.require("script");
    Files.writeString(dir.resolve("broken.c"), "int broken( { return; }\n");
    Map<String, String> env = env("localhost");
    env.put("TERM", "xterm");
    String command = distcc() + " gcc -fdiagnostics-color=auto -c broken.c -o broken.o";
    Run withAgent = Run.of(dir, env, "script", "-qec", command, "/dev/null");
    env.put("DISTCC_AGENT", "0");
    Run inProcess = Run.of(dir, env, "script", "-qec", command, "/dev/null");
    assertTrue(
        withAgent.stdout().contains("\u001b["), "no colour codes on the terminal: " + withAgent);
    assertEquals(inProcess.exit(), withAgent.exit());
    assertEquals(noPid(inProcess.stdout()), noPid(withAgent.stdout()));
  }

  /**
   * An agent's jobs link no record's generated equals, hashCode or toString through invokedynamic,
   * a link that costs a cold JVM milliseconds (PumpClientIT checks the in-process client). The
   * agent runs here in the foreground with the JDK's linkage trace on its stdout, for two plain and
   * two pump jobs: each second job finds what the first left in the agent's caches.
   */
  @Test
  void agentJobsLinkNoGeneratedRecordMethods() throws Exception {
    assertEquals(0, Run.of(dir, remote(), distcc(), "--version").exit());
    Path socket = agentSocket();
    for (ProcessHandle started : agents()) {
      started.destroy();
      started.onExit().get(20, TimeUnit.SECONDS);
    }
    Path trace = root.resolve("linkage.out");
    ProcessBuilder foreground =
        new ProcessBuilder(
                "sh",
                Tools.home().resolve("bin/distcc-java").toString(),
                "--agent",
                socket.toString())
            .redirectOutput(trace.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    foreground.environment().putAll(remote());
    foreground.environment().put("LC_ALL", "C.UTF-8");
    foreground.environment().put("JAVA_TOOL_OPTIONS", LinkageTrace.OPTION);
    Process agent = foreground.start();
    try {
      // Listening, not just bound: a launcher that cannot connect would start an agent of its own.
      for (int i = 0; ; i++) {
        try {
          java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket)).close();
          break;
        } catch (IOException notYet) {
          assertTrue(i < 200 && agent.isAlive(), "the agent does not listen on " + socket);
          Thread.sleep(50);
        }
      }
      Files.writeString(dir.resolve("h.h"), "#define H 2\n");
      Map<String, String> env = env("127.0.0.1:" + port + ",lzo,cpp");
      env.put("DISTCC_FALLBACK", "0");
      env.put("DISTCC_VERBOSE", "1");
      for (String mode : List.of("plain", "pump")) {
        for (int job = 1; job <= 2; job++) {
          String name = mode + job;
          Files.writeString(dir.resolve(name + ".c"), "#include \"h.h\"\nint " + name + " = H;\n");
          List<String> command = new ArrayList<>();
          if (mode.equals("pump")) {
            command.add(Tools.home().resolve("bin/pump").toString());
          }
          command.addAll(List.of(distcc(), "gcc", "-c", name + ".c", "-o", name + ".o"));
          Run ran = Run.of(dir, env, command);
          assertEquals(0, ran.exit(), ran.toString());
          assertTrue(
              ran.stderr().contains(mode.equals("pump") ? "(pump): status 0" : "status 0"),
              ran.toString());
        }
      }
      assertEquals(List.of(agent.toHandle()), agents(), "the jobs did not go to this agent");
    } finally {
      agent.destroy();
      agent.waitFor(20, TimeUnit.SECONDS);
    }
    assertEquals(List.of(), LinkageTrace.recordMethods(Tools.read(trace)));
  }

  private static String noPid(String text) {
    return text.replaceAll("distcc\\[\\d+\\]", "distcc[PID]");
  }
}
