package org.jdistcc.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EarnedTrustTest {
  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

  @TempDir Path dir;
  private Path lockDir;
  private Path gcc;
  private final HostSpec angry = HostSpec.Tcp.of("angry");
  private final HostSpec other = HostSpec.Tcp.of("other");

  @BeforeEach
  void compiler() throws IOException {
    lockDir = dir.resolve("lock");
    gcc = Files.writeString(dir.resolve("gcc"), "a compiler");
  }

  private Path written(HostSpec host) throws IOException {
    return new EarnedTrust(lockDir).file(host, EarnedTrust.identity(gcc));
  }

  /** Each row changes one thing about a file granted at T0, then asks at T0 + the given time. */
  @ParameterizedTest(name = "{0}: trusted = {2}")
  @CsvSource({
    "as written,                     0,     true",
    "an hour later,                  3600,  true",
    "just under a day later,         86399, true",
    "a day and a second later,       86401, false",
    "written an hour in the future,  -3600, false",
    "no file,                        0,     false",
    "corrupt,                        0,     false",
    "another host's content,         0,     false",
    "the compiler changed since,     0,     false",
    "a symbolic link,                0,     false",
    "writable by others,             0,     false",
    "the host was quarantined,       0,     false",
  })
  void aFileMeansTrustOnlyWhenItIsPlainlyOursRecentAndAboutThisCompiler(
      String row, long secondsLater, boolean trusted) throws IOException {
    EarnedTrust trust = new EarnedTrust(lockDir);
    trust.grant(angry, gcc, T0);
    Path file = written(angry);
    switch (row) {
      case "no file" -> Files.delete(file);
      case "corrupt" -> Files.writeString(file, "jdistcc-trust 1\nhost \0\n");
      case "another host's content" -> {
        trust.grant(other, gcc, T0);
        Files.move(written(other), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      case "the compiler changed since" -> {
        Files.writeString(gcc, "a compiler, upgraded");
        Files.setLastModifiedTime(gcc, FileTime.from(T0.plusSeconds(1)));
        // the old file, under the old name, is still there; the new identity has none
        assertTrue(Files.exists(file));
      }
      case "a symbolic link" -> {
        Path real = Files.move(file, dir.resolve("elsewhere"));
        Files.createSymbolicLink(file, real);
      }
      case "writable by others" ->
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
      case "the host was quarantined" -> new Quarantine(lockDir).put(angry, "objects differ");
      default -> {}
    }
    assertEquals(trusted, trust.holds(angry, gcc, T0.plusSeconds(secondsLater)), row);
  }

  @Test
  void trustIsPerHostAndCompilerAndQuarantineForgetsOnlyThatHost() throws IOException {
    Path clang = Files.writeString(dir.resolve("clang"), "another compiler");
    EarnedTrust trust = new EarnedTrust(lockDir);
    trust.grant(angry, gcc, T0);
    trust.grant(angry, clang, T0);
    trust.grant(other, gcc, T0);
    assertTrue(trust.holds(angry, clang, T0));
    assertFalse(
        trust.holds(
            new HostSpec.Tcp("angry", 3633, 2, org.jdistcc.protocol.ProtocolVersion.PLAIN, false),
            gcc,
            T0),
        "another port");
    new Quarantine(lockDir).put(angry, "objects differ");
    assertFalse(trust.holds(angry, gcc, T0));
    assertFalse(trust.holds(angry, clang, T0));
    assertTrue(trust.holds(other, gcc, T0));
  }

  @Test
  void aMissingCompilerOrLockDirectoryIsNotTrustedAndNotAnError() throws IOException {
    EarnedTrust trust = new EarnedTrust(lockDir);
    assertFalse(trust.holds(angry, gcc, T0));
    trust.revoke(angry);
    assertFalse(trust.holds(angry, dir.resolve("no-such-cc"), T0));
    trust.grant(angry, gcc, T0);
    assertEquals(
        "jdistcc-trust 1",
        Files.readString(written(angry), StandardCharsets.UTF_8).lines().findFirst().orElse(""));
    assertTrue(Duration.ofDays(1).equals(EarnedTrust.MAX_AGE));
  }
}
