package org.jdistcc.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdistcc.it.Tools;
import org.jdistcc.state.Json;
import org.jdistcc.state.TraceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor and the build trace with real builds: make -j4 through distcc with DISTCC_TRACE,
 * converted by distccmon-text to a Chrome trace whose events and summary match the build; and slow
 * compiles listed by distccmon-text with host and phase while they run, gone afterwards, and gone
 * when a client is killed with SIGKILL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorAndTraceIT {
  @TempDir static Path root;
  private Path home;
  private String slowVolunteer;
  private String volunteer;

  @BeforeAll
  void setUp() throws Exception {
    home = Tools.home();
    Tools.require(Files.isExecutable(Path.of("/usr/bin/gcc")), "/usr/bin/gcc is not installed");
    Path bin = Files.createDirectories(root.resolve("slow-bin"));
    // Also as TRIPLE-gcc, the name clients send for gcc when it is on their PATH.
    Process dumpmachine = new ProcessBuilder("gcc", "-dumpmachine").start();
    String triple = new String(dumpmachine.getInputStream().readAllBytes()).strip();
    for (String gcc : List.of("gcc", triple + "-gcc")) {
      script(bin.resolve(gcc), "sleep 3\nexec /usr/bin/gcc \"$@\"");
    }
    slowVolunteer =
        "|"
            + script(
                root.resolve("slow-volunteer"),
                "PATH="
                    + bin
                    + ":/usr/bin:/bin exec "
                    + home.resolve("bin/distccd")
                    + " \"$@\" --allow-compiler gcc")
            + "/8";
    volunteer =
        "|"
            + script(
                root.resolve("volunteer"),
                "exec " + home.resolve("bin/distccd") + " \"$@\" --allow-compiler gcc")
            + "/2";
  }

  private static Path script(Path file, String body) throws Exception {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    file.toFile().setExecutable(true);
    return file;
  }

  private ProcessBuilder builder(Path dir, Map<String, String> env, List<String> command) {
    ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
    b.environment().keySet().removeIf(k -> k.startsWith("DISTCC_") && !k.equals("DISTCC_AGENT"));
    b.environment().putAll(env);
    return b;
  }

  private String run(Path dir, Map<String, String> env, String... command) throws Exception {
    Path out = Files.createTempFile(root, "out", "");
    Process p =
        builder(dir, env, List.of(command))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + List.of(command));
    String text = Files.readString(out);
    assertEquals(0, p.exitValue(), text);
    return text;
  }

  @Test
  @SuppressWarnings("unchecked")
  void tracedBuildBecomesAChromeTraceWithOneEventPerJobAndPhase() throws Exception {
    Path dir = Files.createDirectories(root.resolve("traced"));
    for (int i = 0; i < 6; i++) {
      Files.writeString(
          dir.resolve("f" + i + ".c"), "int f" + i + "(void) { return " + i + "; }\n");
    }
    Files.writeString(dir.resolve("main.c"), "int main(void) { return 0; }\n");
    Files.writeString(
        dir.resolve("Makefile"),
        "OBJS = main.o f0.o f1.o f2.o f3.o f4.o f5.o\n"
            + "prog: $(OBJS)\n\t$(CC) -o $@ $(OBJS)\n%.o: %.c\n\t$(CC) -c $< -o $@\n");
    Path trace = dir.resolve("build.jsonl");
    Map<String, String> env =
        Map.of(
            "DISTCC_HOSTS",
            volunteer,
            "DISTCC_DIR",
            dir.resolve(".distcc").toString(),
            "DISTCC_TRACE",
            trace.toString(),
            "DISTCC_PAUSE_TIME_MSEC",
            "50");
    run(dir, env, "make", "-j4", "CC=" + home.resolve("bin/distcc") + " gcc");
    // The agent writes the record of a compile the launcher ran itself (the link) when that
    // compiler closes its connection, which may be a moment after make has seen it exit.
    List<String> records = Files.readAllLines(trace);
    for (int i = 0; i < 50 && records.size() < 8; i++) {
      Thread.sleep(100);
      records = Files.readAllLines(trace);
    }
    assertEquals(8, records.size(), "7 compiles and a link"); // whole lines only: each parses
    int spans = 0;
    for (String record : records) {
      spans += TraceRecord.fromJson(record).spans().size();
    }
    Path json = dir.resolve("build.json");
    String summary =
        run(
            dir,
            Map.of(),
            home.resolve("bin/distccmon-text").toString(),
            "--trace",
            trace.toString(),
            "--out",
            json.toString());
    Map<String, Object> chrome = (Map<String, Object>) Json.parse(Files.readString(json));
    List<Map<String, Object>> events =
        (List<Map<String, Object>>) (List<?>) chrome.get("traceEvents");
    int jobEvents = 0;
    int phaseEvents = 0;
    for (Map<String, Object> e : events) {
      if (e.get("ph").equals("X")) {
        for (String key : List.of("name", "ts", "dur", "pid", "tid")) {
          assertTrue(e.containsKey(key), "event without " + key + ": " + e);
        }
        if (e.get("cat").equals("job")) {
          jobEvents++;
        } else {
          phaseEvents++;
        }
      } else {
        assertEquals("M", e.get("ph"));
      }
    }
    assertEquals(8, jobEvents);
    assertEquals(spans, phaseEvents);
    assertTrue(summary.contains("jobs: 8 (7 on volunteers, 1 here)"), summary);
    assertTrue(summary.contains("not distributable"), summary);
  }

  private List<String> monitor(Path distccDir) throws Exception {
    String out =
        run(
            root,
            Map.of("DISTCC_DIR", distccDir.toString()),
            home.resolve("bin/distccmon-text").toString());
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  private List<String> awaitMonitor(Path distccDir, int lines, String phase) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> seen = List.of();
    while (System.nanoTime() < deadline) {
      seen = monitor(distccDir);
      if (seen.size() == lines && seen.stream().allMatch(l -> l.contains(phase))) {
        return seen;
      }
      Thread.sleep(200);
    }
    fail("monitor never showed " + lines + " jobs in " + phase + ": " + seen);
    return seen;
  }

  @Test
  void monitorListsRunningJobsWithHostAndPhaseAndForgetsFinishedAndKilledOnes() throws Exception {
    Path dir = Files.createDirectories(root.resolve("monitored"));
    Path distccDir = dir.resolve(".distcc");
    Map<String, String> env =
        Map.of("DISTCC_HOSTS", slowVolunteer, "DISTCC_DIR", distccDir.toString());
    List<Process> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Files.writeString(dir.resolve("s" + i + ".c"), "int s" + i + ";\n");
      clients.add(
          builder(
                  dir,
                  env,
                  List.of(
                      home.resolve("bin/distcc").toString(),
                      "gcc",
                      "-c",
                      "s" + i + ".c",
                      "-o",
                      "s" + i + ".o"))
              .redirectErrorStream(true)
              .redirectOutput(new File("/dev/null"))
              .start());
    }
    List<String> lines = awaitMonitor(distccDir, 3, "Compile");
    for (int i = 0; i < 3; i++) {
      final String file = "s" + i + ".c";
      assertTrue(
          lines.stream().anyMatch(l -> l.contains(file) && l.contains("slow-volunteer/8[")),
          lines.toString());
    }
    for (Process client : clients) {
      assertTrue(client.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, client.exitValue());
    }
    assertEquals(List.of(), monitor(distccDir));

    Process victim =
        builder(
                dir,
                env,
                List.of(
                    home.resolve("bin/distcc").toString(), "gcc", "-c", "s0.c", "-o", "killed.o"))
            .redirectErrorStream(true)
            .redirectOutput(new File("/dev/null"))
            .start();
    awaitMonitor(distccDir, 1, "Compile");
    victim.destroyForcibly();
    assertTrue(victim.waitFor(10, TimeUnit.SECONDS));
    assertEquals(List.of(), monitor(distccDir));
    try (var notes = Files.list(distccDir.resolve("state"))) {
      assertEquals(
          List.of(),
          notes.filter(p -> p.getFileName().toString().startsWith("binstate_")).toList());
    }
    assertFalse(Files.exists(dir.resolve("killed.o")));
  }
}
