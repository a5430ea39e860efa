package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where users rely on distcc 3.4's behaviour, jdistcc's client does the same, each case run with
 * distcc 3.4's client as the control: an empty DISTCC_HOSTS, DISTCC_SSH with arguments,
 * DISTCC_FALLBACK=0 after a compile that fails only remotely, the --version shape, a missing
 * compiler, the compiler names sent for cross-compilation safety, and the integer settings refused
 * with exit code 101, the --show-hosts listing, and each client's job in the other's monitor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientParityIT {
  @TempDir static Path root;
  private Path client;
  private Path realClient;
  private Process strictDaemon;
  private int strictPort;
  private Listener volunteer;
  private Path volunteerLog;

  @BeforeAll
  void start() throws Exception {
    Tools.require("gcc");
    client = Tools.home().resolve("bin/distcc");
    realClient = Tools.require("distcc");
    Tools.require("distccd");
    // distccd 3.4 drops root's privileges: what it runs must be reachable for its user.
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    // A volunteer whose gcc turns warnings into errors: a failure that happens only remotely.
    Path strict = Files.createDirectories(root.resolve("strict-bin"));
    for (String name : List.of("gcc", "x86_64-linux-gnu-gcc")) {
      Tools.script(strict.resolve(name), "exec /usr/bin/gcc -Werror \"$@\"");
    }
    strictPort = Tools.freePort();
    Path log = root.resolve("strict.log");
    strictDaemon =
        RealDistccd.daemon(
            strictPort,
            log,
            Map.of("PATH", strict + ":/usr/bin:/bin"),
            "--enable-tcp-insecure",
            "--log-stderr",
            "--log-level",
            "info");
    // jdistcc's volunteer per connection, logging each command it runs.
    volunteerLog = root.resolve("volunteer.log");
    volunteer =
        Listener.socat(
            root,
            Tools.home().resolve("bin/distccd")
                + " --inetd --allow 127.0.0.1"
                + " --log-level debug --log-file "
                + volunteerLog);
  }

  @AfterAll
  void stop() throws Exception {
    Tools.stop(strictDaemon);
    if (volunteer != null) {
      volunteer.close();
    }
  }

  private Map<String, String> env(Path dir, String hosts) throws Exception {
    Map<String, String> env = new HashMap<>();
    if (hosts != null) {
      env.put("DISTCC_HOSTS", hosts);
    }
    env.put("DISTCC_DIR", Files.createDirectories(dir.resolve(".distcc")).toString());
    env.put("HOME", dir.toString());
    return env;
  }

  private Path work(String name, String source) throws Exception {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("t.c"), source);
    return dir;
  }

  private String who(Path distcc) {
    return distcc.equals(client) ? "jdistcc" : "distcc34";
  }

  private long jobs(Path log) {
    return Tools.read(log).lines().filter(l -> l.contains("COMPILE_OK")).count();
  }

  /**
   * The warnings a build log is searched for carry distcc 3.4's severity word in both clients: a
   * host nobody answers on, and a compile that fails only on the volunteer (its gcc turns warnings
   * into errors), each followed by a local compile that succeeds.
   */
  @Test
  void fallbackWarningsCarryDistccsWords() throws Exception {
    int dead = Tools.freePort();
    String source = "int f(void) { int unused; return 1; }\n";
    for (Path distcc : List.of(realClient, client)) {
      Path dir = work("words-" + who(distcc), source);
      assertLogged(
          "Warning: failed to distribute t\\.c to 127\\.0\\.0\\.1:"
              + dead
              + "\\b.*running locally instead",
          distcc,
          dir,
          "127.0.0.1:" + dead);
      assertLogged(
          "Warning: remote compilation of '?t\\.c'? .*retrying locally",
          distcc,
          dir,
          "127.0.0.1:" + strictPort,
          "-Wall");
    }
  }

  /**
   * Compiles t.c in {@code dir} through {@code distcc} to {@code hosts}, successfully, and checks
   * that one of distcc's own lines on stderr ends with {@code line} (a pattern), after distcc 3.4's
   * function name or none.
   */
  private void assertLogged(String line, Path distcc, Path dir, String hosts, String... options)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(distcc.toString(), "gcc"));
    command.addAll(List.of(options));
    command.addAll(List.of("-c", "t.c", "-o", "t.o"));
    Run run = Run.of(dir, env(dir, hosts), command);
    assertEquals(0, run.exit(), run.toString());
    assertTrue(
        Pattern.compile("(?m)^distcc\\[\\d+\\] (\\(\\w+\\) )?" + line + "$")
            .matcher(run.stderr())
            .find(),
        who(distcc) + ": " + run.stderr());
  }

  /**
   * A DISTCC_LOG file tells where each job went, in both clients (distcc 3.4 logs at info level
   * when it has a file), while standard error stays quiet.
   */
  @Test
  void aLogFileNamesTheVolunteerOfEachJob() throws Exception {
    for (Path distcc : List.of(realClient, client)) {
      Path dir = work("logged-" + who(distcc), "int f(void) { return 1; }\n");
      Map<String, String> env = env(dir, "127.0.0.1:" + strictPort);
      env.put("DISTCC_LOG", dir.resolve("distcc.log").toString());
      Run run = Run.of(dir, env, distcc.toString(), "gcc", "-c", "t.c", "-o", "t.o");
      assertEquals(0, run.exit(), run.toString());
      assertEquals("", run.stderr(), who(distcc));
      String log = Tools.read(dir.resolve("distcc.log"));
      assertTrue(
          Pattern.compile("(?m)\\bt\\.c compiled on 127\\.0\\.0\\.1\\b").matcher(log).find(),
          who(distcc) + ": " + log);
    }
  }

  /**
   * One state directory, both clients waiting on a volunteer that never answers: distcc 3.4's
   * distccmon-text lists jdistcc's job, and jdistcc's lists distcc 3.4's (distccmon-gnome reads the
   * same records).
   */
  @Test
  void eachMonitorListsTheOtherClientsJob() throws Exception {
    Path realMonitor = Tools.require("distccmon-text");
    Path ourMonitor = Tools.home().resolve("bin/distccmon-text");
    try (FakeVolunteer silent = new FakeVolunteer(FakeVolunteer.Mode.SILENT)) {
      Path dir = work("monitors", "int f(void) { return 1; }\n");
      Files.writeString(dir.resolve("u.c"), "int g(void) { return 2; }\n");
      Map<String, String> env = env(dir, "127.0.0.1:" + silent.port());
      env.put("DISTCC_IO_TIMEOUT", "30");
      Process ours = background(dir, env, client.toString(), "gcc", "-c", "t.c", "-o", "t.o");
      Process theirs = background(dir, env, realClient.toString(), "gcc", "-c", "u.c", "-o", "u.o");
      try {
        String seenByReal = "";
        String seenByOurs = "";
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
          seenByReal = Run.of(dir, env, realMonitor.toString()).stdout();
          seenByOurs = Run.of(dir, env, ourMonitor.toString()).stdout();
          if (lists(seenByReal, ours.pid(), "t.c") && lists(seenByOurs, theirs.pid(), "u.c")) {
            break;
          }
          Thread.sleep(200);
        }
        assertTrue(lists(seenByReal, ours.pid(), "t.c"), "distccmon-text 3.4:\n" + seenByReal);
        assertTrue(
            lists(seenByOurs, theirs.pid(), "u.c"), "jdistcc's distccmon-text:\n" + seenByOurs);
      } finally {
        Tools.stop(ours);
        Tools.stop(theirs);
      }
    }
  }

  /** Whether a monitor's output has a line for process {@code pid} compiling {@code file}. */
  private static boolean lists(String monitor, long pid, String file) {
    return monitor
        .lines()
        .anyMatch(
            l -> l.strip().startsWith(pid + " ") && l.contains(file) && l.contains("127.0.0.1"));
  }

  /** A client started and left running, its output discarded. */
  private static Process background(Path dir, Map<String, String> extra, String... command)
      throws java.io.IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("DISTCC_") && !k.equals("DISTCC_AGENT"));
    builder.environment().putAll(extra);
    builder.environment().putIfAbsent("DISTCC_AGENT_IDLE", "60");
    return builder
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** Scripts read --show-hosts: each entry as written, defaults and option order kept. */
  @Test
  void showHostsPrintsEachEntryAsWritten() throws Exception {
    String hosts =
        "localhost/2 angry:3632 b/4,lzo,cpp c:4000/2,lzo @d u@e/3:/usr/bin/distccd"
            + " [::1]:4000/2 f,down --localslots=3 g/1:3633";
    String expected = null;
    for (Path distcc : List.of(realClient, client)) {
      Path dir = work("show-hosts-" + who(distcc), "int f(void) { return 1; }\n");
      Run run = Run.of(dir, env(dir, hosts), distcc.toString(), "--show-hosts");
      assertEquals(0, run.exit(), distcc + " " + run);
      if (expected == null) {
        expected = run.stdout();
        assertEquals(9, expected.lines().count(), expected);
      } else {
        assertEquals(expected, run.stdout(), "jdistcc's --show-hosts against distcc 3.4's");
      }
    }
  }

  /**
   * With {@code --randomize} distcc 3.4 lists the entries in a new random order each run; so does
   * jdistcc. Nine entries: five runs in one order by chance is one in 9!^4.
   */
  @Test
  void showHostsShufflesTheListingUnderRandomize() throws Exception {
    String hosts = "--randomize a b/4 c:4000 d,lzo @e f/2,lzo,cpp localhost/2 g h";
    List<String> written =
        List.of("a", "b/4", "c:4000", "d,lzo", "@e", "f/2,lzo,cpp", "localhost/2", "g", "h");
    for (Path distcc : List.of(realClient, client)) {
      Path dir = work("show-randomized-" + who(distcc), "int f(void) { return 1; }\n");
      java.util.Set<List<String>> orders = new java.util.HashSet<>();
      for (int i = 0; i < 5; i++) {
        Run run = Run.of(dir, env(dir, hosts), distcc.toString(), "--show-hosts");
        assertEquals(0, run.exit(), distcc + " " + run);
        List<String> listed = run.stdout().lines().toList();
        assertEquals(
            written.stream().sorted().toList(),
            listed.stream().sorted().toList(),
            distcc + " listed other entries");
        orders.add(listed);
      }
      assertTrue(orders.size() > 1, distcc + " listed the hosts in one order five times");
    }
  }

  @Test
  void emptyDistccHostsDistributesNothingEvenWithAHostsFile() throws Exception {
    for (Path distcc : List.of(realClient, client)) {
      Path dir = work("empty-hosts-" + who(distcc), "int f(void) { return 1; }\n");
      Map<String, String> env = env(dir, "");
      Files.writeString(dir.resolve(".distcc/hosts"), "127.0.0.1:" + strictPort + "\n");
      long before = jobs(root.resolve("strict.log"));
      // distcc 3.4: "$DISTCC_HOSTS contained no hosts; can't distribute work", then a local
      // compile.
      Run run = Run.of(dir, env, distcc.toString(), "gcc", "-c", "t.c", "-o", "t.o");
      assertEquals(0, run.exit(), distcc + " " + run);
      assertTrue(
          run.stderr().contains("$DISTCC_HOSTS contained no hosts; can't distribute work"),
          run.stderr());
      assertTrue(Files.exists(dir.resolve("t.o")));
      assertEquals(before, jobs(root.resolve("strict.log")), "the hosts file was used");
      // With fallbacks off: EXIT_NO_HOSTS and no object.
      env.put("DISTCC_FALLBACK", "0");
      Run strict = Run.of(dir, env, distcc.toString(), "gcc", "-c", "t.c", "-o", "u.o");
      assertEquals(116, strict.exit(), distcc + " " + strict);
      assertFalse(Files.exists(dir.resolve("u.o")));
    }
  }

  /**
   * A volunteer that accepts and never answers, with DISTCC_FALLBACK=0: both clients give up after
   * DISTCC_IO_TIMEOUT, back it off, find no other host and exit 116 without an object; with a
   * working host after it, both send the job on and succeed.
   */
  @Test
  void aSilentVolunteerIsBackedOffAndTheNextHostCompiles() throws Exception {
    try (FakeVolunteer silent = new FakeVolunteer(FakeVolunteer.Mode.SILENT)) {
      for (Path distcc : List.of(realClient, client)) {
        Path dir = work("silent-" + who(distcc), "int f(void) { return 1; }\n");
        Map<String, String> env = env(dir, "127.0.0.1:" + silent.port());
        env.put("DISTCC_FALLBACK", "0");
        env.put("DISTCC_IO_TIMEOUT", "1");
        Run alone = Run.of(dir, env, distcc.toString(), "gcc", "-c", "t.c", "-o", "t.o");
        assertEquals(116, alone.exit(), distcc + " " + alone);
        assertFalse(Files.exists(dir.resolve("t.o")));
        Files.delete(dir.resolve(".distcc/lock/backoff_tcp_127.0.0.1_" + silent.port() + "_0"));
        env.put("DISTCC_HOSTS", "127.0.0.1:" + silent.port() + " 127.0.0.1:" + volunteer.port);
        Run next = Run.of(dir, env, distcc.toString(), "gcc", "-c", "t.c", "-o", "t.o");
        assertEquals(0, next.exit(), distcc + " " + next);
        assertTrue(Files.exists(dir.resolve("t.o")));
      }
    }
  }

  /**
   * Integer settings distcc 3.4 refuses once a job goes to a volunteer (DISTCC_MAX_DISCREPANCY only
   * for a ,cpp host): exit 101 and no object; a value atoi reads as positive is accepted.
   */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "DISTCC_MAX_DISCREPANCY, abc, 101",
    "DISTCC_MAX_DISCREPANCY, 0, 101",
    "DISTCC_MAX_DISCREPANCY, 3abc, 0",
    "DISTCC_IO_TIMEOUT, -1, 101",
    "DISTCC_IO_TIMEOUT, 3abc, 0",
  })
  void badIntegerSettingsAreRefusedAsDistcc34RefusesThem(String name, String value, int exit)
      throws Exception {
    for (Path distcc : List.of(realClient, client)) {
      String who = who(distcc);
      Path dir = work("bad-" + name + value + "-" + who, "int f(void) { return 1; }\n");
      Map<String, String> env = env(dir, "127.0.0.1:" + strictPort + ",lzo,cpp");
      env.put(name, value);
      Run run = Run.of(dir, env, distcc.toString(), "gcc", "-c", "t.c", "-o", "t.o");
      assertEquals(exit, run.exit(), who + " " + run);
      assertEquals(exit == 0, Files.exists(dir.resolve("t.o")), who);
      if (exit != 0) {
        assertTrue(run.stderr().contains("Bad " + name + " value: "), who + " " + run.stderr());
      }
    }
  }

  @Test
  void fallbackOffShowsAFailureThatHappensOnlyRemotely() throws Exception {
    String warns = "int *p = 1;\n"; // a warning here, an error under the volunteer's -Werror
    String hosts = "127.0.0.1:" + strictPort;
    for (Path distcc : List.of(realClient, client)) {
      String who = who(distcc);
      Path dir = work("remote-only-" + who, warns);
      Map<String, String> env = env(dir, hosts);
      env.put("DISTCC_BACKOFF_PERIOD", "0");
      env.put("DISTCC_FALLBACK", "0");
      Run strict = Run.of(dir, env, distcc.toString(), "gcc", "-c", "t.c", "-o", "t.o");
      assertEquals(1, strict.exit(), who + " " + strict);
      assertTrue(strict.stderr().contains("[-Werror=int-conversion]"), who + " " + strict.stderr());
      assertFalse(Files.exists(dir.resolve("t.o")), who);
      env.remove("DISTCC_FALLBACK");
      Run retried = Run.of(dir, env, distcc.toString(), "gcc", "-c", "t.c", "-o", "t.o");
      assertEquals(0, retried.exit(), who + " " + retried);
      assertTrue(Files.exists(dir.resolve("t.o")), who);
      // DISTCC_SKIP_LOCAL_RETRY keeps its meaning: no retry even with fallbacks on.
      env.put("DISTCC_SKIP_LOCAL_RETRY", "1");
      Run skipped = Run.of(dir, env, distcc.toString(), "gcc", "-c", "t.c", "-o", "u.o");
      assertEquals(1, skipped.exit(), who + " " + skipped);
    }
  }

  @Test
  void distccSshIsSplitOnSpaces() throws Exception {
    try (Sshd sshd = Sshd.start(root)) {
      Path config = root.resolve("ssh_config");
      Files.writeString(
          config,
          String.join(
              "\n",
              "Host 127.0.0.1",
              "  IdentityFile " + sshd.dir.resolve("user_key"),
              "  IdentitiesOnly yes",
              "  BatchMode yes",
              "  StrictHostKeyChecking yes",
              "  UserKnownHostsFile " + sshd.dir.resolve("known_hosts"),
              "  LogLevel ERROR",
              ""));
      Path sshLog = root.resolve("ssh-volunteer.log");
      Path remote =
          Tools.script(
              root.resolve("ssh-volunteer"),
              "exec " + Tools.home().resolve("bin/distccd") + " \"$@\" --log-file " + sshLog);
      for (Path distcc : List.of(realClient, client)) {
        Path dir = work("ssh-" + who(distcc), "int f(void) { return 1; }\n");
        Map<String, String> env = env(dir, "@127.0.0.1:" + remote);
        env.put("DISTCC_FALLBACK", "0");
        // A program and its arguments, as users write it: "ssh -F FILE -p PORT".
        env.put("DISTCC_SSH", Tools.require("ssh") + " -F " + config + " -p " + sshd.port);
        long before = jobs(sshLog);
        Run run = Run.of(dir, env, distcc.toString(), "gcc", "-c", "t.c", "-o", "t.o");
        assertEquals(0, run.exit(), distcc + " " + run);
        assertEquals(before + 1, jobs(sshLog), distcc + " did not compile over ssh");
      }
    }
  }

  @Test
  void versionHasDistcc34sShapeForClientAndDaemon() throws Exception {
    Path dir = work("version", "");
    Pattern first = Pattern.compile("(distccd?) (\\S+) (\\S+)");
    Pattern second = Pattern.compile("  \\(protocols [0-9, and]+\\) \\(default port 3632\\)");
    for (String[] program :
        new String[][] {
          {realClient.toString(), "distcc"}, {Tools.require("distccd").toString(), "distccd"},
          {client.toString(), "distcc"}, {Tools.home().resolve("bin/distccd").toString(), "distccd"}
        }) {
      Run run = Run.of(dir, env(dir, null), program[0], "--version");
      assertEquals(0, run.exit(), run.toString());
      List<String> lines = run.stdout().lines().toList();
      Matcher m = first.matcher(lines.get(0));
      assertTrue(m.matches(), program[0] + ": " + lines.get(0));
      assertEquals(program[1], m.group(1));
      assertTrue(second.matcher(lines.get(1)).matches(), program[0] + ": " + lines.get(1));
    }
    Run ours = Run.of(dir, env(dir, null), client.toString(), "--version");
    assertTrue(
        ours.stdout().lines().toList().get(1).contains("(protocols 1, 2 and 3)"), ours.stdout());
  }

  @Test
  void missingCompilerIsNamedOnStderrAlsoWithALogFile() throws Exception {
    Path dir = work("nocompiler", "int f(void) { return 1; }\n");
    Map<String, String> env = env(dir, "127.0.0.1:" + strictPort);
    env.put("DISTCC_LOG", dir.resolve("distcc.log").toString());
    Run real = Run.of(dir, env, realClient.toString(), "no-such-cc", "-c", "t.c", "-o", "t.o");
    // distcc 3.4: exit 110 (EXIT_COMPILER_MISSING) and nothing on stderr: the reason is only in the
    // log.
    assertEquals(110, real.exit(), real.toString());
    assertEquals("", real.stderr());
    Run ours = Run.of(dir, env, client.toString(), "no-such-cc", "-c", "t.c", "-o", "t.o");
    assertEquals(110, ours.exit(), ours.toString());
    assertTrue(ours.stderr().contains("cannot find compiler no-such-cc"), ours.stderr());
    assertTrue(Tools.read(dir.resolve("distcc.log")).contains("cannot find compiler no-such-cc"));
  }

  /** The compiler name and any -target that jdistcc's volunteer was asked to run, from its log. */
  private String sent(String source) {
    List<String> log = Tools.read(volunteerLog).lines().toList();
    String summary =
        log.stream()
            .filter(l -> l.contains("COMPILE_OK") && l.contains(source))
            .reduce((a, b) -> b)
            .orElseThrow(
                () ->
                    new AssertionError("no job for " + source + " in\n" + String.join("\n", log)));
    String process = summary.substring(summary.indexOf("distccd["), summary.indexOf(']') + 1);
    String line =
        log.stream()
            .filter(l -> l.contains(process) && l.contains("(debug) running "))
            .reduce((a, b) -> b)
            .orElseThrow();
    Matcher m = Pattern.compile("running (\\S+)").matcher(line);
    assertTrue(m.find(), line);
    String name = Path.of(m.group(1)).getFileName().toString();
    Matcher target = Pattern.compile(" -target (\\S+)").matcher(line);
    return name + (target.find() ? " -target " + target.group(1) : "");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    // cc and c++ go through gcc and g++ on Debian, so those rows cover the plain names too.
    "cc, t.c",
    "gcc-12, t.c",
    "c++, t.cc",
    "clang, t.c",
    "clang++, t.cc"
  })
  void compilerNamesAreSentAsDistcc34SendsThem(String compiler, String source) throws Exception {
    Tools.require(compiler);
    for (boolean rewrite : new boolean[] {true, false}) {
      String[] seen = new String[2];
      int i = 0;
      for (Path distcc : List.of(realClient, client)) {
        String who = who(distcc) + "-" + compiler + "-" + rewrite;
        Path dir = work("cross-" + who, "int f(void) { return 1; }\n");
        String unique = "x" + who.replaceAll("\\W", "_") + "." + source.substring(2);
        Files.copy(dir.resolve("t.c"), dir.resolve(unique));
        Map<String, String> env = env(dir, "127.0.0.1:" + volunteer.port);
        env.put("DISTCC_FALLBACK", "0");
        if (!rewrite) {
          env.put("DISTCC_NO_REWRITE_CROSS", "1");
        }
        Run run = Run.of(dir, env, distcc.toString(), compiler, "-c", unique, "-o", "t.o");
        assertEquals(0, run.exit(), who + " " + run);
        seen[i++] = sent(unique.substring(0, unique.indexOf('.')));
      }
      assertEquals(seen[0], seen[1], "distcc 3.4 sent " + seen[0] + ", jdistcc " + seen[1]);
      if (!rewrite) {
        assertEquals(compiler, seen[1]);
      }
    }
  }
}
