package org.jdistcc.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {
  @TempDir Path dir;

  @Test
  void aShorterNoteOverwritesALongerOneWithoutKeepingItsTail() throws IOException {
    long pid = ProcessHandle.current().pid(); // running(): only live processes' notes count
    StateDir state = new StateDir(dir.resolve("state"));
    state.write(new JobState(pid, Phase.COMPILE, "a-rather-long-source-name.c",
        Optional.of("volunteer.example.org"), 3, 1_000));
    state.write(new JobState(pid, Phase.RECEIVE, "b.c", Optional.empty(), 0, 2_000));
    assertEquals(List.of(new JobState(pid, Phase.RECEIVE, "b.c", Optional.empty(), 0, 2_000)),
        new StateDir(dir.resolve("state")).running());
    state.remove(pid);
    try (var notes = Files.list(dir.resolve("state"))) {
      assertFalse(notes.findAny().isPresent(), "the note and nothing else is gone");
    }
  }
}
