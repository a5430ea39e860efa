package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distcc --check-hosts} against real volunteers: jdistcc's distccd and distccd 3.4, over TCP
 * and over a real sshd, and one jdistcc volunteer whose compiler is a wrapper that adds {@code -O1}
 * (a volunteer with "the same gcc" that is not). The check must name that host and the section that
 * differs, pass every healthy one, and exit non-zero only when one differs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostCheckIT {
  @TempDir static Path root;
  private Path client;
  private Listener ours;
  private Process daemon34;
  private int port34;
  private Sshd sshd;
  private String healthyHosts;
  private String wrappedHost;

  @BeforeAll
  void startVolunteers() throws Exception {
    client = Tools.home().resolve("bin/distcc");
    Path distccd = Tools.home().resolve("bin/distccd");
    Tools.require("gcc");
    Tools.require("g++");
    Path real = Tools.require("distccd");
    ours = Listener.socat(root, distccd + " --inetd --allow 127.0.0.1");
    port34 = Tools.freePort();
    Path log34 = root.resolve("daemon34.log");
    daemon34 =
        new ProcessBuilder(
                real.toString(),
                "--daemon",
                "--no-detach",
                "--listen",
                "127.0.0.1",
                "--port",
                Integer.toString(port34),
                "--allow",
                "127.0.0.1",
                "--log-stderr")
            .redirectErrorStream(true)
            .redirectOutput(log34.toFile())
            .start();
    Tools.awaitPort(port34, daemon34, log34);
    sshd = Sshd.start(root);
    Path ssh34 =
        Tools.script(
            root.resolve("ssh-34"), "exec " + real + " \"$@\" 2>>" + root.resolve("ssh34.log"));
    Path sshOurs = Tools.script(root.resolve("ssh-ours"), "exec " + distccd + " \"$@\"");
    healthyHosts =
        "127.0.0.1:"
            + ours.port
            + ",lzo 127.0.0.1:"
            + port34
            + " @127.0.0.1:"
            + ssh34
            + ",lzo @127.0.0.1:"
            + sshOurs;

    // The same gcc behind wrappers that change the code: every name the client may send.
    Path wrap = Tools.compilerWrappers(root.resolve("wrap"), "-O1");
    Path wrapped =
        Tools.script(
            root.resolve("wrapped-distccd"), "PATH=" + wrap + ":$PATH exec " + distccd + " \"$@\"");
    wrappedHost = "|" + wrapped;
  }

  @AfterAll
  void stopVolunteers() throws Exception {
    Tools.stop(daemon34);
    for (AutoCloseable c : new AutoCloseable[] {ours, sshd}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private Run check(String hosts) throws Exception {
    return Run.of(
        root,
        Map.of(
            "DISTCC_HOSTS",
            hosts,
            "DISTCC_DIR",
            root.resolve(".distcc").toString(),
            "DISTCC_SSH",
            sshd.client.toString()),
        client.toString(),
        "--check-hosts");
  }

  private static String row(Run run, String host, String compiler) {
    return run.stdout()
        .lines()
        .filter(l -> l.startsWith(host + " ") && l.contains(" " + compiler + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + host + " " + compiler + ":\n" + run));
  }

  @Test
  void everyHealthyVolunteerGivesTheLocalObjectsAndTheCheckPasses() throws Exception {
    Run run = check(healthyHosts);
    assertEquals(0, run.exit(), run.toString());
    for (String host : healthyHosts.split(" ")) {
      for (String compiler : List.of("cc", "c++")) {
        String row = row(run, host, compiler);
        assertTrue(row.contains("GCC: ") && row.contains("x86-64"), row);
        assertTrue(row.endsWith("identical") || row.contains("same code, debug info differs"), row);
      }
    }
  }

  @Test
  void aVolunteerWhoseCompilerChangesTheCodeIsNamedWithTheSection() throws Exception {
    Run run = check("127.0.0.1:" + ours.port + " " + wrappedHost);
    assertEquals(1, run.exit(), run.toString());
    assertTrue(row(run, "127.0.0.1:" + ours.port, "cc").endsWith("identical"), run.toString());
    for (String compiler : List.of("cc", "c++")) {
      String row = row(run, wrappedHost, compiler);
      assertTrue(row.contains("DIFFERENT (-O2: .text"), row);
    }
  }

  @Test
  void anUnreachableVolunteerFailsTheCheckWithTheReason() throws Exception {
    int closed = Tools.freePort();
    Run run = check("127.0.0.1:" + closed);
    assertEquals(1, run.exit(), run.toString());
    assertTrue(row(run, "127.0.0.1:" + closed, "cc").contains("FAILED: "), run.toString());
  }
}
