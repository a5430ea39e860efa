package org.jdistcc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.it.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short fuzz campaign against the job handler in every build; bench/fuzz-daemon runs long ones.
 */
class DaemonFuzzTest {
  @TempDir Path root;

  @Test
  void twoThousandFuzzedRequestsEndCleanly() throws Exception {
    Tools.require(Files.isExecutable(Path.of("/usr/bin/gcc")), "/usr/bin/gcc is not installed");
    DaemonFuzzer.Stats stats = new DaemonFuzzer(root, 20261125L).run(2_500);
    stats.print(System.out);
    assertEquals(List.of(), stats.problems());
    assertEquals(0, stats.hangs());
    assertEquals(0, stats.escapes());
    assertEquals(0, stats.leftovers());
    assertEquals(0, stats.forbiddenRuns());
    assertTrue(
        stats.compiles() > 100,
        "the campaign compiled too little to mean much: " + stats.compiles());
    assertTrue(
        stats.peakHeapBytes() < 768L << 20,
        "heap grew to " + (stats.peakHeapBytes() >> 20) + " MB");
  }
}
