package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UncachedErrTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # what the descriptor is          | regular | fdinfo                                   | shared
          a pipe or a terminal               | false   | 'pos:\\t0\\nflags:\\t01\\nmnt_id:\\t15\\n'      | true
          a file opened for appending (>>)   | true    | 'pos:\\t0\\nflags:\\t0102001\\nmnt_id:\\t2\\n'  | true
          a file opened without O_APPEND (>) | true    | 'pos:\\t9\\nflags:\\t0100001\\nmnt_id:\\t2\\n'  | false
          a file whose flags are missing     | true    | 'pos:\\t0\\n'                              | false
          a file whose flags are malformed   | true    | 'flags:\\tzz\\n'                           | false
          """)
  void aSecondOpenIsUsedOnlyWhereItWritesWhereTheFirstWould(
      String what, boolean regular, String fdinfo, boolean shared) {
    assertEquals(shared, UncachedErr.shareable(regular, fdinfo.translateEscapes()), what);
  }

  @Test
  void noDescriptorOrOneOfStdoutAndStderrNeedsNoOpen() {
    PrintStream out = stream();
    PrintStream err = stream();
    assertSame(err, UncachedErr.open(Optional.empty(), out, err));
    assertSame(err, UncachedErr.open(Optional.of(2), out, err));
    assertSame(out, UncachedErr.open(Optional.of(1), out, err));
  }

  @Test
  void aDescriptorThatIsNotOpenMeansStderr() {
    PrintStream err = stream();
    assertSame(err, UncachedErr.open(Optional.of(1 << 20), stream(), err));
  }

  @Test
  void aFileOpenedForAppendingGetsTheMessagesBetweenItsOwnWrites() throws IOException {
    Path file = dir.resolve("build.log");
    try (FileOutputStream appending = new FileOutputStream(file.toFile(), true)) {
      appending.write("before\n".getBytes(StandardCharsets.UTF_8));
      PrintStream err = stream();
      PrintStream messages = UncachedErr.open(Optional.of(descriptorOf(file)), stream(), err);
      assertNotSame(err, messages);
      messages.println("distcc[1] Warning: the message");
      messages.close();
      appending.write("after\n".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("before\ndistcc[1] Warning: the message\nafter\n", Files.readString(file));
  }

  @Test
  void aFileOpenedWithoutAppendingGetsNoSecondWriterThatItWouldOverwrite() throws IOException {
    Path file = dir.resolve("build.log");
    try (FileOutputStream truncating = new FileOutputStream(file.toFile(), false)) {
      truncating.write("compiler output\n".getBytes(StandardCharsets.UTF_8));
      PrintStream err = stream();
      assertSame(err, UncachedErr.open(Optional.of(descriptorOf(file)), stream(), err));
    }
  }

  /** This JVM's descriptor for {@code file}, found in /proc/self/fd. */
  private static int descriptorOf(Path file) throws IOException {
    Path real = file.toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          if (Files.readSymbolicLink(fd).equals(real)) {
            return Integer.parseInt(fd.getFileName().toString());
          }
        } catch (IOException e) {
          // the listing's own descriptor, closed meanwhile
        }
      }
    }
    throw new AssertionError("no descriptor for " + file);
  }

  private static PrintStream stream() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
