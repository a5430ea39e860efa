package org.jdistcc.state;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The per-job notes under {@code $DISTCC_DIR/state}: one file {@code binstate_PID} per running
 * client, overwritten in place at every phase and removed when the job ends. Notes of clients that
 * died without removing theirs (SIGKILL) are pruned by readers: their process no longer exists.
 * Each note starts with distcc 3.4's record ({@link DistccRecord}), so distcc 3.4's monitors list
 * jdistcc's jobs, and this one lists distcc 3.4's clients too.
 *
 * <p>In place, as distcc 3.4 writes its notes: a job passes through eight phases, and replacing the
 * note by rename each time cost the agent 2 ms of a job's CPU. Each note is one write at offset 0
 * of a few hundred bytes; a shorter note is padded with spaces to the length of the longest before
 * it, so no tail of an older note survives (a line without {@code =} is no field). A reader racing
 * a write sees, at worst, a note that does not parse, and skips it once.
 */
public final class StateDir {
  private static final String PREFIX = "binstate_";

  /**
   * distcc 3.4's monitors delete a note not written for 60 s, taking it for a dead client's: after
   * a phase this long, the note is looked for, and made again if it is gone.
   */
  private static final long RECHECK_NANOS = 30_000_000_000L;

  private final Path dir;
  private final java.util.function.LongSupplier nanoTime;
  private final DistccRecord layout = DistccRecord.ofThisMachine();
  private long lastWrite;
  private boolean ready;
  private RandomAccessFile open;
  private long openPid;
  private int longest;

  public StateDir(Path dir) {
    this(dir, System::nanoTime);
  }

  StateDir(Path dir, java.util.function.LongSupplier nanoTime) {
    this.dir = dir;
    this.nanoTime = nanoTime;
  }

  /**
   * Replaces this client's note; {@code hostName} is the host's name alone for distcc 3.4's record
   * ({@code localhost} for a job that runs here).
   */
  public void write(JobState state, String hostName) throws IOException {
    // java.io rather than a FileChannel: the client writes a note at every phase, and this path
    // loads fewer classes at start-up. The directory is made once per StateDir.
    if (!ready) {
      if (!Files.isDirectory(dir)) { // the usual case asks once, with no exception built
        Files.createDirectories(dir);
      }
      ready = true;
    }
    long now = nanoTime.getAsLong();
    if (open != null
        && (openPid != state.pid()
            || now - lastWrite > RECHECK_NANOS && !note(openPid).toFile().exists())) {
      close();
    }
    lastWrite = now;
    if (open == null) {
      open = new RandomAccessFile(note(state.pid()).toFile(), "rw");
      openPid = state.pid();
      longest = (int) Math.min(open.length(), 1 << 16);
    }
    byte[] text = state.toNote(layout, hostName);
    if (text.length < longest) {
      int length = text.length;
      text = Arrays.copyOf(text, longest);
      Arrays.fill(text, length, longest, (byte) ' ');
    }
    longest = text.length;
    open.seek(0);
    open.write(text);
  }

  private Path note(long pid) {
    return dir.resolve(PREFIX + pid);
  }

  private void close() throws IOException {
    if (open != null) {
      RandomAccessFile file = open;
      open = null;
      file.close();
    }
  }

  /** Removes this client's note. */
  public void remove(long pid) throws IOException {
    close();
    Files.deleteIfExists(note(pid));
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
          long modified = Files.getLastModifiedTime(file).toMillis();
          Optional<JobState> note = JobState.fromNote(Files.readAllBytes(file), modified, layout);
          if (note.isEmpty()) {
            continue;
          }
          state = note.get();
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
