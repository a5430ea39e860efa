package org.jdistcc.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jdistcc.Log;
import org.jdistcc.it.Tools;
import org.jdistcc.protocol.CompileRequest;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.RequestCodec;
import org.jdistcc.protocol.ResponseCodec;
import org.jdistcc.protocol.WireLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The job handler with a real gcc, in process: request bytes in, response bytes out. */
class JobHandlerTest {
  private static final Path GCC = Path.of("/usr/bin/gcc");

  @TempDir Path root;
  private Path tempRoot;
  private Path masq;
  private ByteArrayOutputStream logBytes;
  private JobHandler handler;

  @BeforeEach
  void setUp() throws IOException {
    Tools.require(Files.isExecutable(GCC), GCC + " is not installed");
    tempRoot = Files.createDirectories(root.resolve("tmp"));
    masq = Files.createDirectories(root.resolve("masq"));
    Files.createSymbolicLink(masq.resolve("gcc"), Path.of("/usr/bin/distcc"));
    logBytes = new ByteArrayOutputStream();
    Log log =
        new Log(
            new java.io.PrintStream(logBytes, true, StandardCharsets.UTF_8),
            Log.Level.DEBUG,
            "distccd",
            1,
            java.time.Clock.systemUTC());
    CompilerPolicy compilers =
        new CompilerPolicy(
            masq, Set.of(), Optional.empty(), List.of(Path.of("/usr/bin"), Path.of("/bin")));
    DaemonConfig config =
        new DaemonConfig(
            compilers,
            Set.of(),
            tempRoot,
            Duration.ofSeconds(60),
            Optional.empty(),
            Map.of("PATH", "/usr/bin:/bin"),
            WireLimits.DEFAULT);
    handler = new JobHandler(config, log, new org.jdistcc.Leftovers());
  }

  private CompileResponse serve(CompileRequest request) throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    RequestCodec.write(request, wire);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status;
    try (HeldOpen client = new HeldOpen(wire.toByteArray())) {
      status = handler.serve(client, out, "test", new Watchdog(Duration.ofSeconds(30), Log.none()));
    }
    assertEquals(0, status, log());
    return ResponseCodec.read(
        new ByteArrayInputStream(out.toByteArray()), request.version(), WireLimits.DEFAULT);
  }

  private String log() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  private byte[] preprocess(String source) throws Exception {
    Path dir = Files.createDirectories(root.resolve("client"));
    Files.writeString(dir.resolve("hello.c"), source);
    Process p =
        new ProcessBuilder(GCC.toString(), "-E", "hello.c", "-o", "hello.i")
            .directory(dir.toFile())
            .inheritIO()
            .start();
    assertEquals(0, p.waitFor());
    return Files.readAllBytes(dir.resolve("hello.i"));
  }

  private byte[] compileLocally() throws Exception {
    Path dir = root.resolve("client");
    Process p =
        new ProcessBuilder(GCC.toString(), "-O2", "-c", "hello.c", "-o", "local.o")
            .directory(dir.toFile())
            .inheritIO()
            .start();
    assertEquals(0, p.waitFor());
    return Files.readAllBytes(dir.resolve("local.o"));
  }

  private void assertNoJobDirectoryLeft() throws IOException {
    try (Stream<Path> left = Files.list(tempRoot)) {
      assertEquals(List.of(), left.toList());
    }
  }

  /**
   * A request that cannot be read gets no answer, and the daemon's status says why: 108 when the
   * connection closed inside the request (distccd 3.4 says 108 while reading a header, but 100 or
   * 105 inside a body), 109 when the bytes broke the format. Nothing is compiled, nothing left.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                                              | 108",
        "DIST0000000                                                     | 108",
        "DIST00000001ARGC00000002ARGV00000003g                           | 108",
        "DIST00000001ARGC00000002ARGV00000003gccARGV00000002-c           | 108",
        "DIST00000001ARGC00000002ARGV00000003gccARGV00000002-cDOTI0000   | 108",
        "DIST00000002ARGC00000002ARGV00000003gccARGV00000002-cDOTI00000010abc | 108",
        "DIST00000003                                                    | 108",
        "DIST00000003CDIR00000004/tmpARGC00000002ARGV00000003gccARGV00000002-c | 108",
        "HELO00000001                                                    | 109",
        "DIST00000009                                                    | 109",
        "DIST00000001ARGC0000000z                                        | 109",
        "DIST00000001ARGC00000002ARGV00000003gccARGV00000002-cFILE00000000 | 109",
      })
  void unreadableRequestEndsWithDistccsCode(String request, int status) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int actual;
    Watchdog watchdog = new Watchdog(Duration.ofSeconds(30), Log.none());
    try (HeldOpen client = new HeldOpen(request.getBytes(StandardCharsets.US_ASCII))) {
      actual = handler.serve(client, out, "test", watchdog);
    }
    assertEquals(status, actual, log());
    // Left armed, it would halt this JVM 30 s later, as it once did the unit tests'.
    assertFalse(watchdog.armed(), "the watchdog is still armed");
    assertEquals(0, out.size());
    assertTrue(log().contains("bad request from test: "), log());
    String result = status == 109 ? "REJ_BAD_REQ" : "OTHER";
    assertTrue(
        log()
            .lines()
            .anyMatch(
                l ->
                    l.matches(
                        ".* client: test "
                            + result
                            + " exit:0 sig:0 core:0 ret:"
                            + status
                            + " time:[0-9]+ms")),
        log());
    assertNoJobDirectoryLeft();
  }

  @ParameterizedTest
  @EnumSource(
      value = ProtocolVersion.class,
      names = {"PLAIN", "LZO"})
  void compilesToTheSameObjectAsLocalGcc(ProtocolVersion version) throws Exception {
    byte[] source = preprocess("int twice(int x) { int unused; return 2 * x; }\n");
    CompileResponse response =
        serve(
            new CompileRequest(
                version, List.of("gcc", "-O2", "-Wall", "-c", "hello.c", "-o", "hello.o"), source));
    assertEquals(0, response.waitStatus(), new String(response.stderr(), StandardCharsets.UTF_8));
    assertArrayEquals(compileLocally(), response.object());
    assertTrue(new String(response.stderr(), StandardCharsets.UTF_8).contains("unused variable"));
    // distccd 3.4's layout of the job's line, which log readers parse.
    assertTrue(
        log()
            .lines()
            .anyMatch(
                l ->
                    l.matches(
                        ".*distccd\\[1\\] \\(notice\\) client: test COMPILE_OK exit:0 sig:0 core:0"
                            + " ret:0 time:[0-9]+ms gcc hello.c")),
        log());
    assertNoJobDirectoryLeft();
  }

  @Test
  void compileErrorReturnsCompilerStatusAndMessages() throws Exception {
    byte[] source = preprocess("int broken( { return; }\n");
    CompileResponse response =
        serve(
            new CompileRequest(
                ProtocolVersion.PLAIN, List.of("gcc", "-c", "hello.c", "-o", "hello.o"), source));
    assertEquals(1, response.shellExitCode());
    assertEquals(0, response.object().length);
    assertTrue(new String(response.stderr(), StandardCharsets.UTF_8).contains("error"));
    assertNoJobDirectoryLeft();
  }

  @Test
  void shellAsCompilerIsRefusedAndNothingRuns() throws Exception {
    Path marker = root.resolve("pwned");
    CompileResponse response =
        serve(
            new CompileRequest(
                ProtocolVersion.PLAIN,
                List.of("sh", "-c", "touch " + marker, "-c", "x.c", "-o", "x.o"),
                new byte[0]));
    assertEquals(101, response.shellExitCode());
    assertTrue(new String(response.stderr(), StandardCharsets.UTF_8).contains("not allowed"));
    assertFalse(Files.exists(marker));
    assertTrue(log().contains("rule compiler-whitelist"), log());
  }

  @Test
  void pluginArgumentIsRefusedAndNothingRuns() throws Exception {
    CompileResponse response =
        serve(
            new CompileRequest(
                ProtocolVersion.PLAIN,
                List.of("gcc", "-fplugin=/tmp/evil.so", "-c", "x.c", "-o", "x.o"),
                "int x;".getBytes()));
    assertEquals(101, response.shellExitCode());
    assertTrue(log().contains("rule unsafe-argument"), log());
    assertNoJobDirectoryLeft();
  }

  @Test
  void outputOutsideTheJobDirectoryStaysInside() throws Exception {
    Path target = root.resolve("escaped.o");
    byte[] source = preprocess("int v;\n");
    List<String> argv = new ArrayList<>(List.of("gcc", "-c", "hello.c", "-o", target.toString()));
    CompileResponse response = serve(new CompileRequest(ProtocolVersion.PLAIN, argv, source));
    assertEquals(0, response.waitStatus());
    assertTrue(response.object().length > 0);
    assertFalse(Files.exists(target));
  }

  @Test
  void directivesOnlyJobWithDebugInformationGivesTheLocalObjectByteForByte() throws Exception {
    Path dir = Files.createDirectories(root.resolve("client"));
    Files.writeString(
        dir.resolve("hello.c"),
        "#include <stdio.h>\n#define SAY(x) printf(\"%d\\n\", (x))\nint main(void) { SAY(__LINE__); return 0; }\n");
    List<String> flags = List.of("-g", "-O2", "-DGREETING=1");
    List<String> cpp = new ArrayList<>(List.of(GCC.toString(), "-E", "-fdirectives-only"));
    cpp.addAll(flags);
    cpp.addAll(List.of("hello.c", "-o", "hello.i"));
    List<String> local = new ArrayList<>(List.of(GCC.toString()));
    local.addAll(flags);
    local.addAll(List.of("-c", "hello.c", "-o", "local.o"));
    for (List<String> command : List.of(cpp, local)) {
      assertEquals(
          0, new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start().waitFor());
    }
    CompileResponse response =
        serve(
            new CompileRequest(
                ProtocolVersion.PLAIN,
                List.of(
                    "gcc",
                    "-fpreprocessed",
                    "-fdirectives-only",
                    "-g",
                    "-O2",
                    "-c",
                    "hello.c",
                    "-o",
                    "hello.o"),
                Files.readAllBytes(dir.resolve("hello.i"))));
    assertEquals(0, response.waitStatus(), new String(response.stderr(), StandardCharsets.UTF_8));
    assertArrayEquals(Files.readAllBytes(dir.resolve("local.o")), response.object());
    assertFalse(log().contains("as sent"), log());
    assertNoJobDirectoryLeft();
  }
}
