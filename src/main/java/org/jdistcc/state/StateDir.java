package org.jdistcc.state;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The per-job notes under {@code $DISTCC_DIR/state}: one file {@code binstate_PID} per running
 * client, replaced whole (written to a temporary name, then renamed) at every phase, so a reader
 * never sees half a note, and removed when the job ends. Notes of clients that died without
 * removing theirs (SIGKILL) are pruned by readers: their process no longer exists.
 */
public final class StateDir {
  private static final String PREFIX = "binstate_";

  private final Path dir;
  private boolean ready;

  public StateDir(Path dir) {
    this.dir = dir;
  }

  /** Replaces this client's note. */
  public void write(JobState state) throws IOException {
    // java.io rather than Files.write + Files.move: the client writes a note at every phase, and
    // this path loads fewer classes at start-up. The directory is made once per StateDir.
    if (!ready) {
      Files.createDirectories(dir);
      ready = true;
    }
    File target = dir.resolve(PREFIX + state.pid()).toFile();
    File temp = dir.resolve(".tmp_" + PREFIX + state.pid()).toFile();
    try (FileOutputStream out = new FileOutputStream(temp)) {
      out.write(state.toText().getBytes(StandardCharsets.UTF_8));
    }
    if (!temp.renameTo(target)) {
      throw new IOException("cannot rename " + temp + " to " + target);
    }
  }

  /** Removes this client's note. */
  public void remove(long pid) throws IOException {
    Files.deleteIfExists(dir.resolve(PREFIX + pid));
    Files.deleteIfExists(dir.resolve(".tmp_" + PREFIX + pid));
  }

  /** The notes of running clients, oldest first; notes of dead clients are deleted on the way. */
  public List<JobState> running() throws IOException {
    List<JobState> states = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return states;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*")) {
      for (Path file : files) {
        JobState state;
        try {
          state = JobState.fromText(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException gone) {
          continue;
        } catch (RuntimeException unreadable) {
          continue;
        }
        if (ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false)) {
          states.add(state);
        } else {
          Files.deleteIfExists(file);
        }
      }
    }
    states.sort(Comparator.comparingLong(JobState::sinceMillis));
    return states;
  }
}
