package org.jdistcc.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.FileBytes;
import org.jdistcc.Log;
import org.jdistcc.TempDir;
import org.jdistcc.cpp.ModeRules;

/**
 * Remembers, per file, what {@link ModeRules#unsafeIn} found in it, so that the headers every job
 * includes are read and searched once, not once per job. A file is known by its absolute name, size
 * and modification time (nanoseconds where the file system keeps them); any change makes it
 * searched again. Kept in one text file in DISTCC_DIR, one line per file ({@code size TAB mtime TAB
 * finding TAB name}), replaced whole by rename: clients that save at once lose each other's new
 * lines, never a line's meaning. The agent keeps the same entries in a {@link ScanMemo} instead,
 * shared by its jobs, and never reads or writes the file. Not a decision: the rules are {@link
 * ModeRules}'.
 */
final class ScanCache implements ModeRules.FileCheck {
  /** A cache past this many files is started afresh rather than grown. */
  private static final int MAX_ENTRIES = 50_000;

  /** What the search found in one file of this size and modification time. */
  record Entry(long size, long mtime, String finding) {}

  private final Path file; // null over a memo
  private final Log log;
  private Path cwd = Path.of("").toAbsolutePath();
  private final Map<String, Entry> entries;
  private boolean changed;

  private ScanCache(Path file, Log log, Map<String, Entry> entries) {
    this.file = file;
    this.log = log;
    this.entries = entries;
  }

  /** One job's view of the agent's memo; {@link #save} has nothing to do. */
  static ScanCache over(ScanMemo memo, Path cwd) {
    ScanCache cache = new ScanCache(null, Log.none(), memo.entries(MAX_ENTRIES));
    cache.cwd = cwd;
    return cache;
  }

  /**
   * The cache in {@code file}; an unreadable or damaged one is started afresh. Relative names in
   * line markers are the job's, resolved against {@code cwd}.
   */
  static ScanCache load(Path file, Log log, Path cwd) {
    ScanCache cache = new ScanCache(file, log, new HashMap<>());
    cache.cwd = cwd;
    try {
      for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.split("\t", 4);
        if (f.length == 4) {
          cache.entries.put(f[3], new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2]));
        }
      }
    } catch (NoSuchFileException e) {
      // first use
    } catch (IOException | NumberFormatException e) {
      log.debug("starting a new " + file + ": " + e.getMessage());
      cache.entries.clear();
    }
    return cache;
  }

  @Override
  public Optional<String> check(String name) throws IOException {
    Path path = cwd.resolve(name);
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    long size = attributes.size();
    long mtime =
        attributes.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
            + attributes.lastModifiedTime().toInstant().getNano();
    String key = path.toString();
    Entry known = entries.get(key);
    if (known != null && known.size() == size && known.mtime() == mtime) {
      return known.finding().isEmpty() ? Optional.empty() : Optional.of(known.finding());
    }
    byte[] contents = Files.readAllBytes(path);
    Optional<String> finding = ModeRules.unsafeIn(contents);
    // Remember only what was read whole and unchanged; names with tabs or newlines are not kept.
    if (contents.length == size && key.indexOf('\t') < 0 && key.indexOf('\n') < 0) {
      entries.put(
          key, new Entry(size, mtime, finding.orElse("").replace('\t', ' ').replace('\n', ' ')));
      changed = true;
    }
    return finding;
  }

  /** Writes the cache back if it learnt anything; failing to is logged, never fatal. */
  void save() {
    if (!changed || file == null) {
      return;
    }
    if (entries.size() > MAX_ENTRIES) {
      entries.clear();
    }
    StringBuilder out = new StringBuilder(entries.size() * 96);
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      out.append(e.getValue().size())
          .append('\t')
          .append(e.getValue().mtime())
          .append('\t')
          .append(e.getValue().finding())
          .append('\t')
          .append(e.getKey())
          .append('\n');
    }
    try {
      Files.createDirectories(file.getParent());
      TempDir.NewFile created = TempDir.openUnique(file.getParent(), ".cpp-scan", ".tmp");
      Path temp = created.path();
      try {
        try (FileChannel channel = created.channel()) {
          FileBytes.write(channel, out.toString().getBytes(StandardCharsets.UTF_8));
        }
        try {
          Files.move(
              temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      log.debug("cannot save " + file + ": " + e.getMessage());
    }
  }
}
