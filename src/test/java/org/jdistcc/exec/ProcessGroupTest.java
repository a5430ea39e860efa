package org.jdistcc.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessGroupTest {
  @TempDir Path dir;

  /** The state letter of a process (R, S, T...), from /proc; "gone" once it has ended. */
  private static String state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch (IOException e) {
      return "gone";
    }
  }

  private static void awaitState(long pid, boolean stopped) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (state(pid).equals("T") != stopped && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertEquals(stopped, state(pid).equals("T"), "process " + pid + " is " + state(pid));
  }

  @Test
  void theProgramAndWhatItStartedAreStoppedAndContinuedTogether() throws Exception {
    Path child = dir.resolve("child");
    ProcessGroup group =
        ProcessGroup.start(
            List.of("/bin/sh", "-c", "sleep 60 & echo $! > child; wait"),
            Map.of("PATH", "/usr/bin:/bin"),
            dir,
            dir.resolve("out"),
            dir.resolve("err"));
    try {
      while (!Files.exists(child) || Files.readString(child).isBlank()) {
        Thread.sleep(5);
      }
      long sleep = Long.parseLong(Files.readString(child).strip());
      assertTrue(group.stop());
      assertTrue(group.stopped());
      awaitState(group.id(), true);
      awaitState(sleep, true);
      group.resume();
      assertFalse(group.stopped());
      awaitState(group.id(), false);
      awaitState(sleep, false);
      assertFalse(group.waitFor(Duration.ofMillis(10)));
    } finally {
      group.destroy();
    }
    assertTrue(group.waitFor(Duration.ofSeconds(10)));
  }
}
