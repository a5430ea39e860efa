package org.jdistcc.include;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What include analysis keeps between jobs: each file's directives, valid while the file's stamp
 * (modification time, size, inode and, where the file system has it, change time: {@code cp -p}
 * keeps the first three) is unchanged, and the names in the directories searched ({@link
 * DirectoryListings}), so that looking for a header where it is not costs no stat, and each
 * header's includes as resolved under a search path ({@link Resolution}), so that a later analysis
 * with that search path follows them without working out each candidate's path again while the
 * header and the directories consulted are unchanged. Every analysis stats the files it finds
 * again; only reading, scanning and searching are saved. Safe for the agent's concurrent jobs: two
 * jobs that miss on one file at once both scan it, and the last one's entry stays.
 */
public final class AnalysisCache {
  /** A file's identity for caching. */
  public record Stamp(FileTime modified, long size, Object key, Object changed) {
    // Written out, as Search's below are: a record's own equals is linked through invokedynamic on
    // its first call, some 40 ms of CPU in a cold JVM. The parts may be null where a file system
    // lacks them.

    @Override
    public boolean equals(Object other) {
      return other instanceof Stamp that
          && size == that.size
          && java.util.Objects.equals(modified, that.modified)
          && java.util.Objects.equals(key, that.key)
          && java.util.Objects.equals(changed, that.changed);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(modified, size, key, changed);
    }
  }

  private record Entry(Stamp stamp, Directives directives) {}

  /**
   * A search path: where the compiler's own headers are, and the directories {@code "..."} (after
   * the includer's own) and {@code <...>} look in, in order.
   */
  record Search(List<Path> systemDirs, List<Path> quoteChain, List<Path> angleChain) {
    Search {
      systemDirs = List.copyOf(systemDirs);
      quoteChain = List.copyOf(quoteChain);
      angleChain = List.copyOf(angleChain);
    }

    // Written out, as Stamp's are (and Listing's in org.jdistcc.driver): each in-process pump job
    // and an agent's first one would otherwise link the record's own hashCode.

    @Override
    public boolean equals(Object other) {
      return other instanceof Search that
          && systemDirs.equals(that.systemDirs)
          && quoteChain.equals(that.quoteChain)
          && angleChain.equals(that.angleChain);
    }

    @Override
    public int hashCode() {
      return (31 * systemDirs.hashCode() + quoteChain.hashCode()) * 31 + angleChain.hashCode();
    }
  }

  /**
   * One include of a header as a search resolved it: the candidates the directory listings did not
   * rule out, in search order, up to the first one found (all of them for include_next, none for a
   * computed include: null); complete when no directory after them was left unsearched.
   */
  record Step(Directives.Include include, List<Path> candidates, boolean complete) {}

  /**
   * A header's includes resolved under one search path: valid while its directives are these and
   * every directory consulted gives the listing it gave then.
   */
  record Resolution(
      Directives directives, List<Step> steps, DirectoryListings.Consulted consulted) {}

  /** More search paths than this, and the kept resolutions start again. */
  static final int MAX_SEARCHES = 64;

  private static final String UNIX = "unix:isRegularFile,lastModifiedTime,size,fileKey,ctime";

  private final Map<Path, Entry> files = new ConcurrentHashMap<>();
  private final DirectoryListings listings;
  private final LongAdder reads = new LongAdder();
  private final LongAdder hits = new LongAdder();
  private final Map<Search, Map<Path, Resolution>> resolutions = new ConcurrentHashMap<>();
  private final LongAdder resolved = new LongAdder();

  public AnalysisCache() {
    this(Clock.systemUTC());
  }

  /** A cache whose directory listings are judged settled by {@code clock}. */
  public AnalysisCache(Clock clock) {
    this.listings = new DirectoryListings(clock);
  }

  /**
   * The stamp of a regular file, or null when there is none at {@code path}: one stat, where the
   * file system has the unix view (change time included), else its basic attributes.
   */
  public static Stamp stamp(Path path) throws IOException {
    try {
      if (!path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        return a.isRegularFile()
            ? new Stamp(a.lastModifiedTime(), a.size(), a.fileKey(), null)
            : null;
      }
      Map<String, Object> a = Files.readAttributes(path, UNIX);
      if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
        return null;
      }
      return new Stamp(
          (FileTime) a.get("lastModifiedTime"),
          (Long) a.get("size"),
          a.get("fileKey"),
          a.get("ctime"));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The file's directives, scanned again only when its stamp changed. */
  Directives directives(Path path, Stamp stamp) throws IOException {
    Entry e = files.get(path);
    if (e != null && Objects.equals(e.stamp(), stamp)) {
      hits.increment();
      return e.directives();
    }
    reads.increment();
    Directives d = Directives.scan(Files.readAllBytes(path));
    files.put(path, new Entry(stamp, d));
    return d;
  }

  /** The headers' resolutions kept for {@code search}. */
  Map<Path, Resolution> resolutions(Search search) {
    Map<Path, Resolution> kept = resolutions.get(search);
    if (kept == null) {
      if (resolutions.size() >= MAX_SEARCHES) {
        resolutions.clear();
      }
      kept = resolutions.computeIfAbsent(search, s -> new ConcurrentHashMap<>());
    }
    return kept;
  }

  void countReuse() {
    resolved.increment();
  }

  /** Headers whose includes were followed from a kept resolution, so far. */
  public long reused() {
    return resolved.sum();
  }

  /** The directory listings of one analysis. */
  DirectoryListings.View listings() {
    return listings.view();
  }

  /** Directories listed so far. */
  public long listed() {
    return listings.listed();
  }

  /** Lookups of a file answered from a directory listing (not there) without a stat, so far. */
  public long spared() {
    return listings.spared();
  }

  /** Files read and scanned so far. */
  public long reads() {
    return reads.sum();
  }

  /** Directives served from the cache so far. */
  public long hits() {
    return hits.sum();
  }
}
