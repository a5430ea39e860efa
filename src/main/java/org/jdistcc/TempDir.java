package org.jdistcc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A private directory (mode 700) for one job, removed with everything in it on close, whatever
 * happened, unless {@link #keep()} was asked for. Links inside are removed, never followed.
 */
public final class TempDir implements AutoCloseable {
  private final Path path;
  private final List<Path> named = new ArrayList<>(2);
  private boolean keep;

  private TempDir(Path path) {
    this.path = path;
  }

  /**
   * Creates {@code root/prefixXXXX} readable only by this user. The name comes from a plain random
   * number, not SecureRandom (whose setup costs a short-lived process tens of milliseconds):
   * creation is atomic and never follows a link, so a guessed name only makes this try another.
   */
  public static TempDir create(Path root, String prefix) throws IOException {
    return new TempDir(createUnique(root, prefix, "", true));
  }

  /** A new file of {@link #openUnique}, open for writing. */
  public record NewFile(Path path, FileChannel channel) {}

  private static final FileAttribute<Set<PosixFilePermission>> DIR_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /**
   * Creates a new directory or empty file, mode 700 or 600, with a random name; never reuses one.
   */
  public static Path createUnique(Path dir, String prefix, String suffix, boolean directory)
      throws IOException {
    if (!directory) {
      NewFile file = openUnique(dir, prefix, suffix);
      file.channel().close();
      return file.path();
    }
    java.util.Random random = random();
    for (int attempt = 0; ; attempt++) {
      try {
        return Files.createDirectory(candidate(dir, prefix, suffix, random), DIR_MODE);
      } catch (FileAlreadyExistsException taken) {
        if (attempt > 100) {
          throw taken;
        }
      }
    }
  }

  /**
   * Creates a new file, mode 600, with a random name, and keeps it open for writing: one open where
   * creating and then writing would take two.
   */
  public static NewFile openUnique(Path dir, String prefix, String suffix) throws IOException {
    return openUnique(dir, prefix, suffix, null);
  }

  /**
   * {@link #openUnique(Path, String, String)}, with each name claimed in {@code claims} before the
   * file is created and disowned when it turns out to be taken: whoever watches this process (the
   * launcher, watching the agent) then knows of every file a job may leave, even one being created
   * as the process dies.
   */
  public static NewFile openUnique(Path dir, String prefix, String suffix, Leftovers claims)
      throws IOException {
    java.util.Random random = random();
    for (int attempt = 0; ; attempt++) {
      Path candidate = candidate(dir, prefix, suffix, random);
      if (claims != null) {
        claims.claim(candidate);
      }
      try {
        return new NewFile(
            candidate,
            FileChannel.open(
                candidate,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                FILE_MODE));
      } catch (IOException | RuntimeException e) {
        // Not created, so not ours: someone else's file of that name must not be removed.
        if (claims != null) {
          claims.disown(candidate);
        }
        if (!(e instanceof FileAlreadyExistsException) || attempt > 100) {
          throw e;
        }
      }
    }
  }

  /**
   * Writes {@code bytes} to a new file of {@link #openUnique} in {@code dir} and returns its name,
   * to be renamed or linked into place by the caller; on failure nothing is left.
   */
  public static Path writeUnique(Path dir, String prefix, byte[] bytes) throws IOException {
    NewFile file = openUnique(dir, prefix, "");
    try (FileChannel channel = file.channel()) {
      FileBytes.write(channel, bytes);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(file.path());
      } catch (IOException left) {
        e.addSuppressed(left);
      }
      throw e;
    }
    return file.path();
  }

  /**
   * Replaces {@code file} with {@code bytes} at once: written to a new file of {@link #writeUnique}
   * beside it, then renamed over it. Readers see the old content or the new, never part of it; on
   * failure {@code file} is as it was and nothing else is left.
   */
  public static void replace(Path file, String prefix, byte[] bytes) throws IOException {
    Path temp = writeUnique(file.getParent(), prefix, bytes);
    try {
      Files.move(
          temp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static java.util.Random random() {
    return new java.util.Random(System.nanoTime() ^ ProcessHandle.current().pid() << 32);
  }

  /**
   * A name from 63 random bits: Long.toString, where an unsigned 64-bit one goes via BigInteger.
   */
  private static Path candidate(Path dir, String prefix, String suffix, java.util.Random random) {
    return dir.resolve(prefix + Long.toString(random.nextLong() >>> 1, 36) + suffix);
  }

  public Path path() {
    return path;
  }

  /**
   * A name in this directory. Close removes a plain name (no {@code /}) first, by unlink, which
   * never follows a link, so the common case of a directory holding only such names needs no
   * listing.
   */
  public Path resolve(String name) {
    Path file = path.resolve(name);
    if (name.indexOf('/') < 0) {
      named.add(file);
    }
    return file;
  }

  /** Leaves the directory in place on close (DISTCC_SAVE_TEMPS). */
  public void keep() {
    keep = true;
  }

  @Override
  public void close() throws IOException {
    if (keep) {
      return;
    }
    for (Path file : named) {
      try {
        Files.deleteIfExists(file);
      } catch (DirectoryNotEmptyException tree) {
        // a directory the job filled: the listing below removes it without following links
      }
    }
    try {
      Files.deleteIfExists(path);
    } catch (DirectoryNotEmptyException more) {
      deleteTree(path); // something wrote a file it was not asked for, or one resolved was a tree
    }
  }

  /**
   * Deletes a tree bottom-up without following links. Another thread may be deleting the same tree
   * (a shutdown hook while the job ends): what is already gone is skipped, not an error.
   */
  public static void deleteTree(Path root) throws IOException {
    // By hand rather than with Files.walkFileTree, whose machinery the client would load at every
    // start for a directory of two files.
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException gone) {
      return;
    }
    if (attributes.isDirectory()) {
      List<Path> entries = new ArrayList<>();
      try (DirectoryStream<Path> listing = Files.newDirectoryStream(root)) {
        for (Path entry : listing) {
          entries.add(entry);
        }
      } catch (NoSuchFileException gone) {
        return;
      }
      for (Path entry : entries) {
        deleteTree(entry);
      }
    }
    Files.deleteIfExists(root);
  }
}
