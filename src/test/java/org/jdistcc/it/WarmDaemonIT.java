package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm daemon: xinetd with {@code wait = yes} hands jdistcc's distccd its listening socket; one
 * distccd then serves concurrent jobs from the real distcc client and jdistcc's, exits when idle,
 * and xinetd starts a new one for the next job.
 */
class WarmDaemonIT {
  private static final Pattern JOB =
      Pattern.compile("distccd\\[(\\d+)\\] \\(notice\\) client: \\S+ COMPILE_OK ");

  @TempDir Path root;

  private Set<String> daemonPids(Path log) {
    Set<String> pids = new TreeSet<>();
    Matcher m = JOB.matcher(Tools.read(log));
    while (m.find()) {
      pids.add(m.group(1));
    }
    return pids;
  }

  @Test
  void oneDaemonServesConcurrentJobsThenExitsWhenIdle() throws Exception {
    Path distcc = Tools.require("distcc");
    Tools.require("gcc");
    Path log = root.resolve("warm.log");
    try (Listener xinetd =
        Listener.xinetd(
            root,
            Tools.home().resolve("bin/distccd"),
            "--inetd --allow 127.0.0.1 --jobs 2 --idle-exit 3 --log-level info --log-file " + log,
            true)) {
      Path dir = root.resolve("src");
      Programs.write(dir);
      Files.createDirectories(root.resolve(".distcc"));
      Map<String, String> env = new HashMap<>();
      env.put("DISTCC_HOSTS", "127.0.0.1:" + xinetd.port + "/8");
      env.put("DISTCC_DIR", root.resolve(".distcc").toString());
      env.put("DISTCC_FALLBACK", "0");
      List<Process> clients = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String client =
            i % 2 == 0 ? distcc.toString() : Tools.home().resolve("bin/distcc").toString();
        ProcessBuilder b =
            new ProcessBuilder(client, "gcc", "-O1", "-c", "hello.c", "-o", "warm" + i + ".o")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(new File("/dev/null"));
        b.environment()
            .keySet()
            .removeIf(k -> k.startsWith("DISTCC_") && !k.equals("DISTCC_AGENT"));
        b.environment().putAll(env);
        clients.add(b.start());
      }
      for (Process p : clients) {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
      }
      assertEquals(0, Run.local(dir, "gcc", "-O1", "-c", "hello.c", "-o", "local.o").exit());
      byte[] local = Files.readAllBytes(dir.resolve("local.o"));
      for (int i = 0; i < 6; i++) {
        assertArrayEquals(local, Files.readAllBytes(dir.resolve("warm" + i + ".o")));
      }
      Set<String> first = daemonPids(log);
      assertEquals(1, first.size(), "six jobs, one daemon: " + Tools.read(log));

      // Idle for longer than --idle-exit: the daemon exits, and xinetd starts another.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!Tools.read(log).contains("exiting") && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertTrue(Tools.read(log).contains("no connection for 3 s; exiting"), Tools.read(log));
      Thread.sleep(500);
      Run again =
          Run.of(
              dir,
              env,
              Tools.home().resolve("bin/distcc").toString(),
              "gcc",
              "-O1",
              "-c",
              "hello.c",
              "-o",
              "again.o");
      assertEquals(0, again.exit(), again.toString());
      Set<String> all = daemonPids(log);
      assertEquals(2, all.size(), Tools.read(log));
      assertNotEquals(first, all);
    }
  }
}
