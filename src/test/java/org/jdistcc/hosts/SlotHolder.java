package org.jdistcc.hosts;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A child process for {@link SlotPickerProcessTest}: takes slots the way a distcc client would.
 * Test code only, not a command of jdistcc.
 *
 * <p>{@code hold LOCKDIR HOSTS}: takes one slot, prints "held KEY INDEX", then sleeps forever.
 * {@code jobs LOCKDIR HOSTS N MILLIS LOG}: N times takes a slot and keeps it MILLIS ms, then writes
 * "KEY INDEX START_MICROS END_MICROS" lines to LOG, the times taken inside the hold.
 */
public final class SlotHolder {
  private SlotHolder() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path lockDir = Path.of(args[1]);
    HostList hosts = HostSpecParser.parse(args[2]);
    Backoff noBackoff = new Backoff(lockDir, Duration.ZERO, Clock.systemUTC());
    SlotPicker picker =
        new SlotPicker(lockDir, new SlotLocks(), noBackoff, Duration.ofMillis(2), new Random());
    if (args[0].equals("hold")) {
      Slot slot = picker.pick(hosts);
      PrintStream out = System.out;
      out.println("held " + slot.host().key() + " " + slot.index());
      out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
    int jobs = Integer.parseInt(args[3]);
    long millis = Long.parseLong(args[4]);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      try (Slot slot = picker.pick(hosts)) {
        long start = micros();
        Thread.sleep(millis);
        lines.add(slot.host().key() + " " + slot.index() + " " + start + " " + micros());
      }
    }
    Files.write(Path.of(args[5]), lines);
  }

  private static long micros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }
}
