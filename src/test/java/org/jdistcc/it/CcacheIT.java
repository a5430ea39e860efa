package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ccache in front (CCACHE_PREFIX=distcc), every volunteer down, fallback on: distcc's own warning
 * must reach the user on the first build and must not be cached, so the second build (a cache hit)
 * replays the compiler's warning and no distcc line. ccache sets UNCACHED_ERR_FD for that; a prefix
 * that unsets it before running distcc shows what happens without it. Real ccache, real gcc, stderr
 * a pipe as under make; distcc 3.4 as the reference.
 */
class CcacheIT {
  @TempDir Path root;

  @AfterEach
  void stopAgents() {
    ProcessHandle.allProcesses()
        .forEach(
            p -> {
              String line = String.join(" ", p.info().arguments().orElse(new String[0]));
              if (line.contains("org.jdistcc.agent.AgentMain") && line.contains(root.toString())) {
                p.destroyForcibly();
              }
            });
  }

  @ParameterizedTest(name = "{0}, UNCACHED_ERR_FD {1}")
  @CsvSource({
    "jdistcc's agent,    kept",
    "jdistcc in process, kept",
    "distcc 3.4,         kept",
    "jdistcc's agent,    unset",
    "jdistcc in process, unset",
    "distcc 3.4,         unset",
  })
  void distccsFallbackWarningIsShownOnceAndNotReplayedByACacheHit(String client, String fd)
      throws Exception {
    Path ccache = Tools.require("ccache");
    Tools.require("gcc");
    Path distcc =
        client.equals("distcc 3.4") ? Tools.require("distcc") : Tools.home().resolve("bin/distcc");
    Path src = Files.createDirectories(root.resolve("src"));
    Programs.write(src);
    Path prefix = distcc;
    if (fd.equals("unset")) {
      prefix =
          Tools.script(
              root.resolve("no-uncached-fd"),
              "unset UNCACHED_ERR_FD\nexec " + distcc + " \"$@\"\n");
    }
    Path run = Files.createDirectories(root.resolve("run"));
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
    Files.createDirectories(root.resolve("tmp"));
    Path config = Files.writeString(root.resolve("ccache.conf"), "");
    Map<String, String> env =
        Map.of(
            "CCACHE_PREFIX", prefix.toString(),
            "CCACHE_DIR", root.resolve("ccache").toString(),
            "CCACHE_CONFIGPATH", config.toString(),
            "DISTCC_HOSTS", "127.0.0.1:" + Tools.freePort(),
            "DISTCC_DIR", root.resolve("distcc").toString(),
            "DISTCC_AGENT", client.equals("jdistcc's agent") ? "1" : "0",
            "DISTCC_AGENT_IDLE", "30",
            "XDG_RUNTIME_DIR", run.toString(),
            "TMPDIR", root.resolve("tmp").toString());
    List<String> build =
        List.of(ccache.toString(), "gcc", "-Wall", "-c", "hello.c", "-o", "hello.o");

    String first = stderrOf(src, env, build);
    assertTrue(first.contains("running locally instead"), first);
    assertTrue(first.contains("unused variable"), first);
    assertTrue(Files.size(src.resolve("hello.o")) > 0);
    Files.delete(src.resolve("hello.o"));

    String second = stderrOf(src, env, build);
    assertTrue(Files.size(src.resolve("hello.o")) > 0);
    assertTrue(second.contains("unused variable"), "the compiler's warning is cached: " + second);
    assertEquals(1, stat(ccache, env, "direct_cache_hit"), "the second build is a cache hit");
    if (fd.equals("kept")) {
      assertFalse(second.contains("distcc"), "no distcc line from the cache: " + second);
    } else {
      assertTrue(second.contains("running locally instead"), "replayed from the cache: " + second);
    }
  }

  /** Runs {@code command} with stderr a pipe (as under make) and returns what came through it. */
  private static String stderrOf(Path dir, Map<String, String> extraEnv, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("DISTCC_") || k.startsWith("CCACHE_"));
    builder.environment().putAll(extraEnv);
    Process process = builder.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), command.toString());
    assertEquals(0, process.exitValue(), err);
    return err;
  }

  /** One counter of {@code ccache --print-stats}. */
  private static long stat(Path ccache, Map<String, String> env, String name)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(ccache.toString(), "--print-stats").redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    for (String line : out.split("\n")) {
      String[] fields = line.split("\t");
      if (fields.length == 2 && fields[0].equals(name)) {
        return Long.parseLong(fields[1].trim());
      }
    }
    throw new AssertionError("no " + name + " in ccache --print-stats:\n" + out);
  }
}
