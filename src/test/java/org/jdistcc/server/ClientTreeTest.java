package org.jdistcc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdistcc.protocol.PumpEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unpacking a pump request's files on a real file system: what is written, what is refused. */
class ClientTreeTest {
  @TempDir Path dir;
  private Path root;
  private Path system;
  private ClientTree tree;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(dir.resolve("job/root"));
    system = Files.createDirectories(dir.resolve("sys/include")).toRealPath();
    Files.writeString(system.resolve("stdio.h"), "/* system */\n");
    Files.createDirectories(dir.resolve("outside"));
    tree = new ClientTree(root, () -> List.of(system));
  }

  private static PumpEntry file(String name) {
    return new PumpEntry.File(name, ("/* " + name + " */\n").getBytes(StandardCharsets.UTF_8));
  }

  private static PumpEntry link(String name, String target) {
    return new PumpEntry.Link(name, target);
  }

  /** Every path under the test directory that is not under the job's root, links not followed. */
  private List<String> outsideRoot() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(p -> !p.startsWith(root))
          .map(Path::toString)
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void filesAndDirectoriesAreWrittenUnderTheRoot() throws Exception {
    Path cwd = tree.makeDirectory("/home/u/src");
    tree.unpack(List.of(file("/home/u/src/x.c"), file("/home/u/src/inc/a.h"), file("/opt/b.h")));
    assertEquals(root.toRealPath().resolve("home/u/src"), cwd);
    assertEquals(
        "/* /home/u/src/inc/a.h */\n", Files.readString(root.resolve("home/u/src/inc/a.h")));
    assertTrue(Files.isRegularFile(root.resolve("opt/b.h")));
  }

  @Test
  void linkInsideTheRootIsMadeAsSent() throws Exception {
    tree.unpack(
        List.of(file("/w/inc/a.h"), link("/w/alias.h", "inc/a.h"), link("/w/abs.h", "/w/inc/a.h")));
    assertEquals("/* /w/inc/a.h */\n", Files.readString(root.resolve("w/alias.h")));
    // An absolute target is taken relative to the root, as distccd 3.4 does.
    assertEquals("/* /w/inc/a.h */\n", Files.readString(root.resolve("w/abs.h")));
  }

  @Test
  void linkIntoTheCompilersSystemDirectoriesIsAllowed() throws Exception {
    int depth = root.toRealPath().getNameCount() + 1;
    String up = "../".repeat(depth + 5);
    tree.unpack(List.of(link("/w/farm", up + system.toString().substring(1))));
    assertEquals("/* system */\n", Files.readString(root.resolve("w/farm/stdio.h")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "dot-dot in NAME            | F /w/../../outside/x               | | contains \"..\"",
        "dot in NAME                | F /w/./x                           | | contains \".\"",
        "relative NAME              | F outside/x                        | | is not absolute",
        "NAME is the root           | F /                                | | names the root",
        "relative link climbing out | L /w/l -> ../../../../../../../../outside | | points outside the job",
        "absolute link climbing out | L /w/l -> /../../outside           | | has \"..\" in an absolute target",
        "dot-dot after a name       | L /w/l -> inc/../../../../../outside | | has \"..\" after a name",
        "file through a link        | L /w/l -> /w/d                     | F /w/l/x | passes through the link /w/l",
        "file through a farm link   | L /w/l -> ../../../../../../../../../../../../../../../../tmp | F /w/l/x | points outside the job",
        "file through a file        | F /w/f                             | F /w/f/x | passes through the file /w/f",
        "same name twice            | F /w/f                             | F /w/f   | is sent twice",
        "link over a file           | F /w/f                             | L /w/f -> x | is sent twice",
      })
  void escapingEntryIsRefusedAndWritesNothingOutside(
      String name, String first, String second, String message) throws IOException {
    List<String> before = outsideRoot();
    List<PumpEntry> entries = new ArrayList<>();
    entries.add(entry(first));
    if (second != null) {
      entries.add(entry(second));
    }
    Refusal r = assertThrows(Refusal.class, () -> tree.unpack(entries));
    assertTrue(r.getMessage().contains(message), r.getMessage());
    assertEquals("pump-path", r.rule());
    assertEquals(before, outsideRoot());
  }

  @ParameterizedTest
  @CsvSource({"/w/../x", "w", "/w/./x"})
  void badWorkingDirectoryIsRefused(String cwd) {
    assertThrows(Refusal.class, () -> tree.makeDirectory(cwd));
  }

  @Test
  void workingDirectoryThroughAClientLinkIsRefused() throws Exception {
    tree.unpack(List.of(link("/w", "/elsewhere")));
    Refusal r = assertThrows(Refusal.class, () -> tree.makeDirectory("/w/src"));
    assertTrue(r.getMessage().contains("passes through"), r.getMessage());
    assertTrue(Files.isSymbolicLink(root.resolve("w")));
    assertTrue(Files.notExists(root.resolve("elsewhere"), LinkOption.NOFOLLOW_LINKS));
  }

  /** "F /name" is a file, "L /name -> target" a link. */
  private static PumpEntry entry(String spec) {
    if (spec.startsWith("F ")) {
      return file(spec.substring(2));
    }
    String[] parts = spec.substring(2).split(" -> ");
    return link(parts[0], parts[1]);
  }
}
