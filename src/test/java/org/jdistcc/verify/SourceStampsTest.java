package org.jdistcc.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceStampsTest {
  @TempDir Path dir;

  /** Each row does one thing to b.h after the job sent a.c and b.h; a check then sees it or not. */
  @ParameterizedTest(name = "{0}: changed = {1}")
  @CsvSource({
    "nothing,                                   false",
    "read it,                                   false",
    "appended to it,                            true",
    "touched it,                                true",
    "rewrote it with its size and mtime kept,   true",
    "replaced it by a copy with the same stamp, true",
    "deleted it,                                true",
  })
  void aCheckCompilesTheSourcesAgainOnlyWhenEveryFileSentIsUnchanged(String row, boolean changed)
      throws Exception {
    Path source = Files.writeString(dir.resolve("a.c"), "#include \"b.h\"\nint a = B;\n");
    Path header = Files.writeString(dir.resolve("b.h"), "#define B 1\n");
    SourceStamps sent = SourceStamps.of(List.of(source, header));
    FileTime mtime = Files.getLastModifiedTime(header);
    Thread.sleep(10); // a change time that differs even on a coarse clock
    switch (row) {
      case "read it" -> Files.readString(header);
      case "appended to it" -> Files.writeString(header, "#define B 1\n#define C\n");
      case "touched it" -> Files.setLastModifiedTime(header, FileTime.fromMillis(1_000_000));
      case "rewrote it with its size and mtime kept" -> {
        Files.writeString(header, "#define B 2\n");
        Files.setLastModifiedTime(header, mtime);
      }
      case "replaced it by a copy with the same stamp" -> {
        Path copy = Files.writeString(dir.resolve("b.h.new"), "#define B 2\n");
        Files.setLastModifiedTime(copy, mtime);
        Files.move(copy, header, StandardCopyOption.REPLACE_EXISTING);
      }
      case "deleted it" -> Files.delete(header);
      default -> {}
    }
    assertEquals(changed ? Optional.of(header) : Optional.empty(), sent.firstChanged(), row);
  }
}
