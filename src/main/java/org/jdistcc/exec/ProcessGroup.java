package org.jdistcc.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A program started in a process group of its own ({@code setsid}), so that it and everything it
 * starts (gcc's cc1 and as) can be stopped and continued as a whole with SIGSTOP and SIGCONT. The
 * group's id is the program's pid: {@code setsid} only forks when it already leads a group, which a
 * child of this process never does. A signal sent before the child has left this process's group
 * finds no such group and does nothing, so this process's own group is never signalled.
 *
 * <p>The JDK cannot send those signals; each one costs a {@code /bin/sh} start (about a
 * millisecond), paid only when the group is stopped or continued, never on a job's path.
 */
public final class ProcessGroup {
  private final Process process;
  private boolean stopped;

  private ProcessGroup(Process process) {
    this.process = process;
  }

  /** Starts {@code argv} in a new session, as {@link DirectRunner#startToFiles} does otherwise. */
  public static ProcessGroup start(
      List<String> argv, Map<String, String> environment, Path cwd, Path stdout, Path stderr)
      throws IOException {
    List<String> grouped = new ArrayList<>(argv.size() + 1);
    grouped.add("setsid");
    grouped.addAll(argv);
    return new ProcessGroup(
        DirectRunner.startToFiles(grouped, environment, cwd, Optional.empty(), stdout, stderr));
  }

  /** The group's id, which is its first program's pid. */
  public long id() {
    return process.pid();
  }

  /** Waits at most {@code most} for the program to end; true when it has. */
  public boolean waitFor(Duration most) throws InterruptedException {
    return process.waitFor(most.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The exit status, once it has ended. */
  public int exitValue() {
    return process.exitValue();
  }

  /** Whether the group was stopped and not continued since. */
  public boolean stopped() {
    return stopped;
  }

  /** Stops every process of the group; false when that failed (it may not be one yet). */
  public boolean stop() {
    if (!stopped && signal("STOP")) {
      stopped = true;
    }
    return stopped;
  }

  /** Continues a stopped group. */
  public void resume() {
    if (stopped && signal("CONT")) {
      stopped = false;
    }
  }

  /** Kills the program and everything it started, stopped or not. */
  public void destroy() {
    DirectRunner.destroyTree(process);
    if (stopped) {
      signal("CONT"); // a killed process dies even when stopped; its group must not stay stopped
    }
  }

  private boolean signal(String name) {
    try {
      Process kill =
          new ProcessBuilder("/bin/sh", "-c", "kill -s " + name + " -- -\"$1\"", "sh", "" + id())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return kill.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
