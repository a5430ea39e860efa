package org.jdistcc.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {
  @TempDir Path root;

  @Test
  void aRunningClientsNoteIsListedUntilItIsRemoved() throws Exception {
    StateDir dir = new StateDir(root.resolve("state"));
    long me = ProcessHandle.current().pid();
    dir.write(new JobState(me, Phase.STARTUP, "x.c", Optional.empty(), 0, 1), "localhost");
    JobState compiling = new JobState(me, Phase.COMPILE, "x.c", Optional.of("h"), 2, 5);
    dir.write(compiling, "h");
    assertEquals(List.of(compiling), dir.running());
    dir.remove(me);
    assertEquals(List.of(), dir.running());
  }

  @Test
  void theNoteOfAClientThatDiedIsPrunedByTheReader() throws Exception {
    Process child = new ProcessBuilder("true").start();
    child.waitFor();
    long dead = child.pid();
    StateDir dir = new StateDir(root.resolve("state"));
    dir.write(new JobState(dead, Phase.COMPILE, "x.c", Optional.of("h"), 0, 1), "h");
    Path note = root.resolve("state/binstate_" + dead);
    assertTrue(Files.exists(note));
    assertEquals(List.of(), dir.running());
    assertFalse(Files.exists(note));
  }

  @Test
  void anUnreadableNoteIsSkippedAndAMissingDirectoryIsEmpty() throws Exception {
    assertEquals(List.of(), new StateDir(root.resolve("none")).running());
    Path state = Files.createDirectories(root.resolve("state"));
    Files.writeString(state.resolve("binstate_1"), "garbage");
    assertEquals(List.of(), new StateDir(state).running());
  }

  @Test
  void aShorterNoteOverwritesALongerOneWithoutKeepingItsTail() throws IOException {
    long pid = ProcessHandle.current().pid(); // running(): only live processes' notes count
    StateDir state = new StateDir(root.resolve("state"));
    state.write(
        new JobState(
            pid,
            Phase.COMPILE,
            "a-rather-long-source-name.c",
            Optional.of("volunteer.example.org"),
            3,
            1_000),
        "volunteer.example.org");
    state.write(new JobState(pid, Phase.RECEIVE, "b.c", Optional.empty(), 0, 2_000), "localhost");
    assertEquals(
        List.of(new JobState(pid, Phase.RECEIVE, "b.c", Optional.empty(), 0, 2_000)),
        new StateDir(root.resolve("state")).running());
    state.remove(pid);
    try (var notes = Files.list(root.resolve("state"))) {
      assertFalse(notes.findAny().isPresent(), "the note and nothing else is gone");
    }
  }

  @Test
  void aNoteDeletedDuringALongPhaseIsMadeAgainAtTheNext() throws Exception {
    long pid = ProcessHandle.current().pid();
    long[] now = {0};
    StateDir state = new StateDir(root.resolve("state"), () -> now[0]);
    state.write(new JobState(pid, Phase.COMPILE, "x.c", Optional.of("h"), 1, 1), "h");
    Path note = root.resolve("state/binstate_" + pid);
    Files.delete(note); // what distcc 3.4's monitor does to a note 60 s old
    now[0] += 31_000_000_000L;
    JobState receiving = new JobState(pid, Phase.RECEIVE, "x.c", Optional.of("h"), 1, 2);
    state.write(receiving, "h");
    assertTrue(Files.exists(note));
    assertEquals(List.of(receiving), new StateDir(root.resolve("state")).running());
    state.remove(pid);
  }
}
