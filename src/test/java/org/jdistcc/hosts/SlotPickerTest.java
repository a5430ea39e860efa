package org.jdistcc.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotPickerTest {
  @TempDir Path lockDir;
  private final SlotLocks locks = new SlotLocks();

  private Backoff backoff() {
    return new Backoff(lockDir, Backoff.DEFAULT_PERIOD, Clock.systemUTC());
  }

  private SlotPicker picker() {
    return new SlotPicker(lockDir, locks, backoff(), Duration.ofMillis(1), new Random(1));
  }

  private static List<String> names(List<Slot> slots) {
    return slots.stream().map(Slot::toString).toList();
  }

  private static void closeAll(List<Slot> slots) {
    slots.forEach(Slot::close);
  }

  @Test
  void slotZeroOfEveryHostComesBeforeSlotOneOfAny() throws DistccException {
    SlotPicker picker = picker();
    HostList hosts = HostSpecParser.parse("a/2 b/3 c/1");
    List<Slot> held = new ArrayList<>();
    Optional<Slot> slot;
    while ((slot = picker.tryPick(hosts)).isPresent()) {
      held.add(slot.get());
    }
    assertEquals(List.of("a/2#0", "b/3#0", "c/1#0", "a/2#1", "b/3#1", "b/3#2"), names(held));
    closeAll(held);
  }

  @Test
  void closedSlotsAreFreeAgain() throws DistccException {
    SlotPicker picker = picker();
    HostList hosts = HostSpecParser.parse("a/1");
    Slot first = picker.pick(hosts);
    assertTrue(picker.tryPick(hosts).isEmpty());
    first.close();
    first.close();
    try (Slot again = picker.pick(hosts)) {
      assertEquals(0, again.index());
    }
  }

  @Test
  @SuppressWarnings("try") // the slot is held for the body, not used in it
  void lockFilesHaveDistccNames() throws DistccException {
    SlotPicker picker = picker();
    HostList hosts = HostSpecParser.parse("localhost/1 a:99/1 @b/1");
    try (Slot l = picker.pick(hosts);
        Slot t = picker.pick(hosts);
        Slot s = picker.pick(hosts)) {
      for (String name : List.of("cpu_localhost_0", "cpu_tcp_a_99_0", "cpu_ssh_b_0")) {
        assertTrue(Files.exists(lockDir.resolve(name)), name);
      }
    }
  }

  @Test
  void downAndBackedOffHostsAreSkipped() throws DistccException {
    backoff().markFailed(HostSpec.Tcp.of("b"));
    HostList hosts = HostSpecParser.parse("a/1,down b/1 c/1");
    try (Slot slot = picker().pick(hosts)) {
      assertEquals("c/1", slot.host().toString());
    }
  }

  @Test
  void noUsableHostIsNoHostsRatherThanWaitingForever() throws DistccException {
    backoff().markFailed(HostSpec.Ssh.of("b"));
    HostList hosts = HostSpecParser.parse("a,down @b");
    DistccException e = assertThrows(DistccException.class, () -> picker().pick(hosts));
    assertEquals(ExitCode.NO_HOSTS, e.exitCode());
  }

  @Test
  void localAndLocalCppAndLocalhostEntriesShareTheLocalLockFiles() throws DistccException {
    SlotPicker picker = picker();
    HostList hosts = HostSpecParser.parse("localhost/2 --localslots=1 --localslots_cpp=3");
    try (Slot local = picker.pickLocal(hosts)) {
      assertEquals(0, local.index());
      try (Slot entry = picker.pick(hosts)) {
        assertEquals(1, entry.index());
        assertTrue(picker.tryPick(hosts).isEmpty(), "localhost/2 is full");
        try (Slot cpp = picker.pickLocalCpp(hosts)) {
          assertEquals(2, cpp.index());
        }
      }
    }
  }

  @Test
  void randomizeTriesHostsInAShuffledOrder() throws DistccException {
    HostList ordered = HostSpecParser.parse("a b c d e f g h");
    HostList shuffled = HostSpecParser.parse("--randomize a b c d e f g h");
    Set<String> firstChoices = ConcurrentHashMap.newKeySet();
    SlotPicker picker = picker();
    for (int i = 0; i < 50; i++) {
      try (Slot slot = picker.pick(ordered)) {
        assertEquals("a", slot.host().toString());
      }
      try (Slot slot = picker.pick(shuffled)) {
        firstChoices.add(slot.host().toString());
      }
    }
    assertTrue(firstChoices.size() > 1, firstChoices.toString());
  }

  /**
   * Threads of one JVM share a picker; each counts itself in while it holds a slot. The counts must
   * reach but never pass each host's limit, and no slot may have two holders.
   */
  @Test
  void manyThreadsNeverRunMoreJobsOnAHostThanItsLimit() throws Exception {
    HostList hosts = HostSpecParser.parse("a/2 b/3 localhost/1");
    SlotPicker picker = picker();
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> most = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> perSlot = new ConcurrentHashMap<>();
    AtomicInteger doubleHeld = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Future<?>> jobs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      jobs.add(
          pool.submit(
              () -> {
                try (Slot slot = picker.pick(hosts)) {
                  String key = slot.host().key();
                  int now =
                      running.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                  most.computeIfAbsent(key, k -> new AtomicInteger())
                      .accumulateAndGet(now, Math::max);
                  AtomicInteger holders =
                      perSlot.computeIfAbsent(slot.toString(), k -> new AtomicInteger());
                  if (holders.incrementAndGet() > 1) {
                    doubleHeld.incrementAndGet();
                  }
                  Thread.sleep(2);
                  holders.decrementAndGet();
                  running.get(key).decrementAndGet();
                }
                return null;
              }));
    }
    for (Future<?> job : jobs) {
      job.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertEquals(0, doubleHeld.get());
    assertEquals(2, most.get("tcp_a_3632").get());
    assertEquals(3, most.get("tcp_b_3632").get());
    assertEquals(1, most.get("localhost").get());
  }

  @Test
  @SuppressWarnings("try") // the slot is held for the body, not used in it
  void aSecondPickerInTheSameJvmSeesHeldSlotsAsBusy() throws DistccException {
    HostList hosts = HostSpecParser.parse("a/1");
    try (Slot held = picker().pick(hosts)) {
      assertFalse(picker().tryPick(hosts).isPresent());
    }
  }

  @Test
  void aJobWaitingForASlotTakesItWhenAnotherJobOfThisJvmReleasesItNotAfterThePause()
      throws Exception {
    HostList hosts = HostSpecParser.parse("a/1");
    SlotLocks shared = new SlotLocks();
    Duration pause = Duration.ofSeconds(60);
    SlotPicker first =
        new SlotPicker(lockDir, shared, backoff(), Optional.empty(), pause, new Random(1));
    SlotPicker second =
        new SlotPicker(lockDir, shared, backoff(), Optional.empty(), pause, new Random(1));
    Slot held = first.pick(hosts);
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try {
      Future<Slot> next = waiter.submit(() -> second.pick(hosts));
      Thread.sleep(200);
      assertFalse(next.isDone(), "the only slot is held");
      held.close();
      // Far less than the 60 s pause: woken by the release.
      try (Slot taken = next.get(20, TimeUnit.SECONDS)) {
        assertEquals("a/1#0", taken.toString());
      }
    } finally {
      waiter.shutdownNow();
    }
  }
}
