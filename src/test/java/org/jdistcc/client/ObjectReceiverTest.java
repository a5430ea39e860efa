package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.jdistcc.DistccException;
import org.jdistcc.Leftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectReceiverTest {
  @TempDir Path dir;

  private final Leftovers leftovers = new Leftovers();

  private ObjectReceiver receiver(Path target) {
    return new ObjectReceiver(target, target.getFileName().toString(), true, leftovers);
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    try (out) {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
  }

  @Test
  void anObjectStreamedToATwinIsRenamedIntoPlaceWithTheJobsMode() throws IOException {
    Path target = dir.resolve("x.o");
    Files.writeString(target, "the old object");
    try (ObjectReceiver receiver = receiver(target)) {
      write(receiver.open(), "new object");
      assertTrue(receiver.received());
      // Until it is placed, the old object is what the name means, and the twin is beside it.
      assertEquals("the old object", Files.readString(target));
      assertEquals(2, names().size(), names().toString());
      receiver.place(027);
      assertFalse(receiver.received());
    }
    assertEquals("new object", Files.readString(target));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    assertEquals(List.of("x.o"), names());
  }

  @Test
  void aTwinNotPlacedIsRemovedAndTheTargetKept() throws IOException {
    Path target = dir.resolve("x.o");
    Files.writeString(target, "the old object");
    try (ObjectReceiver receiver = receiver(target)) {
      write(receiver.open(), "half an obj");
    }
    assertEquals("the old object", Files.readString(target));
    assertEquals(List.of("x.o"), names());
  }

  @Test
  void eachAnswerReadStartsANewTwinAndRemovesTheLast() throws IOException {
    Path target = dir.resolve("x.o");
    try (ObjectReceiver receiver = receiver(target)) {
      write(receiver.open(), "first, broken off");
      write(receiver.open(), "second");
      assertEquals(1, names().size(), names().toString());
      receiver.place(022);
    }
    assertEquals("second", Files.readString(target));
    assertEquals(List.of("x.o"), names());
  }

  @Test
  void aDanglingSymlinksTargetIsWhereTheObjectGoes() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("x.o"), Path.of("real.o"));
    try (ObjectReceiver receiver = receiver(link)) {
      write(receiver.open(), "object");
      receiver.place(022);
    }
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("object", Files.readString(dir.resolve("real.o")));
  }

  @Test
  void targetsWrittenIntoWhatIsThereKeepTheObjectInMemory() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.o"));
    try (ObjectReceiver receiver = receiver(empty)) {
      assertNull(receiver.open());
      assertFalse(receiver.received());
    }
    try (ObjectReceiver receiver = receiver(Path.of("/dev/null"))) {
      assertNull(receiver.open());
    }
    try (ObjectReceiver receiver =
        new ObjectReceiver(dir.resolve("checked.o"), "checked.o", false, leftovers)) {
      assertNull(receiver.open());
    }
    assertEquals(List.of("empty.o"), names());
  }

  @Test
  void aTargetThatCannotBeWrittenIsThisMachinesFailure() throws IOException {
    Path target = Files.createDirectory(dir.resolve("x.o"));
    try (ObjectReceiver receiver = receiver(target)) {
      DistccException e = assertThrows(DistccException.class, receiver::open);
      assertEquals("cannot write x.o: is a directory", e.getMessage());
      assertEquals(e, receiver.failure().orElseThrow());
      // The next answer read starts afresh.
      assertThrows(DistccException.class, receiver::open);
      Files.delete(target);
      assertNotNull(receiver.open());
      assertTrue(receiver.failure().isEmpty());
    }
  }
}
