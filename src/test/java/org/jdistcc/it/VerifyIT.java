package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * DISTCC_VERIFY with two jdistcc volunteers, one of which runs gcc behind a wrapper that adds
 * {@code -O1}: a {@code make -j4} that checks every job puts the bad volunteer in quarantine once
 * its first job is checked and ends (in the agent: once the checks are done) with every object
 * equal to a local compile; in the agent a sampled job delivers at once and its check waits for a
 * free local slot; the strict mode fails the job instead; {@code --check-hosts} keeps a bad host in
 * quarantine and releases a good one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyIT {
  private static final int FILES = 8;
  @TempDir static Path root;
  private Path client;
  private String good;
  private String bad;

  @BeforeAll
  void volunteers() throws Exception {
    client = Tools.home().resolve("bin/distcc");
    Path distccd = Tools.home().resolve("bin/distccd");
    Tools.require("gcc");
    Tools.require("make");
    Path wrap = Tools.compilerWrappers(root.resolve("wrap"), "-O1");
    good = "|" + distccd + "/1";
    bad =
        "|"
            + Tools.script(
                root.resolve("bad-distccd"), "PATH=" + wrap + ":$PATH exec " + distccd + " \"$@\"")
            + "/1";
  }

  private Map<String, String> env(Path dir, String hosts) {
    Map<String, String> env = new HashMap<>();
    env.put("DISTCC_HOSTS", hosts);
    env.put("DISTCC_DIR", dir.resolve(".distcc").toString());
    env.put("DISTCC_VERIFY", "1000");
    env.put("DISTCC_TRACE", dir.resolve("trace.jsonl").toString());
    return env;
  }

  /** The trace's records, one a line; none when nothing was traced yet. */
  private static List<String> trace(Path dir) throws Exception {
    Path trace = dir.resolve("trace.jsonl");
    return Files.exists(trace) ? Files.readAllLines(trace) : List.of();
  }

  /**
   * Waits until every check the agent queued for this directory's jobs has run: each queued job
   * gets a "verify" record, written after the check has done all it does.
   */
  private static void awaitChecks(Path dir) throws Exception {
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (true) {
      List<String> records = trace(dir);
      long queued = records.stream().filter(l -> l.contains("\"verified\":\"queued\"")).count();
      long checked = records.stream().filter(l -> l.contains("\"where\":\"verify\"")).count();
      if (checked >= queued) {
        return;
      }
      assertTrue(
          System.nanoTime() < deadline, "checks still pending: " + checked + " of " + queued);
      Thread.sleep(100);
    }
  }

  private static long remoteJobsOn(Path dir, String host) throws Exception {
    return trace(dir).stream()
        .filter(
            l ->
                l.contains("\"where\":\"remote\"")
                    && l.contains("\"host\":\"" + host.replace("\\", "\\\\") + "\""))
        .count();
  }

  private static Path project(Path dir) throws Exception {
    Files.createDirectories(dir);
    StringBuilder objects = new StringBuilder();
    for (int i = 0; i < FILES; i++) {
      Files.writeString(
          dir.resolve("f" + i + ".c"),
          "int f"
              + i
              + "(int *a, int n) {\n"
              + "  int s = "
              + i
              + ";\n  for (int j = 0; j < n; j++) s += a[j] * (j ^ "
              + i
              + ");\n"
              + "  return s;\n}\nstatic int g(int x) { return x * x + "
              + i
              + "; }\n"
              + "int h"
              + i
              + "(int x) { return g(x) + g(x + 1); }\n");
      objects.append(" f").append(i).append(".o");
    }
    Files.writeString(
        dir.resolve("Makefile"), "all:" + objects + "\n%.o: %.c\n\t$(CC) -O2 -c $< -o $@\n");
    return dir;
  }

  private static void assertObjectsAreLocal(Path dir) throws Exception {
    for (int i = 0; i < FILES; i++) {
      Run local = Run.local(dir, "gcc", "-O2", "-c", "f" + i + ".c", "-o", "local.o");
      assertEquals(0, local.exit(), local.toString());
      assertArrayEquals(
          Files.readAllBytes(dir.resolve("local.o")),
          Files.readAllBytes(dir.resolve("f" + i + ".o")),
          "f" + i + ".o differs from a local compile");
    }
  }

  @Test
  void aVolunteerThatCompilesDifferentlyIsQuarantinedAfterItsFirstJobAndTheBuildStaysCorrect()
      throws Exception {
    Path dir = project(root.resolve("make"));
    Run make = Run.of(dir, env(dir, bad + " " + good), "make", "-j4", "CC=" + client + " gcc");
    assertEquals(0, make.exit(), make.toString());
    awaitChecks(dir);
    assertObjectsAreLocal(dir);
    assertTrue(remoteJobsOn(dir, bad) >= 1, "the bad host had no job: " + trace(dir));

    // One warning, on the build's stderr or (when the check ended after the build) the next job's.
    Run show = Run.of(dir, env(dir, bad + " " + good), client.toString(), "--show-hosts");
    assertTrue(
        show.stdout().lines().anyMatch(l -> l.startsWith(bad + "  (in quarantine: objects differ")),
        show.toString());
    long warnings =
        (make.stderr() + show.stderr())
            .lines()
            .filter(l -> l.contains("objects differ: " + bad))
            .count();
    assertEquals(1, warnings, make + "\n" + show);

    // Quarantined: a second build sends nothing to the bad host and needs no correction.
    for (int i = 0; i < FILES; i++) {
      Files.delete(dir.resolve("f" + i + ".o"));
    }
    Files.delete(dir.resolve("trace.jsonl"));
    Run again = Run.of(dir, env(dir, bad + " " + good), "make", "-j4", "CC=" + client + " gcc");
    assertEquals(0, again.exit(), again.toString());
    awaitChecks(dir);
    assertEquals(0, remoteJobsOn(dir, bad), trace(dir).toString());
    assertFalse(again.stderr().contains("objects differ"), again.toString());
    assertObjectsAreLocal(dir);

    // The check keeps the bad host out.
    Run check = Run.of(dir, env(dir, bad), client.toString(), "--check-hosts", "cc");
    assertEquals(1, check.exit(), check.toString());
    show = Run.of(dir, env(dir, bad + " " + good), client.toString(), "--show-hosts");
    assertTrue(show.stdout().contains("(in quarantine"), show.toString());
  }

  @Test
  void strictVerificationFailsTheJobWhoseObjectsDiffer() throws Exception {
    Path dir = project(root.resolve("strict"));
    Map<String, String> env = env(dir, bad);
    env.put("DISTCC_VERIFY_STRICT", "1");
    Run job = Run.of(dir, env, client.toString(), "gcc", "-O2", "-c", "f0.c", "-o", "f0.o");
    assertEquals(100, job.exit(), job.toString());
    assertTrue(job.stderr().contains("objects differ: " + bad), job.toString());
    assertFalse(Files.exists(dir.resolve("f0.o")), "no object from a job that failed verification");
  }

  @Test
  void aHostThatIsMendedLeavesQuarantineWhenTheCheckPasses() throws Exception {
    Path dir = project(root.resolve("mended"));
    Path broken = root.resolve("broken");
    Files.writeString(broken, "");
    String flaky =
        "|"
            + Tools.script(
                root.resolve("flaky-distccd"),
                "if [ -e "
                    + broken
                    + " ]; then PATH="
                    + root.resolve("wrap")
                    + ":$PATH; fi; exec "
                    + Tools.home().resolve("bin/distccd")
                    + " \"$@\"");
    Run job =
        Run.of(dir, env(dir, flaky), client.toString(), "gcc", "-O2", "-c", "f1.c", "-o", "f1.o");
    assertEquals(0, job.exit(), job.toString());
    awaitChecks(dir);
    assertObjectsAreLocalFor(dir, 1);

    Files.delete(broken);
    Run check = Run.of(dir, env(dir, flaky), client.toString(), "--check-hosts", "cc");
    assertTrue(
        (job.stderr() + check.stderr()).contains("objects differ: " + flaky), job + "\n" + check);
    assertEquals(0, check.exit(), check.toString());
    assertTrue(
        check.stdout().contains(flaky + " passed and is out of quarantine"), check.toString());
    Run show = Run.of(dir, env(dir, flaky), client.toString(), "--show-hosts");
    assertEquals(flaky, show.stdout().strip(), show.toString());
  }

  @Test
  @SuppressWarnings("try") // the lock is held for the body, not used in it
  void inTheAgentATrustedHostsSampledJobDeliversAtOnceAndItsCheckWaitsForAFreeLocalSlot()
      throws Exception {
    assumeFalse(
        "0".equals(System.getenv("DISTCC_AGENT")),
        "the in-process client checks before it returns");
    Path dir = project(root.resolve("deferred"));
    Map<String, String> env = env(dir, "--localslots=1 " + good);
    // A host earns checks after the job by passing one before it.
    Run first = Run.of(dir, env, client.toString(), "gcc", "-O2", "-c", "f1.c", "-o", "f1.o");
    assertEquals(0, first.exit(), first.toString());
    assertTrue(trace(dir).get(0).contains("\"verified\":\"identical\""), trace(dir).toString());
    Path lock = dir.resolve(".distcc/lock/cpu_localhost_0");
    Files.createDirectories(lock.getParent());
    try (FileChannel slot =
            FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = slot.lock()) {
      Run job = Run.of(dir, env, client.toString(), "gcc", "-O2", "-c", "f2.c", "-o", "f2.o");
      assertEquals(0, job.exit(), job.toString());
      assertObjectsAreLocalFor(dir, 2);
      assertTrue(trace(dir).get(1).contains("\"verified\":\"queued\""), trace(dir).toString());
      Thread.sleep(1000);
      assertEquals(
          2, trace(dir).size(), "checked while the only local slot was taken: " + trace(dir));
    }
    awaitChecks(dir);
    String check = trace(dir).get(2);
    assertTrue(
        check.contains("\"where\":\"verify\"") && check.contains("\"verified\":\"identical\""),
        check);
  }

  @Test
  void aHostTrustedOnDiskHasItsChecksDeferredByAnAgentThatNeverCheckedIt() throws Exception {
    assumeFalse(
        "0".equals(System.getenv("DISTCC_AGENT")),
        "the in-process client checks before it returns");
    Path dir = project(root.resolve("remembered"));
    Map<String, String> env = env(dir, good);
    env.put("DISTCC_AGENT_IDLE", "5");
    env.put("XDG_RUNTIME_DIR", privateDir(dir.resolve("run-1")).toString());
    Run first = Run.of(dir, env, client.toString(), "gcc", "-O2", "-c", "f1.c", "-o", "f1.o");
    assertEquals(0, first.exit(), first.toString());
    assertTrue(trace(dir).get(0).contains("\"verified\":\"identical\""), trace(dir).toString());
    try (var files = Files.list(dir.resolve(".distcc/lock"))) {
      assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("trusted_")).count());
    }
    // Another agent, as after an idle exit: it trusts what the first one wrote down.
    env.put("XDG_RUNTIME_DIR", privateDir(dir.resolve("run-2")).toString());
    Run second = Run.of(dir, env, client.toString(), "gcc", "-O2", "-c", "f2.c", "-o", "f2.o");
    assertEquals(0, second.exit(), second.toString());
    assertTrue(trace(dir).get(1).contains("\"verified\":\"queued\""), trace(dir).toString());
    awaitChecks(dir);
    assertObjectsAreLocalFor(dir, 2);
  }

  @Test
  void aCheckStoppedForAJobGivesBackItsLocalSlotSoTheJobDoesNotWaitForIt() throws Exception {
    assumeFalse(
        "0".equals(System.getenv("DISTCC_AGENT")),
        "the in-process client checks before it returns");
    Path dir = project(root.resolve("stopped"));
    StringBuilder slow = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      slow.append("int s")
          .append(i)
          .append("(int *a, int n) { int t = 0; for (int j = 0; j < n; j++) t += a[j] * (")
          .append(i)
          .append(" ^ j); return t; }\n");
    }
    Files.writeString(dir.resolve("slow.c"), slow);
    Map<String, String> env = env(dir, "--localslots=1 " + good);
    // An agent of its own, which no other test's job has taught to trust the volunteer.
    env.put("XDG_RUNTIME_DIR", privateDir(dir.resolve("run")).toString());
    env.put("DISTCC_AGENT_IDLE", "5");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    env.put("TMPDIR", tmp.toString());
    Run first = Run.of(dir, env, client.toString(), "gcc", "-O2", "-c", "f1.c", "-o", "f1.o");
    assertEquals(0, first.exit(), first.toString());
    Run queued = Run.of(dir, env, client.toString(), "gcc", "-O2", "-c", "slow.c", "-o", "slow.o");
    assertEquals(0, queued.exit(), queued.toString());
    assertTrue(trace(dir).get(1).contains("\"verified\":\"queued\""), trace(dir).toString());
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!checkRunning(tmp)) {
      assertTrue(System.nanoTime() < deadline, "the check did not start");
      Thread.sleep(10);
    }
    // A job that needs the only local slot, which the running check holds until the job starts.
    Map<String, String> local = env(dir, "localhost/1");
    local.put("XDG_RUNTIME_DIR", env.get("XDG_RUNTIME_DIR"));
    local.put("DISTCC_AGENT_IDLE", "5");
    Run job = Run.of(dir, local, client.toString(), "gcc", "-O2", "-c", "f3.c", "-o", "f3.o");
    assertEquals(0, job.exit(), job.toString());
    assertFalse(
        trace(dir).stream().anyMatch(l -> l.contains("\"where\":\"verify\"")),
        "the check ended before the job: " + trace(dir));
    awaitChecks(dir);
    String check = trace(dir).get(trace(dir).size() - 1);
    assertTrue(check.contains("\"verified\":\"identical\""), check);
  }

  @Test
  void aPumpJobIsSampledTooAndItsVolunteersDifferentCodeIsCaught() throws Exception {
    Path dir = project(root.resolve("pump"));
    Files.writeString(dir.resolve("f1.h"), "#define K 3\n");
    Files.writeString(
        dir.resolve("f1.c"), "#include \"f1.h\"\n" + Files.readString(dir.resolve("f1.c")));
    String pumpHost = bad + ",lzo,cpp";
    Map<String, String> env = env(dir, pumpHost);
    env.put("DISTCC_FALLBACK", "0");
    Run job =
        Run.of(
            dir,
            env,
            List.of(
                Tools.home().resolve("bin/pump").toString(),
                client.toString(),
                "gcc",
                "-O2",
                "-MMD",
                "-c",
                "f1.c",
                "-o",
                "f1.o"));
    assertEquals(0, job.exit(), job.toString());
    String record = trace(dir).get(0);
    assertTrue(
        record.contains("\"verified\":\"DIFFERENT") && record.contains("\"why\":\"pump\""),
        trace(dir).toString());
    assertTrue(job.stderr().contains("objects differ: " + pumpHost), job.toString());
    assertObjectsAreLocalFor(dir, 1);
    assertTrue(Files.readString(dir.resolve("f1.d")).contains("f1.h"), "the job's own .d");
  }

  /** Whether a check's compiler runs (its command names the check's private directory). */
  private static boolean checkRunning(Path tmp) {
    for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
      try {
        String cmdline = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"));
        if (cmdline.contains(tmp + "/distcc-verify-")) {
          return true;
        }
      } catch (java.io.IOException e) {
        // ended meanwhile, or not ours to read
      }
    }
    return false;
  }

  private static Path privateDir(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(
        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    return dir;
  }

  private static void assertObjectsAreLocalFor(Path dir, int i) throws Exception {
    Run local = Run.local(dir, "gcc", "-O2", "-c", "f" + i + ".c", "-o", "local.o");
    assertEquals(0, local.exit(), local.toString());
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("local.o")),
        Files.readAllBytes(dir.resolve("f" + i + ".o")));
  }
}
