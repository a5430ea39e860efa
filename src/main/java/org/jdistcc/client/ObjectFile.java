package org.jdistcc.client;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.jdistcc.FileBytes;
import org.jdistcc.Leftovers;
import org.jdistcc.TempDir;

/**
 * Puts a received object file where a local compile would have put it, treating what already exists
 * at the target the way GNU as (through BFD) does, measured with gcc 12 / binutils 2.40 and distcc
 * 3.4, which behave alike:
 *
 * <pre>
 *   target                               gcc -c / distcc 3.4           here
 *   missing                              new file, 0666 &amp; ~umask     same, renamed into place
 *   non-empty regular file (or a         unlinked, new file            same, renamed over it, so a
 *     hard link to one)                  0666 &amp; ~umask                hard-linked twin keeps its bytes
 *   symlink to a non-empty file          the link is replaced by a     same
 *                                        regular file
 *   empty regular file, or a symlink     written in place: inode,      same; on a failure it is
 *     to one                             mode and links kept           truncated back to empty
 *   dangling symlink                     its target is created         same, renamed into place there
 *   character device, FIFO, socket       written through               same (GNU as fails on a FIFO
 *                                                                      with "Illegal seek";
 *                                                                      distcc 3.4 writes it)
 *   directory                            error                         error
 * </pre>
 *
 * <p>So a regular object is whole or absent: new bytes go to a temporary file in the target's
 * directory, then one rename; only an existing empty file is written in place, as GNU as does, and
 * emptied again if that fails. Nothing here reads process state: the umask is handed in.
 */
final class ObjectFile {
  private ObjectFile() {}

  /** distcc's and GNU as's rule: follow at most this many symlinks to find what a name means. */
  private static final int MAX_LINKS = 40;

  static void write(Path target, byte[] bytes, int umask, Leftovers leftovers) throws IOException {
    Optional<Path> renamed = renamedInto(target);
    if (renamed.isPresent()) {
      try (Twin twin = Twin.open(renamed.get(), leftovers)) {
        FileBytes.write(twin.channel(), bytes);
        twin.place(umask);
      }
      return;
    }
    BasicFileAttributes followed = followed(target);
    if (followed != null && followed.isRegularFile()) {
      writeInPlace(target, bytes);
      return;
    }
    // Devices, FIFOs and sockets are written through and stay what they are.
    try (OutputStream out = new FileOutputStream(target.toFile())) {
      out.write(bytes);
    }
  }

  /**
   * The name a new object for {@code target} is renamed to (the target itself, or where its
   * dangling symlink points), or empty when the object is written into what is there: an empty
   * file, a device, a FIFO or a socket. A directory is an error.
   */
  static Optional<Path> renamedInto(Path target) throws IOException {
    BasicFileAttributes followed = followed(target);
    if (followed != null && followed.isDirectory()) {
      throw new IOException("is a directory");
    }
    if (followed != null && (!followed.isRegularFile() || followed.size() == 0)) {
      return Optional.empty();
    }
    if (followed == null && Files.isSymbolicLink(target)) {
      return Optional.of(danglingTarget(target));
    }
    return Optional.of(target);
  }

  /** An empty file keeps its inode, mode and other names, as GNU as leaves it. */
  private static void writeInPlace(Path target, byte[] bytes) throws IOException {
    try (FileChannel channel =
        FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      try {
        FileBytes.write(channel, bytes);
      } catch (IOException e) {
        channel.truncate(0);
        throw e;
      }
    }
  }

  /**
   * A new object's private temporary file beside the name it replaces: written through {@link
   * #channel}, then given its final mode and renamed into place by {@link #place}; removed by
   * {@link #close} unless it was placed.
   */
  static final class Twin implements AutoCloseable {
    private final Path name;
    private final Path temp;
    private final FileChannel channel;
    private final Leftovers leftovers;

    private Twin(Path name, TempDir.NewFile created, Leftovers leftovers) {
      this.name = name;
      this.temp = created.path();
      this.channel = created.channel();
      this.leftovers = leftovers;
    }

    /** Creates the twin of {@code name}, claimed in {@code leftovers} as it is created. */
    static Twin open(Path name, Leftovers leftovers) throws IOException {
      Path dir = name.toAbsolutePath().getParent();
      return new Twin(
          name,
          TempDir.openUnique(dir, "." + name.getFileName() + ".", ".tmp", leftovers),
          leftovers);
    }

    FileChannel channel() {
      return channel;
    }

    /** Closes the twin, gives it mode 0666 less {@code umask} and renames it to its name. */
    void place(int umask) throws IOException {
      channel.close();
      // chmod is not subject to the process's umask, so the job's own umask decides.
      Files.setPosixFilePermissions(temp, permissions(0666 & ~umask));
      try {
        Files.move(temp, name, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, name, StandardCopyOption.REPLACE_EXISTING);
      }
    }

    /** Closes the twin and removes it if it is still there (not placed). */
    @Override
    public void close() throws IOException {
      try {
        channel.close();
      } finally {
        try {
          Files.deleteIfExists(temp);
        } finally {
          leftovers.remove(temp);
        }
      }
    }
  }

  /** The path a dangling symlink (chain) points at, where opening it for writing creates a file. */
  private static Path danglingTarget(Path link) throws IOException {
    Path at = link.toAbsolutePath();
    for (int i = 0; i < MAX_LINKS && Files.isSymbolicLink(at); i++) {
      at = at.getParent().resolve(Files.readSymbolicLink(at)).normalize();
    }
    if (Files.isSymbolicLink(at)) {
      throw new IOException("too many levels of symbolic links");
    }
    return at;
  }

  /** What the name means once symlinks are followed, or null when nothing is there. */
  private static BasicFileAttributes followed(Path path) throws IOException {
    // Most targets do not exist yet (a clean build): Files.exists says so without the
    // NoSuchFileException, and its stack trace, that readAttributes would throw.
    if (!Files.exists(path)) {
      return null;
    }
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The permission set of a Unix mode's low nine bits. */
  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE
    };
    for (int i = 0; i < 9; i++) {
      if ((mode & (0400 >> i)) != 0) {
        set.add(order[i]);
      }
    }
    return set;
  }
}
