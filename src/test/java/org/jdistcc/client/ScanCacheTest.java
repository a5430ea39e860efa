package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.jdistcc.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCacheTest {
  @TempDir Path dir;

  private static final String PUSH = "#pragma push_macro is carried out by the preprocessor";

  @Test
  void aRememberedFileIsNotReadAgainUntilItChanges() throws IOException {
    Path header = dir.resolve("a.h");
    Files.writeString(header, "#pragma push_macro(\"X\")\n");
    FileTime stamp = FileTime.fromMillis(1_000_000);
    Files.setLastModifiedTime(header, stamp);
    Path cacheFile = dir.resolve("state/cpp-scan");
    ScanCache first = ScanCache.load(cacheFile, Log.none(), dir);
    assertEquals(Optional.of(PUSH), first.check(header.toString()));
    first.save();

    // Same size and time, other contents: the remembered finding stands, so the file was not read.
    Files.writeString(header, "#pragma once   /* 10 */\n");
    Files.setLastModifiedTime(header, stamp);
    assertEquals(
        Optional.of(PUSH), ScanCache.load(cacheFile, Log.none(), dir).check(header.toString()));

    // A new time: read again.
    Files.setLastModifiedTime(header, FileTime.fromMillis(2_000_000));
    assertEquals(
        Optional.empty(), ScanCache.load(cacheFile, Log.none(), dir).check(header.toString()));
  }

  @Test
  void aDamagedCacheIsStartedAfresh() throws IOException {
    Path header = dir.resolve("b.h");
    Files.writeString(header, "int b;\n");
    Path cacheFile = dir.resolve("cpp-scan");
    Files.writeString(cacheFile, "not\ta\tnumber\t" + header + "\n");
    ScanCache cache = ScanCache.load(cacheFile, Log.none(), dir);
    assertEquals(Optional.empty(), cache.check(header.toString()));
    cache.save();
    assertEquals(1, Files.readAllLines(cacheFile).size());
  }

  @Test
  void aMissingFileIsAnError() {
    ScanCache cache = ScanCache.load(dir.resolve("cpp-scan"), Log.none(), dir);
    assertThrows(IOException.class, () -> cache.check(dir.resolve("gone.h").toString()));
  }

  @Test
  void jobsOverOneMemoShareWhatWasFoundAndWriteNoFile() throws IOException {
    Path header = dir.resolve("c.h");
    Files.writeString(header, "#pragma push_macro(\"X\")\n");
    FileTime stamp = FileTime.fromMillis(3_000_000);
    Files.setLastModifiedTime(header, stamp);
    ScanMemo memo = new ScanMemo();
    ScanCache first = ScanCache.over(memo, dir);
    assertEquals(Optional.of(PUSH), first.check("c.h"));
    first.save();
    assertEquals(1, memo.size());

    // A later job in another directory, same size and time: remembered, so not read again.
    Files.writeString(header, "#pragma once   /* 10 */\n");
    Files.setLastModifiedTime(header, stamp);
    assertEquals(Optional.of(PUSH), ScanCache.over(memo, Path.of("/")).check(header.toString()));

    // A new time: read again.
    Files.setLastModifiedTime(header, FileTime.fromMillis(4_000_000));
    assertEquals(Optional.empty(), ScanCache.over(memo, dir).check("c.h"));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "only the header: a memo writes no cache file");
    }
  }
}
