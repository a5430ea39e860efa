package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.protocol.CompileRequest;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.RequestCodec;
import org.jdistcc.protocol.ResponseCodec;
import org.jdistcc.protocol.WireLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests that must never run anything, sent over TCP to jdistcc's distccd behind socat: the
 * Metasploit distcc exploit's shape (compiler "sh" with "-c COMMAND"), compilers outside the
 * whitelist, and arguments that load code. Each must be refused with status 101 and the reason on
 * the error stream, and the command's marker file must not appear.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonRefusalIT {
  @TempDir static Path root;
  private Listener socat;

  @BeforeAll
  void start() throws Exception {
    Path distccd = Tools.home().resolve("bin/distccd");
    socat =
        Listener.socat(
            root,
            distccd + " --inetd --allow 127.0.0.1 --log-file " + root.resolve("volunteer.log"));
  }

  @AfterAll
  void stop() throws Exception {
    if (socat != null) {
      socat.close();
    }
  }

  private CompileResponse send(List<String> argv) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", socat.port)) {
      socket.setSoTimeout(30_000);
      CompileRequest request =
          new CompileRequest(
              ProtocolVersion.PLAIN, argv, "int x;\n".getBytes(StandardCharsets.US_ASCII));
      RequestCodec.write(request, socket.getOutputStream());
      return ResponseCodec.read(
          new BufferedInputStream(socket.getInputStream()),
          ProtocolVersion.PLAIN,
          WireLimits.DEFAULT);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sh          |           | compiler-whitelist",
        "/bin/sh     |           | compiler-whitelist",
        "/tmp/x/gcc  |           | compiler-path",
        "../gcc      |           | compiler-path",
        "bash        |           | compiler-whitelist",
        "gcc         | -fplugin=MARKER.so | unsafe-argument",
        "gcc         | -wrapper  | unsafe-argument",
        "gcc         | -specs=MARKER.specs | unsafe-argument",
      })
  void dangerousRequestIsRefusedAndNothingRuns(String compiler, String extra, String rule)
      throws Exception {
    Path marker = root.resolve("pwned-" + compiler.replace('/', '_'));
    List<String> argv = new java.util.ArrayList<>(List.of(compiler, "-c", "touch " + marker));
    if (extra != null) {
      argv.add(extra.replace("MARKER", marker.toString()));
      if (extra.equals("-wrapper")) {
        argv.add("/bin/sh,-c,touch " + marker);
      }
    }
    argv.addAll(List.of("-c", "x.c", "-o", "x.o"));
    CompileResponse response = send(argv);
    assertEquals(101, response.shellExitCode());
    assertEquals(0, response.object().length);
    String message = new String(response.stderr(), StandardCharsets.UTF_8);
    assertTrue(message.startsWith("distccd: "), message);
    Thread.sleep(200);
    assertFalse(Files.exists(marker), "the refused command ran");
    String log = Tools.read(root.resolve("volunteer.log"));
    assertTrue(log.contains("rule " + rule), log);
  }

  /**
   * A request cut inside a packet's header ends the daemon with 108 (distcc's TRUNCATED) and a bad
   * token with 109, as with distccd 3.4 started the same way, each fed the same bytes on stdin.
   */
  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                       | 108",
        "DIST0000000                              | 108",
        "DIST00000001ARGC00000002ARGV00000003gcc  | 108",
        "DIST00000003                             | 108",
        "HELO00000001                             | 109",
        "DIST00000001ARGC0000000z                 | 109",
      })
  void cutRequestEndsWithDistcc34sStatus(String request, int status) throws Exception {
    Path real = Path.of("/usr/bin/distccd");
    Tools.require(Files.isExecutable(real), real + " (distcc 3.4) is not installed");
    Path ours = Tools.home().resolve("bin/distccd");
    assertEquals(status, statusOf(real, request), "distccd 3.4");
    assertEquals(status, statusOf(ours, request), "jdistcc's distccd");
  }

  private static int statusOf(Path distccd, String request) throws Exception {
    Process p =
        new ProcessBuilder(distccd.toString(), "--inetd", "--log-file", "/dev/null")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (var in = p.getOutputStream()) {
      in.write(request.getBytes(StandardCharsets.US_ASCII));
    }
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), distccd + " did not end");
    return p.exitValue();
  }
}
