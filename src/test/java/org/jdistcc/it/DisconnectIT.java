package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that gives up while its job compiles (killed, or past its DISTCC_IO_TIMEOUT): the
 * volunteer kills the compiler's whole process group, logs the disconnect, reports no COMPILE_OK
 * and ends the connection's process, as distccd 3.4 does ("Client fd disconnected, killing job"),
 * which this test runs first as the control.
 */
class DisconnectIT {
  @TempDir static Path root;

  /** A compile that runs for minutes: a long constant-expression loop in cc1plus. */
  private static final String SLOW =
      "constexpr unsigned long spin(unsigned long n) { unsigned long s = 0;"
          + " for (unsigned long i = 0; i < n; ++i) s += i ^ (s >> 3); return s; }\n"
          + "constexpr unsigned long value = spin(400000000UL);\n"
          + "unsigned long get() { return value; }\n";

  private static final List<String> SLOW_FLAGS =
      List.of("-fconstexpr-loop-limit=2000000000", "-fconstexpr-ops-limit=100000000000");

  @Test
  void distccd34KillsTheJobWhenTheClientIsKilled() throws Exception {
    Path distccd = Tools.require("distccd");
    try (Listener inetd =
        Listener.socat(
            root, distccd + " --inetd --allow 127.0.0.1 --log-stderr --log-level info")) {
      Path dir = work("real");
      Process client = start(dir, Tools.require("distcc"), inetd.port, Map.of());
      long group = compilerGroup(inetd, client);
      client.destroyForcibly();
      assertGroupEnds(group);
      String log = Tools.read(inetd.log);
      assertTrue(log.contains("Client fd disconnected, killing job"), log);
      assertFalse(log.contains("COMPILE_OK"), log);
    }
  }

  @Test
  void volunteerKillsTheCompilersGroupWhenTheClientIsKilled() throws Exception {
    Path volunteerLog = root.resolve("killed.log");
    try (Listener inetd =
        Listener.socat(
            root,
            Tools.home().resolve("bin/distccd")
                + " --inetd --allow 127.0.0.1 --allow-compiler g++ --log-file "
                + volunteerLog)) {
      Path dir = work("ours-killed");
      Process client = start(dir, Tools.require("distcc"), inetd.port, Map.of());
      long group = compilerGroup(inetd, client);
      client.destroyForcibly();
      assertGroupEnds(group);
      assertVolunteerLoggedTheDisconnect(volunteerLog, inetd);
    }
  }

  @Test
  void volunteerKillsTheCompilersGroupWhenTheClientTimesOut() throws Exception {
    Path volunteerLog = root.resolve("timeout.log");
    try (Listener inetd =
        Listener.socat(
            root,
            Tools.home().resolve("bin/distccd")
                + " --inetd --allow 127.0.0.1 --allow-compiler g++ --log-file "
                + volunteerLog)) {
      Path dir = work("ours-timeout");
      Process client =
          start(
              dir,
              Tools.home().resolve("bin/distcc"),
              inetd.port,
              Map.of("DISTCC_IO_TIMEOUT", "3", "DISTCC_FALLBACK", "0"));
      long group = compilerGroup(inetd, client);
      assertTrue(
          client.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the client did not give up");
      assertNotEquals(0, client.exitValue());
      assertGroupEnds(group);
      assertVolunteerLoggedTheDisconnect(volunteerLog, inetd);
    }
  }

  private static void assertVolunteerLoggedTheDisconnect(Path volunteerLog, Listener inetd)
      throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Tools.read(volunteerLog).contains(" CLI_DISCONN ") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    String log = Tools.read(volunteerLog);
    assertTrue(log.contains(" CLI_DISCONN "), log);
    assertFalse(log.contains("COMPILE_OK"), log);
    // The connection's distccd is gone too: the slot is free.
    while (inetd.process.descendants().findAny().isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(
        List.of(), inetd.process.descendants().map(p -> p.info().command().orElse("?")).toList());
  }

  private static Path work(String name) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.writeString(dir.resolve("slow.cpp"), SLOW);
    return dir;
  }

  private static Process start(Path dir, Path distcc, int port, Map<String, String> extra)
      throws IOException {
    List<String> command =
        Stream.concat(
                Stream.of(distcc.toString(), "g++", "-c", "slow.cpp", "-o", "slow.o"),
                SLOW_FLAGS.stream())
            .toList();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("client.out").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("DISTCC_"));
    env.put("DISTCC_HOSTS", "127.0.0.1:" + port);
    env.put("DISTCC_DIR", Files.createDirectories(dir.resolve(".distcc")).toString());
    env.put("HOME", dir.toString());
    env.putAll(new HashMap<>(extra));
    return builder.start();
  }

  /** Waits for cc1plus under the volunteer; returns its process group, which must be its own. */
  private static long compilerGroup(Listener inetd, Process client) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> cc1 =
          inetd
              .process
              .descendants()
              .filter(p -> p.info().command().orElse("").endsWith("/cc1plus"))
              .findFirst();
      if (cc1.isPresent()) {
        long group = group(cc1.get().pid());
        assertNotEquals(
            group(inetd.process.pid()), group, "the compiler runs in the superserver's group");
        return group;
      }
      if (!client.isAlive()) {
        fail("the client ended before the volunteer compiled: " + client.exitValue());
      }
      Thread.sleep(50);
    }
    fail("no cc1plus under the volunteer after 30 s");
    return -1;
  }

  /** The process group of a live process: field 5 of /proc/PID/stat, after the command name. */
  private static long group(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[2]);
  }

  /** Every process of the group is gone within 15 s. */
  private static void assertGroupEnds(long group) throws Exception {
    long deadline = System.nanoTime() + 15_000_000_000L;
    List<Long> left;
    do {
      left =
          ProcessHandle.allProcesses()
              .map(ProcessHandle::pid)
              .filter(
                  pid -> {
                    try {
                      return group(pid) == group;
                    } catch (IOException | RuntimeException gone) {
                      return false;
                    }
                  })
              .toList();
      if (left.isEmpty()) {
        return;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    fail("processes of the compiler's group " + group + " outlived the job: " + left);
  }
}
