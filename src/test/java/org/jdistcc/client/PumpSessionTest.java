package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jdistcc.Log;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.hosts.HostSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PumpSessionTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream said = new ByteArrayOutputStream();
  private final Log log =
      new Log(
          new PrintStream(said, true, StandardCharsets.UTF_8),
          Log.Level.WARNING,
          "distcc",
          1,
          null);

  @Test
  void discrepanciesAreCountedInDistccsFileAndTheOneReachingTheMaximumSaysSo() throws Exception {
    PumpSession session = new PumpSession(dir, log);
    assertEquals(0, session.discrepancies());
    session.noteDiscrepancy(2);
    assertEquals("", said.toString(StandardCharsets.UTF_8));
    session.noteDiscrepancy(2);
    session.noteDiscrepancy(2);
    assertEquals(3, session.discrepancies());
    assertEquals("@@@", Files.readString(dir.resolve("discrepancy_counter")));
    assertEquals(
        1,
        said.toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.contains("now using plain distcc"))
            .count());
  }

  @Test
  void theFirstHeaderVerdictForAHostStays() throws Exception {
    HostSpec host = HostSpecParser.parseHost("127.0.0.1:4000,lzo,cpp");
    HostSpec other = HostSpecParser.parseHost("127.0.0.1:4001,lzo,cpp");
    PumpSession session = new PumpSession(dir, log);
    assertEquals(Optional.empty(), session.headerVerdict(host, "k"));
    session.recordHeaderVerdict(host, "k", "/usr/include/stdio.h differs on the host");
    session.recordHeaderVerdict(host, "k", SystemHeaderCheck.SAME);
    assertEquals(
        Optional.of("/usr/include/stdio.h differs on the host"), session.headerVerdict(host, "k"));
    assertEquals(Optional.empty(), session.headerVerdict(other, "k"));
    assertEquals(Optional.empty(), session.headerVerdict(host, "other-compiler"));
  }

  @Test
  void aMissingSessionDirectoryCountsNothingAndBreaksNothing() {
    PumpSession session = new PumpSession(dir.resolve("gone"), log);
    session.noteDiscrepancy(1);
    assertEquals(0, session.discrepancies());
  }
}
