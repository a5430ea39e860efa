package org.jdistcc.monitor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.state.Phase;
import org.jdistcc.state.TraceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReportTest {
  @TempDir Path dir;

  private static TraceRecord record(
      String file, String host, TraceRecord.Where where, String verified, long start) {
    return new TraceRecord(
        7,
        file,
        host,
        0,
        where,
        "",
        0,
        verified,
        List.of(new TraceRecord.Span(Phase.COMPILE, start, start + 1_000_000)));
  }

  @Test
  void theSummaryCountsVerifiedAndDifferingJobsPerHostAndLeavesChecksOutOfTheJobs()
      throws Exception {
    Path trace = dir.resolve("trace.jsonl");
    Files.write(
        trace,
        List.of(
            record("a.c", "good", TraceRecord.Where.REMOTE, "identical", 1).toJson(),
            record("b.c", "bad", TraceRecord.Where.REMOTE, "queued", 2).toJson(),
            record("b.c", "bad", TraceRecord.Where.VERIFY, "DIFFERENT (.text)", 3).toJson(),
            record("c.c", "good", TraceRecord.Where.REMOTE, "", 4).toJson(),
            record("d.c", "localhost", TraceRecord.Where.LOCAL, "", 5).toJson(),
            // written before DISTCC_VERIFY existed: no "verified"
            "{\"pid\":1,\"file\":\"e.c\",\"host\":\"good\",\"slot\":0,\"where\":\"remote\",\"why\":\"\","
                + "\"exit\":0,\"phases\":[]}"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceReport.read(List.of(trace)).summary(new PrintStream(out, true, StandardCharsets.UTF_8));
    String summary = out.toString(StandardCharsets.UTF_8);
    assertTrue(summary.contains("jobs: 5 (4 on volunteers, 1 here)"), summary);
    assertTrue(summary.matches("(?s).*\\n  bad +1 +1\\.0 +1 +1\\n.*"), summary);
    assertTrue(summary.matches("(?s).*\\n  good +3 +2\\.0 +1 +0\\n.*"), summary);
    assertTrue(summary.contains("verified  differ"), summary);
  }
}
