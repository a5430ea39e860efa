package org.jdistcc.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.jdistcc.TempDir;

/**
 * Volunteers that passed a {@code DISTCC_VERIFY} check, remembered across agent restarts: the file
 * {@code trusted_KEY_ID} in the lock directory, next to the {@link Quarantine} files, where ID
 * names the local compiler (its path, size and modification time). A host trusted here may have its
 * checks run after its jobs at once, without first passing one before a job is delivered.
 *
 * <p>Trust is only ever assumed from a file that is plainly this user's own and recent: a regular
 * file (not a link) owned by this process's user, writable by nobody else, of the expected form,
 * naming this host and this compiler as it is now, and written at most {@link #MAX_AGE} ago (not in
 * the future). Anything else, a corrupt or foreign file included, means "not trusted". The age
 * limit bounds how long a volunteer whose compiler changed can go unchecked before its jobs: its
 * sampled checks still run, only later. {@link Quarantine#put} removes every trust file of the
 * host.
 */
public final class EarnedTrust {
  /** How long a passed check is remembered on disk. */
  public static final Duration MAX_AGE = Duration.ofDays(1);

  private static final String MAGIC = "jdistcc-trust 1";
  private static final long MOST_BYTES = 4096;
  private static final Duration SKEW = Duration.ofMinutes(5);

  private final Path lockDir;

  public EarnedTrust(Path lockDir) {
    this.lockDir = Objects.requireNonNull(lockDir, "lockDir");
  }

  /** Whether {@code host} passed a check with {@code compiler}, as it is now, recently enough. */
  public boolean holds(HostSpec host, Path compiler, Instant now) {
    try {
      String identity = identity(compiler);
      Path file = file(host, identity);
      PosixFileAttributes attributes =
          Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile()
          || attributes.size() > MOST_BYTES
          || !attributes.owner().equals(me())
          || attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
          || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
        return false;
      }
      List<String> lines = Files.readString(file, StandardCharsets.UTF_8).lines().toList();
      if (lines.size() != 5
          || !lines.get(0).equals(MAGIC)
          || !lines.get(1).equals("host " + host.key())
          || !lines.get(2).equals("compiler " + compiler)
          || !lines.get(3).equals("identity " + identity)
          || !lines.get(4).startsWith("since ")) {
        return false;
      }
      Instant since = Instant.ofEpochSecond(Long.parseLong(lines.get(4).substring(6)));
      return !since.isAfter(now.plus(SKEW)) && !since.isBefore(now.minus(MAX_AGE));
    } catch (IOException | RuntimeException e) {
      return false; // missing, unreadable, or not a number: not trusted
    }
  }

  /** Remembers that {@code host} passed a check with {@code compiler} at {@code now}. */
  public void grant(HostSpec host, Path compiler, Instant now) throws IOException {
    String identity = identity(compiler);
    Files.createDirectories(lockDir);
    TempDir.replace(
        file(host, identity),
        ".trusted",
        (MAGIC
                + "\nhost "
                + host.key()
                + "\ncompiler "
                + compiler
                + "\nidentity "
                + identity
                + "\nsince "
                + now.getEpochSecond()
                + "\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  /** Forgets every compiler {@code host} was trusted with. */
  public void revoke(HostSpec host) throws IOException {
    String prefix = "trusted_" + host.key() + "_";
    try (DirectoryStream<Path> files = Files.newDirectoryStream(lockDir, "trusted_*")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        // The ID is the last, fixed-length part, so "tcp_a_1_" cannot match "tcp_a_12_"'s files.
        if (name.startsWith(prefix) && name.length() == prefix.length() + ID_CHARS) {
          Files.deleteIfExists(file);
        }
      }
    } catch (NoSuchFileException e) {
      // no lock directory: nothing to forget
    }
  }

  private static final int ID_CHARS = 16;

  Path file(HostSpec host, String identity) {
    return lockDir.resolve("trusted_" + host.key() + "_" + identity.substring(0, ID_CHARS));
  }

  /** The compiler as it is now: a digest of its path, size and modification time. */
  static String identity(Path compiler) throws IOException {
    PosixFileAttributes a = Files.readAttributes(compiler, PosixFileAttributes.class);
    String what =
        compiler.toAbsolutePath()
            + "\0"
            + a.size()
            + "\0"
            + a.lastModifiedTime().toInstant()
            + "\0"
            + a.fileKey();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private UserPrincipal me() throws IOException {
    return lockDir
        .getFileSystem()
        .getUserPrincipalLookupService()
        .lookupPrincipalByName(System.getProperty("user.name"));
  }
}
