package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jdistcc's pump client ({@code pump} + {@code distcc} with {@code ,lzo,cpp} hosts) against real
 * gcc and g++, with the real distccd 3.4 and our distccd as volunteers over TCP and over a real
 * sshd: objects and dependency files equal a one-step local compile; a header the analysis cannot
 * see makes a discrepancy that falls back to local preprocessing and demotes the session; a
 * volunteer whose system headers differ is caught by the check and gets plain jobs only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PumpClientIT {
  @TempDir static Path root;
  private Path distcc;
  private Path pump;
  private Listener ours;
  private Listener altered;
  private Process real;
  private int realPort;
  private Sshd sshd;
  private Path sshOurs;
  private Path sshReal;

  @BeforeAll
  void startVolunteers() throws Exception {
    Tools.require("gcc");
    Tools.require("g++");
    Path real34 = Tools.require("distccd");
    distcc = Tools.home().resolve("bin/distcc");
    pump = Tools.home().resolve("bin/pump");
    Path distccd = Tools.home().resolve("bin/distccd");
    ours =
        Listener.socat(root, distccd + " --inetd --allow 127.0.0.1 --log-stderr --log-level info");
    realPort = Tools.freePort();
    Path log = root.resolve("distccd34.log");
    real = RealDistccd.daemon(realPort, log, "--jobs", "4", "--log-stderr", "--log-level", "info");
    sshd = Sshd.start(root);
    sshOurs = Tools.script(root.resolve("ssh-ours"), "exec " + distccd + " \"$@\"");
    sshReal =
        Tools.script(
            root.resolve("ssh-34"), "exec " + real34 + " \"$@\" 2>>" + root.resolve("ssh34.log"));
    // A volunteer whose gcc finds its own copy of string.h first: one system header differs.
    Path alt = Files.createDirectories(root.resolve("alt-include"));
    Files.writeString(
        alt.resolve("string.h"),
        Files.readString(Path.of("/usr/include/string.h")) + "\n#define ALTERED 1\n");
    Path wrap = Tools.compilerWrappers(root.resolve("wrap"), "-isystem " + alt);
    Path wrapped =
        Tools.script(
            root.resolve("altered-distccd"), "PATH=" + wrap + ":$PATH exec " + distccd + " \"$@\"");
    altered =
        Listener.socat(root, wrapped + " --inetd --allow 127.0.0.1 --log-stderr --log-level info");
  }

  @AfterAll
  void stopVolunteers() throws Exception {
    Tools.stop(real);
    for (AutoCloseable c : new AutoCloseable[] {ours, altered, sshd}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private String host(String kind) {
    return switch (kind) {
          case "ours" -> "127.0.0.1:" + ours.port;
          case "distccd34" -> "127.0.0.1:" + realPort;
          case "ours-ssh" -> "@127.0.0.1:" + sshOurs;
          case "distccd34-ssh" -> "@127.0.0.1:" + sshReal;
          default -> "127.0.0.1:" + altered.port;
        }
        + ",lzo,cpp";
  }

  private Map<String, String> env(Path dir, String kind) {
    Map<String, String> env = new HashMap<>();
    env.put("DISTCC_HOSTS", host(kind));
    env.put("DISTCC_DIR", dir.resolve(".distcc").toString());
    env.put("DISTCC_SSH", sshd.client.toString());
    env.put("DISTCC_VERBOSE", "1");
    return env;
  }

  /** A small project: a local header by -I, one by an absolute -I, system headers. */
  private static Path project(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("src/inc"));
    Files.createDirectories(dir.resolve("opt"));
    Files.writeString(
        dir.resolve("src/x.c"),
        "#include \"a.h\"\n#include <b.h>\n"
            + "#include <stdio.h>\n#include <string.h>\n"
            + "int main(void) { printf(\"%s %d\\n\", __FILE__, A + B); return (int) strlen(\"\"); }\n");
    Files.writeString(dir.resolve("src/inc/a.h"), "#define A 1\n");
    Files.writeString(dir.resolve("opt/b.h"), "#define B 2\n");
    Files.writeString(
        dir.resolve("src/y.cc"),
        "#include \"util.hh\"\n#include <vector>\n"
            + "#include <string>\nint size() { std::vector<std::string> v{NAME}; return v.size(); }\n");
    Files.writeString(dir.resolve("src/util.hh"), "#pragma once\n#define NAME \"y\"\n");
    return dir;
  }

  private List<String> pumped(String... command) {
    return launched(List.of(pump.toString(), distcc.toString()), command);
  }

  /** {@code command} behind the launcher programs {@code front}. */
  private static List<String> launched(List<String> front, String... command) {
    List<String> argv = new ArrayList<>(front);
    argv.addAll(List.of(command));
    return argv;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ours", "distccd34", "ours-ssh", "distccd34-ssh"})
  void objectsAndDependencyFilesEqualALocalCompile(String kind) throws Exception {
    Path dir = project(Files.createDirectories(root.resolve("same-" + kind)).toRealPath());
    // distccd 3.4 cannot make -g objects identical (it patches DWARF 5 paths only in part).
    String debug = kind.startsWith("ours") ? "-g" : "-O0";
    String opt = "-I" + dir.resolve("opt");
    for (String[] job :
        List.of(new String[] {"gcc", "src/x.c", "x.o"}, new String[] {"g++", "src/y.cc", "y.o"})) {
      List<String> args =
          List.of(job[0], debug, "-O1", "-Isrc/inc", opt, "-MMD", "-c", job[1], "-o", job[2]);
      Map<String, String> env = env(dir, kind);
      env.put("DISTCC_FALLBACK", "0");
      Run remote = Run.of(dir, env, pumped(args.toArray(new String[0])));
      assertEquals(0, remote.exit(), remote.toString());
      assertTrue(remote.stderr().contains("(pump): status 0"), remote.toString());
      byte[] object = Files.readAllBytes(dir.resolve(job[2]));
      String deps = Files.readString(dir.resolve(job[2].replace(".o", ".d")));
      Run local = Run.of(dir, Map.of(), args);
      assertEquals(0, local.exit(), local.toString());
      assertArrayEquals(Files.readAllBytes(dir.resolve(job[2])), object, job[1] + " object");
      assertEquals(Files.readString(dir.resolve(job[2].replace(".o", ".d"))), deps, job[1]);
    }
    if (kind.equals("ours")) {
      // What the altered-header case counts is there when a pump job runs.
      assertEquals(1, pumpJobs(ours), Tools.read(ours.log));
    }
  }

  @Test
  void withoutPumpACppHostGetsPlainJobs() throws Exception {
    Path dir = project(Files.createDirectories(root.resolve("plain")).toRealPath());
    Run run =
        Run.of(
            dir,
            env(dir, "ours"),
            distcc.toString(),
            "gcc",
            "-Isrc/inc",
            "-I" + dir.resolve("opt"),
            "-c",
            "src/x.c",
            "-o",
            "x.o");
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.stderr().contains("plain mode for src/x.c: pump mode is off"), run.toString());
    assertFalse(run.stderr().contains("(pump)"), run.toString());
  }

  @Test
  void aHeaderTheAnalysisMissesIsADiscrepancyThatDemotesTheSession() throws Exception {
    Path dir = project(Files.createDirectories(root.resolve("missing")).toRealPath());
    // A computed include whose name a function-like macro builds: the analysis does not expand it.
    Files.writeString(
        dir.resolve("src/z.c"),
        "#define STR(x) #x\n#define NAME(x) STR(x.h)\n#include NAME(hidden)\n"
            + "int z(void) { return Z; }\n");
    Files.writeString(dir.resolve("src/inc/hidden.h"), "#define Z 7\n");
    String compile = distcc + " gcc -Isrc/inc -c src/z.c -o z.o";
    Run run =
        Run.of(
            dir,
            env(dir, "ours"),
            pump.toString(),
            "sh",
            "-c",
            compile + " && " + compile.replace("z.o", "z2.o"));
    assertEquals(0, run.exit(), run.toString());
    assertTrue(
        run.stderr().contains("failed in pump mode and succeeded with local preprocessing"),
        run.toString());
    assertTrue(run.stderr().contains("discrepancies in this pump session"), run.toString());
    assertTrue(run.stderr().contains("1 pump-mode compilation(s) failed"), run.toString());
    Run local = Run.of(dir, Map.of(), "gcc", "-Isrc/inc", "-c", "src/z.c", "-o", "local.o");
    assertEquals(0, local.exit(), local.toString());
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(dir.resolve("z.o")));
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("local.o")), Files.readAllBytes(dir.resolve("z2.o")));
  }

  @Test
  void aVolunteerWithAnAlteredSystemHeaderIsCaughtBeforeItCompilesAPumpJob() throws Exception {
    Path dir = project(Files.createDirectories(root.resolve("altered")).toRealPath());
    long before = pumpJobs(altered);
    Run run =
        Run.of(
            dir,
            env(dir, "altered"),
            pumped(
                "gcc",
                "-O1",
                "-Isrc/inc",
                "-I" + dir.resolve("opt"),
                "-c",
                "src/x.c",
                "-o",
                "x.o"));
    assertEquals(0, run.exit(), run.toString());
    List<String> warnings =
        run.stderr()
            .lines()
            .filter(l -> l.contains("system headers differ from this machine's"))
            .toList();
    assertEquals(1, warnings.size(), run.toString());
    assertTrue(warnings.get(0).contains(root.resolve("alt-include").toString()), warnings.get(0));
    assertEquals(before, pumpJobs(altered), "the volunteer compiled x.c in pump mode");
    assertFalse(run.stderr().contains("(pump)"), run.toString());
  }

  /**
   * A record's generated equals, hashCode and toString are linked through invokedynamic the first
   * time they run; in a cold JVM that link costs milliseconds (an agent's first job paid about 40
   * ms for one). The JDK's linkage trace names every such bootstrap: a plain and a pump job in
   * process, the job pipeline an agent runs too, must show none.
   */
  @Test
  void aColdJobLinksNoGeneratedRecordMethods() throws Exception {
    Path dir = project(Files.createDirectories(root.resolve("cold")).toRealPath());
    // A header reached twice, so the analysis finds what it has already read.
    Files.writeString(dir.resolve("src/inc/c.h"), "#include \"a.h\"\n#include <b.h>\n");
    Files.writeString(
        dir.resolve("src/w.c"),
        "#include \"a.h\"\n#include \"c.h\"\nint w(void) { return A + B; }\n");
    Map<String, String> env = env(dir, "ours");
    env.put("DISTCC_AGENT", "0");
    env.put("DISTCC_FALLBACK", "0");
    env.put("JAVA_TOOL_OPTIONS", LinkageTrace.OPTION);
    String[] job = {"gcc", "-Isrc/inc", "-I" + dir.resolve("opt"), "-c", "src/w.c", "-o", "w.o"};
    Run plain = Run.of(dir, env, launched(List.of(distcc.toString()), job));
    Run pumpJob = Run.of(dir, env, pumped(job));
    assertTrue(pumpJob.stderr().contains("(pump): status 0"), pumpJob.toString());
    for (Run run : List.of(plain, pumpJob)) {
      assertEquals(0, run.exit(), run.toString());
      assertEquals(List.of(), LinkageTrace.recordMethods(run.stdout()), run.stderr());
    }
  }

  /** Pump compiles of x.c in a volunteer's log (the check's probe is not one). */
  private static long pumpJobs(Listener listener) {
    return Tools.read(listener.log)
        .lines()
        .filter(l -> l.contains("pump job for ") && l.contains("x.c:"))
        .count();
  }
}
