package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jdistcc.hosts.Backoff;
import org.jdistcc.hosts.HostList;
import org.jdistcc.hosts.HostSpecParser;
import org.jdistcc.hosts.Slot;
import org.jdistcc.hosts.SlotLocks;
import org.jdistcc.hosts.SlotPicker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many jobs in one JVM (the agent) against distcc 3.4 on the same DISTCC_DIR: distcc locks its slot
 * files with fcntl record locks, which belong to the process, so one job's lock must survive
 * whatever another job of the same JVM does with its own view of the file.
 */
class SharedSlotLocksIT {
  @TempDir Path dir;

  /** The process's one table, as ClientMain and the agent build it. */
  private final SlotLocks locks = new SlotLocks();

  /** A picker as each job builds its own. */
  private SlotPicker picker(Path lockDir) {
    return new SlotPicker(
        lockDir,
        locks,
        new Backoff(lockDir, Duration.ZERO, Clock.systemUTC()),
        Duration.ofMillis(1),
        new Random());
  }

  @Test
  @SuppressWarnings("try") // the slot is held for the body, not used in it
  void aJobThatFoundASlotBusyAndEndedDoesNotFreeAnotherJobsSlotForDistcc34() throws Exception {
    Path distcc = Path.of("/usr/bin/distcc");
    Tools.require(Files.isExecutable(distcc), "distcc 3.4 is not installed at " + distcc);
    Tools.require("gcc");
    Path distccDir = Files.createDirectories(dir.resolve(".distcc"));
    Path lockDir = distccDir.resolve("lock");
    try (ServerSocket volunteer = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      String hostText = "127.0.0.1:" + volunteer.getLocalPort() + "/1";
      HostList hosts = HostSpecParser.parse(hostText);
      try (Slot held = picker(lockDir).pick(hosts)) {
        SlotPicker other = picker(lockDir);
        assertFalse(other.tryPick(hosts).isPresent(), "the one slot is held by the first job");
        WeakReference<SlotPicker> gone = new WeakReference<>(other);
        other = null;
        collect(gone);
        Path source = Files.writeString(dir.resolve("x.c"), "int x(void) { return 1; }\n");
        ProcessBuilder builder =
            new ProcessBuilder(
                    List.of(
                        distcc.toString(),
                        "gcc",
                        "-c",
                        source.toString(),
                        "-o",
                        dir.resolve("x.o").toString()))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("distcc.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("DISTCC_HOSTS", hostText);
        env.put("DISTCC_DIR", distccDir.toString());
        env.put("DISTCC_FALLBACK", "0");
        Process client = builder.start();
        try {
          volunteer.setSoTimeout(3000);
          try (Socket connected = volunteer.accept()) {
            assertNull(connected, "distcc 3.4 took the slot the first job still holds");
          } catch (SocketTimeoutException expected) {
            // distcc 3.4 is waiting for the slot, as it should.
          }
        } finally {
          client.destroyForcibly();
          assertTrue(client.waitFor(30, TimeUnit.SECONDS));
        }
      }
    }
  }

  /** Until the object is collected and its file descriptors have been cleaned up. */
  private static void collect(WeakReference<?> ref) throws InterruptedException {
    for (int i = 0; i < 100 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertNull(ref.get(), "the second job's picker was not collected");
    for (int i = 0; i < 10; i++) {
      System.gc();
      Thread.sleep(20); // the cleaner thread closes dropped channels
    }
  }
}
