package org.jdistcc.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slots across real processes: the case distcc's lock files exist for. */
class SlotPickerProcessTest {
  @TempDir Path dir;
  private final SlotLocks locks = new SlotLocks();

  private Process start(String... args) throws IOException, URISyntaxException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String classPath =
        Path.of(SlotHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            + File.pathSeparator
            + Path.of(SlotPicker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-cp", classPath));
    command.add(SlotHolder.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private SlotPicker picker(Path lockDir) {
    Backoff backoff = new Backoff(lockDir, Duration.ZERO, Clock.systemUTC());
    return new SlotPicker(lockDir, locks, backoff, Duration.ofMillis(1), new Random());
  }

  private static String firstLine(Process process) throws IOException {
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    return out.readLine();
  }

  @Test
  void aKilledProcessFreesItsSlot() throws Exception {
    Path lockDir = dir.resolve("lock");
    HostList hosts = HostSpecParser.parse("angry/1");
    Process holder = start("hold", lockDir.toString(), "angry/1");
    try {
      assertEquals("held tcp_angry_3632 0", firstLine(holder));
      SlotPicker picker = picker(lockDir);
      assertTrue(picker.tryPick(hosts).isEmpty(), "held by the other process");
      holder.destroyForcibly();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
      Optional<Slot> freed = picker.tryPick(hosts);
      assertTrue(freed.isPresent());
      freed.get().close();
    } finally {
      holder.destroyForcibly();
    }
  }

  /**
   * Closing the channel that found a file locked by another picker of this JVM must not drop that
   * picker's lock, or another process could take the slot too.
   */
  @Test
  @SuppressWarnings("try") // the slot is held for the body, not used in it
  void aBusyProbeInOneJvmDoesNotDropThatJvmsLock() throws Exception {
    Path lockDir = dir.resolve("lock");
    HostList hosts = HostSpecParser.parse("angry/1");
    try (Slot held = picker(lockDir).pick(hosts)) {
      assertFalse(picker(lockDir).tryPick(hosts).isPresent());
      Process other = start("hold", lockDir.toString(), "angry/1");
      try {
        assertFalse(
            other.waitFor(2, TimeUnit.SECONDS) || other.getInputStream().available() > 0,
            "the other process got the slot");
      } finally {
        other.destroyForcibly();
      }
    }
  }

  /**
   * The process keeps its lock files open across jobs; when the lock directory is removed and made
   * again, a lock on the old, removed file would exclude no other process.
   */
  @Test
  @SuppressWarnings("try") // the slot is held for the body, not used in it
  void aSlotTakenAfterTheLockDirectoryWasRemovedExcludesOtherProcesses() throws Exception {
    Path lockDir = dir.resolve("lock");
    HostList hosts = HostSpecParser.parse("angry/1");
    picker(lockDir).pick(hosts).close();
    try (var files = Files.walk(lockDir)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
    try (Slot held = picker(lockDir).pick(hosts)) {
      Process other = start("hold", lockDir.toString(), "angry/1");
      try {
        assertFalse(
            other.waitFor(2, TimeUnit.SECONDS) || other.getInputStream().available() > 0,
            "the other process got the slot");
      } finally {
        other.destroyForcibly();
      }
    }
  }

  /**
   * Several processes take slots repeatedly and log when they held them. At no instant may more of
   * a host's slots be held than its limit, nor any slot twice.
   */
  @Test
  void concurrentProcessesNeverRunMoreJobsOnAHostThanItsLimit() throws Exception {
    Path lockDir = dir.resolve("lock");
    String hosts = "a/2 b/1";
    List<Process> children = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path log = dir.resolve("log" + i);
      logs.add(log);
      children.add(start("jobs", lockDir.toString(), hosts, "15", "15", log.toString()));
    }
    for (Process child : children) {
      assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child finished");
      assertEquals(0, child.exitValue());
    }
    Map<String, List<long[]>> byHost = new HashMap<>();
    Map<String, List<long[]>> bySlot = new HashMap<>();
    for (Path log : logs) {
      for (String line : Files.readAllLines(log)) {
        String[] f = line.split(" ");
        long[] interval = {Long.parseLong(f[2]), Long.parseLong(f[3])};
        byHost.computeIfAbsent(f[0], k -> new ArrayList<>()).add(interval);
        bySlot.computeIfAbsent(f[0] + "#" + f[1], k -> new ArrayList<>()).add(interval);
      }
    }
    assertEquals(60, byHost.values().stream().mapToInt(List::size).sum());
    assertEquals(2, mostAtOnce(byHost.get("tcp_a_3632")));
    assertEquals(1, mostAtOnce(byHost.get("tcp_b_3632")));
    for (Map.Entry<String, List<long[]>> slot : bySlot.entrySet()) {
      assertEquals(1, mostAtOnce(slot.getValue()), slot.getKey());
    }
  }

  /** The largest number of intervals that overlap; touching ends do not overlap. */
  private static int mostAtOnce(List<long[]> intervals) {
    List<long[]> events = new ArrayList<>();
    for (long[] i : intervals) {
      events.add(new long[] {i[0], 1});
      events.add(new long[] {i[1], -1});
    }
    events.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    int now = 0;
    int most = 0;
    for (long[] e : events) {
      now += (int) e[1];
      most = Math.max(most, now);
    }
    return most;
  }
}
