package org.jdistcc.include;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The names in the directories the include search looks in, kept across analyses: most lookups of a
 * header are misses (a {@code <vector>} is looked for in every {@code -I} directory before the
 * compiler's own), and with a directory's listing at hand a miss costs no stat. On googletest's
 * tests, six in seven of an analysis's stats were such misses.
 *
 * <p>A listing is used while the directory's stamp (modification and change time, inode) is the one
 * it was read under, so an entry added, removed or renamed since invalidates it. A file system
 * stamps a directory from a coarse clock (a few milliseconds on Linux), so two changes within one
 * tick leave the same stamp: a listing read between them would miss the second. So a directory is
 * listed only when its stamp is at least {@link #SETTLED_MILLIS} old by this machine's clock;
 * younger ones (a directory a build just generated headers into) have each candidate stat'd, as
 * does a directory that cannot be listed or has more than {@link #MAX_NAMES} entries. Only
 * directories on disk and memory file systems ({@link #LOCAL_TYPES}) are listed: on a network one
 * the server's clock stamps them and the client caches their attributes, so a listing could miss a
 * header added there, or send the one a new header hides.
 */
final class DirectoryListings {
  /** How old a directory's stamp must be before its listing is trusted. */
  static final long SETTLED_MILLIS = 2_000;

  /** Directories with more entries are not listed. */
  static final int MAX_NAMES = 20_000;

  /** File systems whose listings may be kept: disk and memory ones, not network or FUSE ones. */
  private static final Set<String> LOCAL_TYPES =
      Set.of(
          "ext2",
          "ext3",
          "ext4",
          "xfs",
          "btrfs",
          "tmpfs",
          "f2fs",
          "jfs",
          "reiserfs",
          "zfs",
          "overlay",
          "jimfs");

  private static final String UNIX = "unix:isDirectory,lastModifiedTime,fileKey,ctime";

  /** A directory's identity for its listing. */
  private record DirStamp(FileTime modified, Object key, Object changed) {
    // Written out, as AnalysisCache.Search's are: a record's own equals costs a cold JVM some
    // 40 ms the first time it runs. The parts may be null where a file system lacks them.

    @Override
    public boolean equals(Object other) {
      return other instanceof DirStamp that
          && java.util.Objects.equals(modified, that.modified)
          && java.util.Objects.equals(key, that.key)
          && java.util.Objects.equals(changed, that.changed);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(modified, key, changed);
    }
  }

  private record Listing(DirStamp stamp, Set<String> names) {}

  /** A directory seen in this analysis that is not there (or is not a directory). */
  private static final Set<String> NONE = Set.of();

  /** A directory whose candidates must each be stat'd. */
  private static final Set<String> ANY = new HashSet<>();

  private final Clock clock;
  private final Map<Path, Listing> listings = new ConcurrentHashMap<>();
  private final LongAdder listed = new LongAdder();
  private final LongAdder spared = new LongAdder();

  DirectoryListings(Clock clock) {
    this.clock = clock;
  }

  /** One analysis's view: each directory's stamp is taken at most once in it. */
  View view() {
    return new View();
  }

  /** Directories listed so far. */
  long listed() {
    return listed.sum();
  }

  /** Lookups answered "not there" from a listing, without a stat, so far. */
  long spared() {
    return spared.sum();
  }

  final class View {
    private final Map<Path, Set<String>> seen = new HashMap<>();
    private Map<Path, Set<String>> consulted;

    private View() {}

    /**
     * False when {@code file} is certainly not there (its directory is missing, or its settled
     * listing lacks the name); true when it may be, and a stat must tell.
     */
    boolean mayExist(Path file) throws IOException {
      Path dir = file.getParent();
      Path name = file.getFileName();
      if (dir == null || name == null) {
        return true;
      }
      Set<String> names = namesOf(dir);
      if (names == ANY || names.contains(name.toString())) {
        return true;
      }
      spared.increment();
      return false;
    }

    /** What this view knows of {@code dir}'s names, looked up once per view. */
    private Set<String> namesOf(Path dir) throws IOException {
      Set<String> names = seen.get(dir);
      if (names == null) {
        // A directory its own parent's listing lacks is not there either: no stat for it.
        names = mayExist(dir) ? names(dir) : NONE;
        seen.put(dir, names);
      }
      if (consulted != null) {
        consulted.put(dir, names);
      }
      return names;
    }

    /**
     * Records, until {@link #consulted()}, every directory whose names answer a {@link #mayExist}
     * (its ancestors' too), with what they were.
     */
    void record() {
      consulted = new HashMap<>();
    }

    /** The directories consulted since {@link #record()}, and stops recording. */
    Consulted consulted() {
      Consulted c = new Consulted(Map.copyOf(consulted));
      consulted = null;
      return c;
    }

    /**
     * Whether every directory of {@code c} gives this view what it gave then: the same listing
     * (listings are kept per stamp, so the same one means the directory is unchanged), or again
     * "missing", or again "stat each candidate". Then every {@link #mayExist} answered under {@code
     * c} answers the same now.
     */
    boolean same(Consulted c) throws IOException {
      for (Map.Entry<Path, Set<String>> e : c.names().entrySet()) {
        if (namesOf(e.getKey()) != e.getValue()) {
          return false;
        }
      }
      return true;
    }
  }

  /** Directories some lookups consulted, with the names each gave (compared by identity). */
  record Consulted(Map<Path, Set<String>> names) {}

  private Set<String> names(Path dir) {
    DirStamp stamp;
    try {
      stamp = stamp(dir);
    } catch (IOException e) {
      return ANY; // not for this class to decide: the stat of each candidate says what it says
    }
    if (stamp == null) {
      return NONE;
    }
    Listing kept = listings.get(dir);
    if (kept != null && kept.stamp().equals(stamp)) {
      return kept.names();
    }
    if (!settled(stamp)) {
      return ANY;
    }
    Set<String> names = listing(dir, stamp);
    // What cannot be listed usefully is remembered as such while the stamp holds, so that the
    // file system's type and the directory's size are not looked at again for each analysis.
    listings.put(dir, new Listing(stamp, names));
    if (names != ANY) {
      listed.increment();
    }
    return names;
  }

  /** The names in {@code dir}, or ANY when a listing cannot stand in for stats there. */
  private static Set<String> listing(Path dir, DirStamp stamp) {
    if (!local(dir)) {
      return ANY;
    }
    Set<String> names = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (names.size() == MAX_NAMES) {
          return ANY;
        }
        names.add(entry.getFileName().toString());
      }
      if (!stamp.equals(stamp(dir)) || foldsCase(dir, names)) {
        return ANY; // it changed while it was read, or it finds names the listing lacks
      }
    } catch (IOException | DirectoryIteratorException e) {
      return ANY;
    }
    return names;
  }

  /**
   * Whether {@code dir} finds a name in another case (an ext4, f2fs or tmpfs directory with
   * casefolding, a case-insensitive ZFS dataset): there {@code #include "Config.h"} opens config.h,
   * which the listing does not name. One stat, of the first name with a letter in it, its case
   * swapped.
   */
  private static boolean foldsCase(Path dir, Set<String> names) throws IOException {
    for (String name : names) {
      String swapped = swapCase(name);
      if (!swapped.equals(name) && !names.contains(swapped)) {
        return Files.exists(dir.resolve(swapped), java.nio.file.LinkOption.NOFOLLOW_LINKS);
      }
    }
    return false;
  }

  private static String swapCase(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return out.toString();
  }

  /**
   * Whether {@code dir} is on a file system of this machine's, whose directory times come from this
   * machine's clock and are not cached from a server.
   */
  private static boolean local(Path dir) {
    try {
      return LOCAL_TYPES.contains(Files.getFileStore(dir).type());
    } catch (IOException e) {
      return false;
    }
  }

  private boolean settled(DirStamp stamp) {
    long newest = stamp.modified().toMillis();
    if (stamp.changed() instanceof FileTime changed) {
      newest = Math.max(newest, changed.toMillis());
    }
    return clock.millis() - newest >= SETTLED_MILLIS;
  }

  /** The stamp of a directory, or null when {@code dir} is not one; one stat. */
  private static DirStamp stamp(Path dir) throws IOException {
    try {
      if (!dir.getFileSystem().supportedFileAttributeViews().contains("unix")) {
        var a = Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class);
        return a.isDirectory() ? new DirStamp(a.lastModifiedTime(), a.fileKey(), null) : null;
      }
      Map<String, Object> a = Files.readAttributes(dir, UNIX);
      if (!Boolean.TRUE.equals(a.get("isDirectory"))) {
        return null;
      }
      return new DirStamp((FileTime) a.get("lastModifiedTime"), a.get("fileKey"), a.get("ctime"));
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }
}
