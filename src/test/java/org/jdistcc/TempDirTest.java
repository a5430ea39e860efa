package org.jdistcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempDirTest {
  @TempDir Path root;

  @Test
  void closeRemovesResolvedAndUnexpectedFilesButNothingALinkPointsAt() throws IOException {
    Path outside = Files.createDirectory(root.resolve("outside"));
    Path precious = Files.writeString(outside.resolve("b"), "keep");
    org.jdistcc.TempDir dir = org.jdistcc.TempDir.create(root, "job-");
    Files.writeString(dir.resolve("t.i"), "text");
    Files.writeString(dir.path().resolve("unexpected"), "x");
    Files.createSymbolicLink(dir.path().resolve("a"), outside);
    Files.createSymbolicLink(dir.resolve("link"), precious);
    Path through = dir.resolve("a/b"); // reached through a link: never removed by that name
    Files.createDirectories(dir.resolve("sub").resolve("deeper"));
    dir.close();
    assertFalse(Files.exists(dir.path()));
    assertTrue(Files.exists(through.getParent().getParent().getParent().resolve("outside/b")));
    assertArrayEquals("keep".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(precious));
  }

  @Test
  void closeOfADirectoryHoldingOnlyResolvedNamesRemovesIt() throws IOException {
    org.jdistcc.TempDir dir = org.jdistcc.TempDir.create(root, "job-");
    Files.writeString(dir.resolve("t.i"), "text");
    dir.resolve("never-written.err");
    dir.close();
    assertFalse(Files.exists(dir.path()));
  }

  @Test
  void aKeptDirectoryStays() throws IOException {
    org.jdistcc.TempDir dir = org.jdistcc.TempDir.create(root, "job-");
    Files.writeString(dir.resolve("t.i"), "text");
    dir.keep();
    dir.close();
    assertTrue(Files.exists(dir.resolve("t.i")));
  }

  @Test
  void openUniqueGivesANewPrivateFileOpenForWriting() throws IOException {
    org.jdistcc.TempDir.NewFile file = org.jdistcc.TempDir.openUnique(root, ".t.o.", ".tmp");
    try (var channel = file.channel()) {
      channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file.path()));
    assertTrue(file.path().getFileName().toString().startsWith(".t.o."));
    assertTrue(
        Files.getPosixFilePermissions(file.path())
            .equals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
  }

  @Test
  void writeUniqueWritesEachCallToANewPrivateFile() throws IOException {
    Path a =
        org.jdistcc.TempDir.writeUnique(
            root, ".verdict", "same\n".getBytes(StandardCharsets.UTF_8));
    Path b = org.jdistcc.TempDir.writeUnique(root, ".verdict", new byte[0]);
    assertFalse(a.equals(b));
    assertEquals("same\n", Files.readString(a));
    assertEquals(0, Files.size(b));
    assertTrue(a.getFileName().toString().startsWith(".verdict"));
    assertEquals(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(a));
  }

  @Test
  void writeUniqueInAMissingDirectoryFailsAndMakesNothing() {
    Path missing = root.resolve("gone");
    assertThrows(
        IOException.class, () -> org.jdistcc.TempDir.writeUnique(missing, ".t", new byte[] {1}));
    assertFalse(Files.exists(missing));
  }

  @Test
  void replaceSwapsTheWholeFileAndLeavesNothingBeside() throws IOException {
    Path note = Files.writeString(root.resolve("trusted_x"), "old and longer\n");
    org.jdistcc.TempDir.replace(note, ".trusted", "new\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("new\n", Files.readString(note));
    try (var names = Files.list(root)) {
      assertEquals(List.of(note), names.toList());
    }
  }

  @Test
  void aClaimedNameIsToldBeforeTheFileExistsAndDisownedWhenItWasNotCreated() throws IOException {
    List<String> heard = new ArrayList<>();
    org.jdistcc.Leftovers claims =
        new org.jdistcc.Leftovers(
            new org.jdistcc.Leftovers.Witness() {
              @Override
              public void claimed(Path path) {
                heard.add((Files.exists(path) ? "existing " : "claimed ") + path.getFileName());
              }

              @Override
              public void disowned(Path path) {
                heard.add("disowned " + path.getFileName());
              }
            });
    org.jdistcc.TempDir.NewFile file =
        org.jdistcc.TempDir.openUnique(root, ".t.o.", ".tmp", claims);
    file.channel().close();
    assertEquals(List.of("claimed " + file.path().getFileName()), heard);

    heard.clear();
    Path missing = root.resolve("no-such-dir");
    assertThrows(
        java.nio.file.NoSuchFileException.class,
        () -> org.jdistcc.TempDir.openUnique(missing, ".t.o.", ".tmp", claims));
    assertEquals(2, heard.size(), heard.toString());
    assertEquals(heard.get(0).replace("claimed ", "disowned "), heard.get(1));
  }
}
