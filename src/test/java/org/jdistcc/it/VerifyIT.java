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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * DISTCC_VERIFY with two jdistcc volunteers, one of which runs gcc behind a wrapper that adds
 * {@code -O1}: a {@code make -j4} that checks every job puts the bad volunteer in quarantine after
 * its first job and still ends with every object equal to a local compile; the strict mode fails
 * the job instead; {@code --check-hosts} keeps a bad host in quarantine and releases a good one.
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
    bad = "|" + Tools.script(root.resolve("bad-distccd"), "PATH=" + wrap + ":$PATH exec " + distccd + " \"$@\"")
        + "/1";
  }

  private Map<String, String> env(Path dir, String hosts) {
    Map<String, String> env = new HashMap<>();
    env.put("DISTCC_HOSTS", hosts);
    env.put("DISTCC_DIR", dir.resolve(".distcc").toString());
    env.put("DISTCC_VERIFY", "1000");
    return env;
  }

  private static Path project(Path dir) throws Exception {
    Files.createDirectories(dir);
    StringBuilder objects = new StringBuilder();
    for (int i = 0; i < FILES; i++) {
      Files.writeString(dir.resolve("f" + i + ".c"), "int f" + i + "(int *a, int n) {\n"
          + "  int s = " + i + ";\n  for (int j = 0; j < n; j++) s += a[j] * (j ^ " + i + ");\n"
          + "  return s;\n}\nstatic int g(int x) { return x * x + " + i + "; }\n"
          + "int h" + i + "(int x) { return g(x) + g(x + 1); }\n");
      objects.append(" f").append(i).append(".o");
    }
    Files.writeString(dir.resolve("Makefile"), "all:" + objects + "\n%.o: %.c\n\t$(CC) -O2 -c $< -o $@\n");
    return dir;
  }

  private static void assertObjectsAreLocal(Path dir) throws Exception {
    for (int i = 0; i < FILES; i++) {
      Run local = Run.local(dir, "gcc", "-O2", "-c", "f" + i + ".c", "-o", "local.o");
      assertEquals(0, local.exit(), local.toString());
      assertArrayEquals(Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(dir.resolve("f" + i + ".o")),
          "f" + i + ".o differs from a local compile");
    }
  }

  @Test
  void aVolunteerThatCompilesDifferentlyIsQuarantinedAfterItsFirstJobAndTheBuildStaysCorrect() throws Exception {
    Path dir = project(root.resolve("make"));
    Run make = Run.of(dir, env(dir, bad + " " + good), "make", "-j4", "CC=" + client + " gcc");
    assertEquals(0, make.exit(), make.toString());
    long warnings = make.stderr().lines().filter(l -> l.contains("objects differ: " + bad)).count();
    assertEquals(1, warnings, make.toString());
    assertObjectsAreLocal(dir);

    Run show = Run.of(dir, env(dir, bad + " " + good), client.toString(), "--show-hosts");
    assertTrue(show.stdout().lines().anyMatch(l -> l.startsWith(bad + "  (in quarantine: objects differ")),
        show.toString());

    // Quarantined: a second build sends nothing to the bad host and needs no correction.
    for (int i = 0; i < FILES; i++) {
      Files.delete(dir.resolve("f" + i + ".o"));
    }
    Run again = Run.of(dir, env(dir, bad + " " + good), "make", "-j4", "CC=" + client + " gcc");
    assertEquals(0, again.exit(), again.toString());
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
    String flaky = "|" + Tools.script(root.resolve("flaky-distccd"),
        "if [ -e " + broken + " ]; then PATH=" + root.resolve("wrap") + ":$PATH; fi; exec "
            + Tools.home().resolve("bin/distccd") + " \"$@\"");
    Run job = Run.of(dir, env(dir, flaky), client.toString(), "gcc", "-O2", "-c", "f1.c", "-o", "f1.o");
    assertEquals(0, job.exit(), job.toString());
    assertTrue(job.stderr().contains("objects differ: " + flaky), job.toString());
    assertObjectsAreLocalFor(dir, 1);

    Files.delete(broken);
    Run check = Run.of(dir, env(dir, flaky), client.toString(), "--check-hosts", "cc");
    assertEquals(0, check.exit(), check.toString());
    assertTrue(check.stdout().contains(flaky + " passed and is out of quarantine"), check.toString());
    Run show = Run.of(dir, env(dir, flaky), client.toString(), "--show-hosts");
    assertEquals(flaky, show.stdout().strip(), show.toString());
  }

  private static void assertObjectsAreLocalFor(Path dir, int i) throws Exception {
    Run local = Run.local(dir, "gcc", "-O2", "-c", "f" + i + ".c", "-o", "local.o");
    assertEquals(0, local.exit(), local.toString());
    assertArrayEquals(Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(dir.resolve("f" + i + ".o")));
  }
}
