package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make -j8 CC="distcc gcc"} over a small project with two volunteers of limit 1 each:
 * neither ever runs two compiles at once (their compiler records when each compile starts and ends,
 * and sleeps so that an overlap would show), and a volunteer whose port is closed is backed off
 * while the build still completes with correct objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MakeWithVolunteersIT {
  private static final int FILES = 8;

  @TempDir static Path root;
  private Listener first;
  private Listener second;

  @BeforeAll
  void startVolunteers() throws Exception {
    Tools.require("make");
    Tools.require("gcc");
    first = volunteer("first");
    second = volunteer("second");
  }

  /** Our distccd behind socat, whose gcc is a wrapper that logs start and end of each compile. */
  private Listener volunteer(String name) throws Exception {
    Path bin = Files.createDirectories(root.resolve(name + "-bin"));
    Path record = root.resolve(name + ".compiles");
    Tools.gccWrapper(
        bin,
        "echo \"start $(date +%s%N)\" >> "
            + record
            + "\nsleep 0.3\n/usr/bin/gcc \"$@\"\ns=$?\n"
            + "echo \"end $(date +%s%N)\" >> "
            + record
            + "\nexit $s");
    Path start =
        Tools.script(
            root.resolve(name + "-volunteer"),
            "PATH="
                + bin
                + ":/usr/bin:/bin exec "
                + Tools.home().resolve("bin/distccd")
                + " --inetd --allow 127.0.0.1 --allow-compiler gcc --log-file "
                + root.resolve(name + ".log"));
    return Listener.socat(root, start.toString());
  }

  @AfterAll
  void stopVolunteers() throws Exception {
    for (Listener l : new Listener[] {first, second}) {
      if (l != null) {
        l.close();
      }
    }
  }

  private Path project(String name) throws Exception {
    Path dir = Files.createDirectories(root.resolve(name));
    StringBuilder objects = new StringBuilder();
    for (int i = 0; i < FILES; i++) {
      Files.writeString(
          dir.resolve("f" + i + ".c"),
          "int f"
              + i
              + "(int x) { int s = 0; for (int k = 0; k < x; k++) s += k * "
              + i
              + "; return s; }\n");
      objects.append(" f").append(i).append(".o");
    }
    Files.writeString(
        dir.resolve("Makefile"),
        "OBJS =" + objects + "\nall: $(OBJS)\n%.o: %.c\n\t$(CC) -O2 -c $< -o $@\n");
    return dir;
  }

  private Map<String, String> env(Path dir, String hosts) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DISTCC_HOSTS", hosts);
    env.put("DISTCC_DIR", dir.resolve(".distcc").toString());
    env.put("DISTCC_PAUSE_TIME_MSEC", "50");
    env.put("DISTCC_LOG", dir.resolve("distcc.log").toString());
    return env;
  }

  private Run make(Path dir, Map<String, String> env) throws Exception {
    return Run.of(dir, env, "make", "-j8", "CC=" + Tools.home().resolve("bin/distcc") + " gcc");
  }

  private void assertObjectsEqualLocal(Path dir) throws Exception {
    for (int i = 0; i < FILES; i++) {
      Run local = Run.local(dir, "gcc", "-O2", "-c", "f" + i + ".c", "-o", "local.o");
      assertEquals(0, local.exit(), local.toString());
      assertArrayEquals(
          Files.readAllBytes(dir.resolve("local.o")),
          Files.readAllBytes(dir.resolve("f" + i + ".o")));
    }
  }

  /** The most compiles that ran at once according to a volunteer's record, and how many ran. */
  private static int[] concurrency(Path record) throws Exception {
    if (!Files.exists(record)) {
      return new int[] {0, 0};
    }
    int running = 0;
    int most = 0;
    int total = 0;
    List<String[]> events =
        Files.readAllLines(record).stream()
            .map(l -> l.split(" "))
            .sorted(
                (a, b) ->
                    a[1].equals(b[1])
                        ? a[0].compareTo(b[0])
                        : Long.compare(Long.parseLong(a[1]), Long.parseLong(b[1])))
            .toList();
    for (String[] e : events) {
      if (e[0].equals("start")) {
        running++;
        total++;
        most = Math.max(most, running);
      } else {
        running--;
      }
    }
    return new int[] {most, total};
  }

  @Test
  void eachVolunteerRunsAtMostOneJobAtATime() throws Exception {
    Path dir = project("limits");
    Files.deleteIfExists(root.resolve("first.compiles")); // count this build's compiles only
    Files.deleteIfExists(root.resolve("second.compiles"));
    Map<String, String> env =
        env(dir, "127.0.0.1:" + first.port + "/1 127.0.0.1:" + second.port + "/1");
    env.put("DISTCC_FALLBACK", "0"); // every job must really go to a volunteer
    Run build = make(dir, env);
    assertEquals(0, build.exit(), build + Tools.read(dir.resolve("distcc.log")));
    int[] a = concurrency(root.resolve("first.compiles"));
    int[] b = concurrency(root.resolve("second.compiles"));
    assertEquals(1, a[0], "first volunteer ran compiles at once");
    assertEquals(1, b[0], "second volunteer ran compiles at once");
    assertEquals(FILES, a[1] + b[1], "every file was compiled by a volunteer");
    assertObjectsEqualLocal(dir);
  }

  @Test
  void closedVolunteerIsBackedOffAndTheBuildCompletes() throws Exception {
    Path dir = project("down");
    int closed = Tools.freePort();
    Run build = make(dir, env(dir, "127.0.0.1:" + closed + "/1 127.0.0.1:" + first.port + "/1"));
    assertEquals(0, build.exit(), build.toString());
    assertObjectsEqualLocal(dir);
    assertTrue(
        Files.exists(dir.resolve(".distcc/lock/backoff_tcp_127.0.0.1_" + closed + "_0")),
        "no backoff recorded for the closed volunteer");
    String log = Tools.read(dir.resolve("distcc.log"));
    assertTrue(log.contains("127.0.0.1:" + closed), log);
    // Once backed off, the closed host is not tried again: at most the jobs that raced for it
    // before the first failure was recorded tried it.
    long tries =
        log.lines()
            .filter(l -> l.contains("failed to distribute") && l.contains(":" + closed))
            .count();
    assertTrue(tries >= 1 && tries < FILES, log);
  }
}
