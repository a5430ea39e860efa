package org.jdistcc.include;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What include analysis keeps between jobs: each file's directives, valid while the file's stamp
 * (modification time, size, inode and, where the file system has it, change time: {@code cp -p}
 * keeps the first three) is unchanged. Every analysis stats the files again; only reading and
 * scanning are saved. Not thread-safe: one per agent thread, or guarded by the caller.
 */
public final class AnalysisCache {
  /** A file's identity for caching. */
  record Stamp(FileTime modified, long size, Object key, Object changed) {}

  private record Entry(Stamp stamp, Directives directives) {}

  private final Map<Path, Entry> files = new HashMap<>();
  private long reads;
  private long hits;

  /** The stamp of a regular file, or null when there is none at {@code path}. */
  static Stamp stamp(Path path) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        return null;
      }
      Object changed = null;
      if (path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
        changed = Files.getAttribute(path, "unix:ctime");
      }
      return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey(), changed);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The file's directives, scanned again only when its stamp changed. */
  Directives directives(Path path, Stamp stamp) throws IOException {
    Entry e = files.get(path);
    if (e != null && Objects.equals(e.stamp(), stamp)) {
      hits++;
      return e.directives();
    }
    reads++;
    Directives d = Directives.scan(Files.readAllBytes(path));
    files.put(path, new Entry(stamp, d));
    return d;
  }

  /** Files read and scanned so far. */
  public long reads() {
    return reads;
  }

  /** Directives served from the cache so far. */
  public long hits() {
    return hits;
  }
}
