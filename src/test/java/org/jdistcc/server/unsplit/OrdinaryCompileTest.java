package org.jdistcc.server.unsplit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The volunteer's ordinary compile: which files it writes (only its own names, whatever the markers
 * say) and the command, prefix maps included.
 */
class OrdinaryCompileTest {
  @TempDir Path root;

  private static final List<String> ARGV =
      List.of(
          "gcc", "-fpreprocessed", "-fdirectives-only", "-g", "-O2", "-c", "src/a.c", "-o", "a.o");

  private static byte[] text(String main, String body) {
    return ("# 0 \""
            + main
            + "\"\n# 1 \"/home/u/p//\"\n# 0 \"<built-in>\"\n#define __GNUC__ 12\n"
            + "# 0 \"<command-line>\"\n#define FOO 1\n# 1 \""
            + main
            + "\"\n"
            + body)
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private Path job() throws IOException {
    return Files.createDirectory(root.resolve("job")).toRealPath();
  }

  private List<String> written(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void aJobBecomesFilesAndACommandWithTheClientsNames() throws IOException {
    Path dir = job();
    OrdinaryCompile.Plan plan =
        OrdinaryCompile.prepare(
            ARGV,
            "src/a.c",
            dir.resolve("out.o"),
            text("src/a.c", "# 1 \"/usr/include/x.h\" 1 3 4\nint x;\n# 2 \"src/a.c\" 2\nint y;\n"),
            dir,
            true);
    List<String> argv = assertInstanceOf(OrdinaryCompile.Ordinary.class, plan).argv();
    assertEquals(
        List.of(
            "gcc",
            "-nostdinc",
            "-x",
            "c",
            "-DFOO=1",
            "-g",
            "-O2",
            "-c",
            dir + "/m/a.c",
            "-o",
            dir + "/out.o",
            "-fdebug-prefix-map=" + dir + "=/home/u/p",
            "-ffile-prefix-map=" + dir + "/m/a.c=src/a.c",
            "-fdebug-prefix-map=" + dir + "/m/a.c=src/a.c"),
        argv);
    assertEquals(List.of("i/0.h", "m/a.c"), written(dir));
  }

  @Test
  void theUsersPrefixMapsApplyToTheClientsNamesFirst() throws IOException {
    Path dir = job();
    List<String> argv =
        List.of(
            "g++",
            "-fpreprocessed",
            "-fdirectives-only",
            "-g",
            "-ffile-prefix-map=/home/u=/U",
            "-fmacro-prefix-map=src=S",
            "-fdebug-prefix-map=src=D",
            "-c",
            "src/a.c",
            "-o",
            "a.o");
    OrdinaryCompile.Plan plan =
        OrdinaryCompile.prepare(
            argv, "src/a.c", dir.resolve("o.o"), text("src/a.c", "int y;\n"), dir, true);
    List<String> cmd = assertInstanceOf(OrdinaryCompile.Ordinary.class, plan).argv();
    List<String> tail = cmd.subList(cmd.size() - 3, cmd.size());
    assertEquals(
        List.of(
            "-fdebug-prefix-map=" + dir + "=/U/p",
            "-ffile-prefix-map=" + dir + "/m/a.c=S/a.c",
            "-fdebug-prefix-map=" + dir + "/m/a.c=D/a.c"),
        tail);
    assertEquals("c++", cmd.get(cmd.indexOf("-x") + 1));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "../../../etc/passwd",
        "/etc/cron.d/x",
        "a/../../b.c",
        "..",
        ".",
        "a/",
        "x\\000y.c",
        "a=b.c",
        "a\\nb.c",
        "a\\\\b.c"
      })
  void mainNamesNeverLeaveTheJobDirectory(String name) throws IOException {
    Path dir = job();
    OrdinaryCompile.prepare(ARGV, "src/a.c", dir.resolve("o.o"), text(name, "int y;\n"), dir, true);
    for (String f : written(dir)) {
      assertTrue(
          f.equals("i/0.h") || f.startsWith("m/") && f.indexOf('/', 2) < 0 && !f.contains(".."), f);
    }
    try (Stream<Path> s = Files.list(root)) {
      assertEquals(List.of(dir), s.map(OrdinaryCompileTest::real).collect(Collectors.toList()));
    }
  }

  @Test
  void aVeryLongMainNameIsCompiledAsSent() throws IOException {
    Path dir = job();
    OrdinaryCompile.Plan plan =
        OrdinaryCompile.prepare(
            ARGV,
            "src/a.c",
            dir.resolve("o.o"),
            text("x".repeat(300) + ".c", "int y;\n"),
            dir,
            true);
    assertInstanceOf(OrdinaryCompile.Plain.class, plan);
    assertEquals(List.of(), written(dir));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "../../../../etc/passwd",
        "/etc/shadow",
        "\\000",
        "../x\\000/../../y",
        "<built-in>",
        "",
        "i/../../../z"
      })
  void includedNamesOnlyEverAppearInsideLineDirectives(String name) throws IOException {
    Path dir = job();
    String marker = "\"" + name + "\"";
    OrdinaryCompile.Plan plan =
        OrdinaryCompile.prepare(
            ARGV,
            "src/a.c",
            dir.resolve("o.o"),
            text(
                "src/a.c", "# 1 " + marker + " 1\nint x;\n# 9 " + marker + "\n# 2 \"src/a.c\" 2\n"),
            dir,
            true);
    assertInstanceOf(OrdinaryCompile.Ordinary.class, plan);
    assertEquals(List.of("i/0.h", "m/a.c"), written(dir));
    String header = Files.readString(dir.resolve("i/0.h"), StandardCharsets.ISO_8859_1);
    assertTrue(header.startsWith("#line 1 " + marker + "\n"), header);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not directives-only | gcc -g -c src/a.c -o a.o",
        "-x given            | gcc -fpreprocessed -fdirectives-only -x c++ -c src/a.c -o a.o",
        "not C or C++        | gcc -fpreprocessed -fdirectives-only -c src/a.m -o a.o",
      })
  void otherJobsAreCompiledAsSent(String why, String command) throws IOException {
    Path dir = job();
    List<String> argv = List.of(command.split(" "));
    String input = argv.get(argv.indexOf("-o") - 1);
    assertInstanceOf(
        OrdinaryCompile.Plain.class,
        OrdinaryCompile.prepare(
            argv, input, dir.resolve("o.o"), text("src/a.c", "int y;\n"), dir, true),
        why);
    assertEquals(List.of(), written(dir));
  }

  @Test
  void debugInformationWithoutTheWorkingDirectoryIsCompiledAsSent() throws IOException {
    Path dir = job();
    byte[] text =
        ("# 0 \"a.c\"\n# 0 \"<built-in>\"\n#define __GNUC__ 12\n# 1 \"a.c\"\nint y;\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertInstanceOf(
        OrdinaryCompile.Plain.class,
        OrdinaryCompile.prepare(ARGV, "src/a.c", dir.resolve("o.o"), text, dir, true));
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }
}
