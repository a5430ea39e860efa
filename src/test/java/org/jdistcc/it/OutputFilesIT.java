package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where and how the object lands, for every kind of thing already at the target, measured against a
 * local {@code gcc -c} and against distcc 3.4's client (both talk to a real distccd 3.4 {@code
 * --daemon}): the same file type, mode, link and hard-link outcome. distcc 3.4 matches gcc in every
 * case but a FIFO, where GNU as fails ("Illegal seek") and distcc 3.4 writes the object through;
 * jdistcc does what distcc 3.4 does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputFilesIT {
  @TempDir static Path root;
  private Path client;
  private Path realClient;
  private Process daemon;
  private int port;

  @BeforeAll
  void startDaemon() throws Exception {
    Tools.require("gcc");
    client = Tools.home().resolve("bin/distcc");
    realClient = Tools.require("distcc");
    Tools.require("distccd");
    port = Tools.freePort();
    Path log = root.resolve("daemon.log");
    daemon = RealDistccd.daemon(port, log, "--log-stderr", "--log-level", "info");
  }

  @AfterAll
  void stopDaemon() throws Exception {
    Tools.stop(daemon);
  }

  private Map<String, String> env(Path dir) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DISTCC_HOSTS", "127.0.0.1:" + port);
    env.put("DISTCC_DIR", Files.createDirectories(dir.resolve(".distcc")).toString());
    env.put("DISTCC_FALLBACK", "0"); // a failure to distribute must show, not be hidden locally
    env.put("HOME", dir.toString());
    return env;
  }

  /** Makes the target kind in {@code dir}; a FIFO gets a reader that copies into fifo.out. */
  private Process prepare(Path dir, String kind) throws Exception {
    Path target = dir.resolve("t.o");
    switch (kind) {
      case "empty" ->
          Files.createFile(
              target,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      case "non-empty" -> Files.writeString(target, "old");
      case "dangling-link" -> Files.createSymbolicLink(target, Path.of("real.o"));
      case "link-to-non-empty" -> {
        Files.writeString(dir.resolve("real.o"), "old");
        Files.createSymbolicLink(target, Path.of("real.o"));
      }
      case "link-to-empty" -> {
        Files.createFile(dir.resolve("real.o"));
        Files.createSymbolicLink(target, Path.of("real.o"));
      }
      case "hard-link" -> {
        Files.writeString(dir.resolve("other.o"), "old");
        Files.createLink(target, dir.resolve("other.o"));
      }
      case "device" -> {
        // A copy of /dev/null (character device 1,3), made for the test; needs root, as in CI.
        Run made = Run.local(dir, "mknod", target.toString(), "c", "1", "3");
        assertEquals(0, made.exit(), "mknod needs root: " + made);
      }
      case "fifo" -> {
        assertEquals(0, Run.local(dir, "mkfifo", target.toString()).exit());
        return new ProcessBuilder("sh", "-c", "cat t.o > fifo.out").directory(dir.toFile()).start();
      }
      default -> {}
    }
    return null;
  }

  /** What a compile left behind, as one comparable line. */
  private static String outcome(Path dir) throws Exception {
    Path target = dir.resolve("t.o");
    StringBuilder s = new StringBuilder();
    s.append(
        Files.isSymbolicLink(target)
            ? "symlink"
            : Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                ? "file"
                : Run.local(dir, "stat", "-c", "%F", "t.o").stdout().strip());
    if (Files.exists(target) && !Files.isSymbolicLink(target)) {
      s.append(" mode=")
          .append(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS)));
      if (Files.isRegularFile(target)) {
        s.append(" object=").append(isObject(target));
      }
    }
    for (String other : List.of("real.o", "other.o", "fifo.out")) {
      Path p = dir.resolve(other);
      if (Files.exists(p)) {
        s.append(" ")
            .append(other)
            .append("=")
            .append(
                Files.size(p) == 0 ? "empty" : isObject(p) ? "object" : Files.readString(p).strip())
            .append(" ")
            .append(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
      }
    }
    return s.toString();
  }

  private static boolean isObject(Path file) throws Exception {
    byte[] b = Files.readAllBytes(file);
    return b.length > 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
  }

  /** Compiles t.c to t.o with umask 022 in a fresh directory holding {@code kind} at t.o. */
  private String compile(String who, String kind, String command) throws Exception {
    Path dir = Files.createDirectories(root.resolve(who + "-" + kind));
    Files.writeString(dir.resolve("t.c"), "int answer(void) { return 42; }\n");
    Process reader = prepare(dir, kind);
    Run run = Run.of(dir, env(dir), "sh", "-c", "umask 022; exec " + command + " -c t.c -o t.o");
    if (reader != null) {
      reader.waitFor(10, TimeUnit.SECONDS);
    }
    return "exit="
        + run.exit()
        + " "
        + outcome(dir)
        + (run.exit() == 0 ? "" : " " + run.stderr().lines().findFirst().orElse(""));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "missing",
        "empty",
        "non-empty",
        "dangling-link",
        "link-to-non-empty",
        "link-to-empty",
        "hard-link",
        "device"
      })
  void targetEndsAsAfterALocalCompileAndAsWithDistcc34(String kind) throws Exception {
    String gcc = compile("gcc", kind, "gcc");
    String distcc34 = compile("distcc34", kind, realClient + " gcc");
    String jdistcc = compile("jdistcc", kind, client + " gcc");
    assertEquals(gcc, distcc34, "distcc 3.4 differs from gcc, the measurement is off");
    assertEquals(gcc, jdistcc);
    assertTrue(gcc.startsWith("exit=0"), gcc);
  }

  @Test
  void fifoStaysAFifoAndItsReaderGetsTheWholeObject() throws Exception {
    String distcc34 = compile("distcc34", "fifo", realClient + " gcc");
    String jdistcc = compile("jdistcc", "fifo", client + " gcc");
    // gcc itself fails here: GNU as seeks in its output ("Illegal seek"); distcc 3.4 writes it.
    assertTrue(compile("gcc", "fifo", "gcc").startsWith("exit=1 fifo"));
    assertEquals("exit=0 fifo mode=rw-r--r-- fifo.out=object rw-r--r--", distcc34);
    assertEquals(distcc34, jdistcc);
  }

  @ParameterizedTest(name = "umask {0}")
  @CsvSource({"022, rw-r--r--", "027, rw-r-----", "077, rw-------", "002, rw-rw-r--"})
  void newObjectHasTheModeOfTheUmask(String umask, String mode) throws Exception {
    for (String[] who :
        new String[][] {
          {"gcc", "gcc"}, {"distcc34", realClient + " gcc"}, {"jdistcc", client + " gcc"}
        }) {
      Path dir = Files.createDirectories(root.resolve("umask-" + umask + "-" + who[0]));
      Files.writeString(dir.resolve("t.c"), "int answer(void) { return 42; }\n");
      Run run =
          Run.of(
              dir, env(dir), "sh", "-c", "umask " + umask + "; exec " + who[1] + " -c t.c -o t.o");
      assertEquals(0, run.exit(), run.toString());
      assertEquals(
          mode,
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("t.o"))),
          who[0]);
    }
  }

  @Test
  void missingOutputDirectoryFailsAsTheLocalCompilerDoesWithoutSendingTheJob() throws Exception {
    Path dir = Files.createDirectories(root.resolve("nodir"));
    Files.writeString(dir.resolve("t.c"), "int answer(void) { return 42; }\n");
    Run gcc = Run.local(dir, "gcc", "-c", "t.c", "-o", "nodir/x.o");
    long jobs = jobs();
    Run ours = Run.of(dir, env(dir), client.toString(), "gcc", "-c", "t.c", "-o", "nodir/x.o");
    assertEquals(1, gcc.exit(), gcc.toString());
    assertEquals(gcc.exit(), ours.exit(), ours.toString());
    assertEquals(gcc.stderr(), ours.stderr(), "the same message as gcc's");
    assertEquals(jobs, jobs(), "the job was sent to the volunteer");
    assertFalse(Files.exists(dir.resolve("nodir")));
    // distcc 3.4 creates the directory and succeeds: a documented difference.
    Run real = Run.of(dir, env(dir), realClient.toString(), "gcc", "-c", "t.c", "-o", "nodir/x.o");
    assertEquals(0, real.exit(), real.toString());
    assertTrue(Files.isRegularFile(dir.resolve("nodir/x.o")));
  }

  private long jobs() {
    return Tools.read(root.resolve("daemon.log"))
        .lines()
        .filter(l -> l.contains("COMPILE_OK"))
        .count();
  }
}
