package org.jdistcc.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdistcc.elf.ObjectComparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecompileTest {
  @TempDir Path dir;

  private static boolean aDescendantIsStopped() {
    for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
      try {
        String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
        if (stat.charAt(stat.lastIndexOf(')') + 2) == 'T') {
          return true;
        }
      } catch (java.io.IOException e) {
        // ended meanwhile
      }
    }
    return false;
  }

  @Test
  void aDeferredCheckStaysStoppedWhileAJobIsInFlightAndFinishesOnceTheClientIsIdle()
      throws Exception {
    byte[] text = "int twice(int x) { return 2 * x; }\n".getBytes(StandardCharsets.UTF_8);
    Path source = Files.write(dir.resolve("t.i"), text);
    Path object = dir.resolve("t.o");
    Process local =
        new ProcessBuilder("gcc", "-O2", "-c", source.toString(), "-o", object.toString())
            .inheritIO()
            .start();
    assertEquals(0, local.waitFor());
    Recompile recompile =
        new Recompile(
            Path.of("/usr/bin/gcc"), List.of("gcc", "-O2", "-c", "t.c"), "t.c", text, "t.i");
    IdleGate gate = new IdleGate(Duration.ZERO, System::nanoTime);
    gate.jobStarted();
    // Not quiet from the start: the check's compiler is stopped as soon as it is a group.
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Recompile.Result> check =
          thread.submit(
              () ->
                  recompile.runWhenIdle(
                      Files.readAllBytes(object),
                      Map.of("PATH", System.getenv("PATH")),
                      dir,
                      gate::quiet));
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!aDescendantIsStopped() && System.nanoTime() < end) {
        Thread.sleep(5);
      }
      assertTrue(aDescendantIsStopped(), "no stopped compiler");
      Thread.sleep(200);
      assertFalse(check.isDone(), "finished while a job was in flight");
      gate.jobEnded();
      Recompile.Result result = check.get();
      assertEquals("", result.localFailure());
      assertEquals(ObjectComparison.Verdict.IDENTICAL, result.comparison().verdict());
    } finally {
      thread.shutdownNow();
    }
  }
}
