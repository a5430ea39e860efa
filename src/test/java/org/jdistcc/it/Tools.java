package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the integration tests need from the machine: the jdistcc tree that {@code mvn package}
 * built, real tools (gcc, distcc 3.4, socat, xinetd, sshd) and free loopback ports. A missing tool
 * skips the test locally and fails it under CI=true, where .ci/run has installed everything.
 *
 * <p>This is the one place that decides between skipping and failing: tests in every package call
 * {@link #require(String)} or {@link #require(boolean, String)}, never {@code assumeTrue}.
 */
public final class Tools {
  private Tools() {}

  static final boolean CI = "true".equals(System.getenv("CI"));

  /** The installed tree: target/jdistcc, passed by failsafe as jdistcc.home. */
  public static Path home() {
    String home = System.getProperty("jdistcc.home");
    if (home == null || !Files.isExecutable(Path.of(home, "bin", "distcc"))) {
      fail("jdistcc.home does not point at a built tree (run mvn verify): " + home);
    }
    return Path.of(home);
  }

  /** The executable named {@code name} on PATH or in the sbin directories, or a skip/failure. */
  public static Path require(String name) {
    List<String> dirs =
        new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String dir : dirs) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    require(false, name + " is not installed (.ci/run installs it with apt-get)");
    return null;
  }

  /**
   * Skips the test locally, or fails it under CI=true, unless what it needs from the machine is
   * there. {@code missing} says what is not, for the skip or failure message.
   */
  public static void require(boolean available, String missing) {
    if (available) {
      return;
    }
    if (CI) {
      fail(missing + " (CI must provide it: no test is skipped there)");
    }
    assumeTrue(false, missing);
  }

  /** A loopback port nobody listens on right now. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Waits until something accepts connections on the loopback port. */
  static void awaitPort(int port, Process owner, Path log)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (!owner.isAlive()) {
        fail("listener on port " + port + " exited: " + read(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    fail("nothing listens on port " + port + " after 15 s: " + read(log));
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** Writes an executable shell script. */
  static Path script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    file.toFile().setExecutable(true, false);
    return file;
  }

  /**
   * A volunteer's gcc wrapper in {@code bin}, under the name {@code gcc} and as {@code TRIPLE-gcc},
   * which is what clients send for gcc (distcc 3.4 and jdistcc alike) when that name is on their
   * PATH, as on Debian.
   */
  static void gccWrapper(Path bin, String body) throws IOException, InterruptedException {
    String triple = Run.local(bin, "gcc", "-dumpmachine").stdout().strip();
    script(bin.resolve("gcc"), body);
    script(bin.resolve(triple + "-gcc"), body);
  }

  /**
   * Wrappers in {@code dir} that run the real gcc or g++ with {@code extra} appended, under every
   * name a client may send for them: {@code cc}, {@code gcc}, {@code gcc-N} and the same with the
   * target triple in front, likewise for C++. Put {@code dir} first on a volunteer's PATH to make
   * it compile differently from this machine.
   */
  static Path compilerWrappers(Path dir, String extra) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String triple = Run.local(dir, "gcc", "-dumpmachine").stdout().strip();
    String major = Run.local(dir, "gcc", "-dumpversion").stdout().strip().split("\\.")[0];
    String[][] drivers = {{"gcc", "cc"}, {"g++", "c++"}};
    for (String[] driver : drivers) {
      String body = "exec " + require(driver[0]) + " \"$@\" " + extra;
      for (String name : List.of(driver[1], driver[0], driver[0] + "-" + major)) {
        script(dir.resolve(name), body);
        if (!name.equals(driver[1])) {
          script(dir.resolve(triple + "-" + name), body);
        }
      }
    }
    return dir;
  }

  /**
   * Stops the process and its children. Does not throw InterruptedException, so that resources
   * closing with it can be used in try-with-resources without a lint warning: an interrupt kills
   * the process at once and stays set for the caller.
   */
  static void stop(Process process) {
    if (process != null && process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
