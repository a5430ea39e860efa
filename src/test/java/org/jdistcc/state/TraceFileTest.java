package org.jdistcc.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.state.TraceRecord.Span;
import org.jdistcc.state.TraceRecord.Where;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFileTest {
  @TempDir Path root;

  private static TraceRecord record(long pid, String file) {
    return new TraceRecord(
        pid, file, "h", 0, Where.REMOTE, "", 0, "", List.of(new Span(Phase.COMPILE, 1, 2)));
  }

  @Test
  void aFileCollectsOneLinePerJobFromEveryClient() throws Exception {
    Path trace = root.resolve("build.jsonl");
    TraceFile.append(trace, record(1, "a.c"));
    TraceFile.append(trace, record(2, "b.c"));
    List<TraceRecord> read = new ArrayList<>();
    for (String line : Files.readAllLines(trace)) {
      read.add(TraceRecord.fromJson(line));
    }
    assertEquals(List.of(record(1, "a.c"), record(2, "b.c")), read);
  }

  @Test
  void aDirectoryGetsAFileForEachClient() throws Exception {
    TraceFile.append(root, record(1, "a.c"));
    TraceFile.append(root, record(2, "b.c"));
    TraceFile.append(root, record(1, "c.c"));
    assertEquals(
        List.of(record(1, "a.c").toJson(), record(1, "c.c").toJson()),
        Files.readAllLines(root.resolve("trace-1.jsonl")));
    assertEquals(
        List.of(record(2, "b.c").toJson()), Files.readAllLines(root.resolve("trace-2.jsonl")));
  }
}
