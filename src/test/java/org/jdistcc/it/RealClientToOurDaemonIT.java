package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real distcc 3.4 client (Debian's package) compiles through jdistcc's distccd, started per
 * connection by socat and by xinetd on loopback, and over a real OpenSSH sshd with DISTCC_SSH;
 * protocol 1 and 2. DISTCC_FALLBACK=0 makes any failure to distribute fail the test instead of
 * quietly compiling locally, and the volunteer's log must show each job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealClientToOurDaemonIT {
  @TempDir static Path root;
  private Path distcc;
  private Listener socat;
  private Listener xinetd;
  private Sshd sshd;
  private Path sshVolunteer;

  @BeforeAll
  void startVolunteers() throws Exception {
    Path home = Tools.home();
    Tools.require("gcc");
    Tools.require("g++");
    distcc = Tools.require("distcc");
    Path distccd = home.resolve("bin/distccd");
    String args = "--inetd --allow 127.0.0.1 --log-level info --log-file ";
    socat = Listener.socat(root, distccd + " " + args + root.resolve("socat-volunteer.log"));
    xinetd = Listener.xinetd(root, distccd, args + root.resolve("xinetd-volunteer.log"));
    sshd = Sshd.start(root);
    sshVolunteer =
        Tools.script(
            root.resolve("ssh-volunteer"),
            "exec "
                + distccd
                + " \"$@\" --log-level info --log-file "
                + root.resolve("ssh-volunteer.log"));
  }

  @AfterAll
  void stopVolunteers() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {socat, xinetd, sshd}) {
      if (c != null) {
        c.close();
      }
    }
  }

  Stream<Arguments> volunteers() {
    return Stream.of("socat", "xinetd", "ssh")
        .flatMap(kind -> Stream.of(Arguments.of(kind, ""), Arguments.of(kind, ",lzo")));
  }

  private String hostSpec(String kind, String options) {
    return switch (kind) {
      case "socat" -> "127.0.0.1:" + socat.port + "/4" + options;
      case "xinetd" -> "127.0.0.1:" + xinetd.port + "/4" + options;
      default -> "@127.0.0.1/4:" + sshVolunteer + options;
    };
  }

  private Path volunteerLog(String kind) {
    return root.resolve(kind + "-volunteer.log");
  }

  private Map<String, String> env(Path dir, String kind, String options) throws Exception {
    Map<String, String> env = new HashMap<>();
    Files.createDirectories(dir.resolve(".distcc")); // distcc 3.4 does not create it
    env.put("DISTCC_HOSTS", hostSpec(kind, options));
    env.put("DISTCC_DIR", dir.resolve(".distcc").toString());
    env.put("DISTCC_FALLBACK", "0");
    env.put("DISTCC_SSH", sshd.client.toString());
    return env;
  }

  private long jobsIn(String kind, String status, String file) throws Exception {
    Path log = volunteerLog(kind);
    if (!Files.exists(log)) {
      return 0;
    }
    return Files.readAllLines(log).stream()
        .filter(l -> l.contains(" " + status + " ") && l.endsWith(" " + file))
        .count();
  }

  @ParameterizedTest(name = "{0}{1}")
  @MethodSource("volunteers")
  void objectsAreIdenticalToLocalAndWarningsComeBack(String kind, String options) throws Exception {
    Path dir = Files.createDirectories(root.resolve("work-" + kind + options.replace(',', '-')));
    Programs.write(dir);
    for (String[] job :
        List.of(new String[] {"gcc", "hello.c"}, new String[] {"g++", "hello.cpp"})) {
      String compiler = job[0];
      String source = job[1];
      long before = jobsIn(kind, "COMPILE_OK", source);
      Run remote =
          Run.of(
              dir,
              env(dir, kind, options),
              distcc.toString(),
              compiler,
              "-Wall",
              "-O1",
              "-c",
              source,
              "-o",
              "remote.o");
      assertEquals(0, remote.exit(), remote.toString());
      Run local = Run.local(dir, compiler, "-Wall", "-O1", "-c", source, "-o", "local.o");
      assertEquals(0, local.exit(), local.toString());
      assertArrayEquals(
          Files.readAllBytes(dir.resolve("local.o")),
          Files.readAllBytes(dir.resolve("remote.o")),
          source + " differs from a local compile");
      assertEquals(before + 1, jobsIn(kind, "COMPILE_OK", source), Tools.read(volunteerLog(kind)));
      if (source.endsWith(".c")) {
        assertTrue(remote.stderr().contains("unused variable"), remote.toString());
      }
    }
  }

  @ParameterizedTest(name = "{0}{1}")
  @MethodSource("volunteers")
  void compileErrorGivesTheCompilersStatusAndMessage(String kind, String options) throws Exception {
    Path dir = Files.createDirectories(root.resolve("broken-" + kind + options.replace(',', '-')));
    Programs.write(dir);
    Map<String, String> env = env(dir, kind, options);
    env.put("DISTCC_SKIP_LOCAL_RETRY", "1"); // the status and message must come from the volunteer
    long before = jobsIn(kind, "COMPILE_ERROR", "broken.c");
    Run remote = Run.of(dir, env, distcc.toString(), "gcc", "-c", "broken.c", "-o", "broken.o");
    Run local = Run.local(dir, "gcc", "-c", "broken.c", "-o", "local.o");
    assertEquals(local.exit(), remote.exit(), remote.toString());
    assertTrue(remote.stderr().contains("error: expected"), remote.toString());
    assertFalse(Files.exists(dir.resolve("broken.o")));
    assertEquals(
        before + 1, jobsIn(kind, "COMPILE_ERROR", "broken.c"), Tools.read(volunteerLog(kind)));
  }
}
