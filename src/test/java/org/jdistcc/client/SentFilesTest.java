package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.jdistcc.include.AnalysisCache;
import org.jdistcc.protocol.PumpEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentFilesTest {
  @TempDir Path dir;

  @Test
  void anUnchangedFileIsSentFromTheCacheWithItsPacketMadeOnce() throws Exception {
    Path h = Files.writeString(dir.resolve("a.h"), "#define A 1\n".repeat(100));
    SentFiles sent = new SentFiles();
    PumpEntry.File first = sent.file(h, null);
    assertEquals(h.toString(), first.name());
    assertNotNull(first.packed());
    assertSame(first, sent.file(h, null));
  }

  @Test
  void aFileRewrittenWithItsOldSizeAndModificationTimeIsReadAgain() throws Exception {
    // What cp -p or a careful generator does: only the change time tells.
    Path h = Files.writeString(dir.resolve("b.h"), "#define B 1\n");
    FileTime when = Files.getLastModifiedTime(h);
    SentFiles sent = new SentFiles();
    sent.file(h, null);
    Thread.sleep(10);
    Files.writeString(h, "#define B 2\n");
    Files.setLastModifiedTime(h, when);
    assertArrayEquals(
        "#define B 2\n".getBytes(StandardCharsets.UTF_8), sent.file(h, null).content());
  }

  @Test
  void pastItsBoundTheCacheStartsAgainEmpty() throws Exception {
    Path a = Files.writeString(dir.resolve("a.h"), "a".repeat(1000));
    Path b = Files.writeString(dir.resolve("b.h"), "b".repeat(1000));
    // Room for a's contents and packet, not for b's as well.
    SentFiles sent = new SentFiles(1500);
    PumpEntry.File first = sent.file(a, null);
    assertSame(first, sent.file(a, null));
    sent.file(b, null);
    assertNotSame(first, sent.file(a, null));
  }

  @Test
  void theStampTheAnalysisTookDecidesWithoutAnotherStat() throws Exception {
    Path h = Files.writeString(dir.resolve("c.h"), "#define C 1\n");
    AnalysisCache.Stamp analysed = AnalysisCache.stamp(h);
    SentFiles sent = new SentFiles();
    PumpEntry.File first = sent.file(h, analysed);
    Thread.sleep(10);
    Files.writeString(h, "#define C 2\n");
    // The job analysed the first version: it is sent that version's entry.
    assertSame(first, sent.file(h, analysed));
    // The next job's analysis sees the change.
    assertArrayEquals(
        "#define C 2\n".getBytes(StandardCharsets.UTF_8),
        sent.file(h, AnalysisCache.stamp(h)).content());
  }
}
