package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.include.AnalysisCache;
import org.jdistcc.include.DefaultSearchPath;
import org.jdistcc.include.IncludeAnalysis;
import org.jdistcc.protocol.PumpCodec;
import org.jdistcc.protocol.PumpEntry;
import org.jdistcc.protocol.PumpRequest;
import org.jdistcc.protocol.PumpResponse;
import org.jdistcc.protocol.WireLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protocol 3 over TCP, as the pump client will send it: the files include analysis finds, to the
 * real distccd 3.4 and to our distccd, the objects compared with a one-step local compile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PumpWireIT {
  @TempDir static Path root;
  private Process real;
  private int realPort;
  private Listener ours;
  private Path src;

  @BeforeAll
  void startVolunteers() throws Exception {
    Tools.require("gcc");
    Tools.require("distccd");
    realPort = Tools.freePort();
    Path log = root.resolve("distccd.log");
    real = RealDistccd.daemon(realPort, log, "--jobs", "2", "--log-stderr", "--log-level", "info");
    ours = Listener.socat(root, Tools.home().resolve("bin/distccd") + " --inetd --allow 127.0.0.1");
    src = Files.createDirectories(root.toRealPath().resolve("client/src"));
    Files.createDirectories(src.resolve("inc"));
    Files.createDirectories(src.resolve("../opt"));
    Files.writeString(
        src.resolve("x.c"),
        "#include \"a.h\"\n#include <b.h>\n#include <stdio.h>\n"
            + "#ifdef SHOW_FILE\nconst char *file = __FILE__;\n#endif\n"
            + "int main(void) { printf(\"%d\\n\", A); return B; }\n");
    Files.writeString(src.resolve("inc/a.h"), "#define A 1\n");
    Files.writeString(src.resolve("../opt/b.h"), "#define B 2\n");
  }

  @AfterAll
  void stopVolunteers() throws Exception {
    Tools.stop(real);
    if (ours != null) {
      ours.close();
    }
  }

  private List<String> argv(String... flags) {
    List<String> argv = new ArrayList<>(List.of("gcc"));
    argv.addAll(List.of(flags));
    argv.addAll(
        List.of(
            "-Iinc",
            "-I" + src.resolve("../opt").normalize(),
            "-c",
            src.resolve("x.c").toString(),
            "-o",
            "x.o"));
    return argv;
  }

  private PumpResponse send(int port, List<String> argv) throws Exception {
    Process probe =
        new ProcessBuilder(DefaultSearchPath.probeArguments("gcc", "c"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String verbose = new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, probe.waitFor());
    IncludeAnalysis.Closure closure =
        IncludeAnalysis.closure(
            src,
            argv,
            src.resolve("x.c").toString(),
            DefaultSearchPath.parse(verbose),
            new AnalysisCache());
    List<PumpEntry> entries = new ArrayList<>();
    for (Path file : closure.files()) {
      entries.add(new PumpEntry.File(file.toString(), Files.readAllBytes(file)));
    }
    assertEquals(3, entries.size(), closure.toString());
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      var out = new BufferedOutputStream(socket.getOutputStream());
      PumpCodec.writeRequest(new PumpRequest(src.toString(), argv, entries), out);
      return PumpCodec.readResponse(
          new BufferedInputStream(socket.getInputStream()), WireLimits.DEFAULT);
    }
  }

  private byte[] local(List<String> argv) throws Exception {
    Process p = new ProcessBuilder(argv).directory(src.toFile()).inheritIO().start();
    assertEquals(0, p.waitFor());
    return Files.readAllBytes(src.resolve("x.o"));
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void ourDistccdGivesTheLocalObjectWithDebugInfo() throws Exception {
    List<String> argv = argv("-g", "-O1", "-DSHOW_FILE");
    PumpResponse r = send(ours.port, argv);
    assertEquals(0, r.result().waitStatus(), text(r.result().stderr()));
    assertArrayEquals(local(argv), r.result().object());
    assertTrue(
        text(r.dependencies()).startsWith("x.o: " + src.resolve("x.c")), text(r.dependencies()));
  }

  @Test
  void realDistccdServesOurRequestsAndMatchesWithoutDebugInfo() throws Exception {
    List<String> argv = argv("-O1");
    PumpResponse r = send(realPort, argv);
    assertEquals(0, r.result().waitStatus(), text(r.result().stderr()));
    assertArrayEquals(local(argv), r.result().object());
    assertTrue(text(r.dependencies()).contains("inc/a.h"), text(r.dependencies()));
  }

  @Test
  void realDistccdLeavesItsDirectoryInDwarf5DebugInfoAndFileNames() throws Exception {
    // distccd 3.4 patches .debug_info and .debug_str only; gcc 12 writes DWARF 5, whose
    // directory names are in .debug_line_str, and __FILE__ of an absolute source is not
    // patched at all: the object keeps /tmp/distccd_... and differs from the local one.
    List<String> argv = argv("-g", "-O1", "-DSHOW_FILE");
    PumpResponse r = send(realPort, argv);
    assertEquals(0, r.result().waitStatus(), text(r.result().stderr()));
    String object = new String(r.result().object(), StandardCharsets.ISO_8859_1);
    assertTrue(object.contains("distccd_"), "distccd 3.4 now fixes DWARF 5 paths");
    assertTrue(!java.util.Arrays.equals(local(argv), r.result().object()));
  }
}
