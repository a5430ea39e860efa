package org.jdistcc.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lets another thread stop a command that {@link ProcessRunner} runs, with every process it
 * started: the command runs in a process group of its own ({@code setsid}), and cancelling kills
 * that group, so a compiler's cc1, as or anything they forked cannot outlive the job. Cancelling
 * before the command starts stops it as soon as it does. Not a timeout: that is {@link
 * Command#timeout()}.
 */
public final class Cancel {
  /** util-linux's setsid: starts its command as the leader of a new session and process group. */
  static final Path SETSID = findSetsid();

  private Process process;
  private boolean cancelled;
  private boolean ended;

  /** Kills the command's process group, now or when it starts. */
  public synchronized void cancel() {
    cancelled = true;
    if (process != null && !ended) {
      killGroup(process);
    }
  }

  public synchronized boolean cancelled() {
    return cancelled;
  }

  synchronized void started(Process started) {
    process = started;
    if (cancelled) {
      killGroup(started);
    }
  }

  synchronized void ended() {
    ended = true;
  }

  /** After a timeout killed the leader: the rest of its group, which may still run. */
  synchronized void killRest() {
    if (process != null) {
      killGroup(process);
    }
  }

  /**
   * Kills the group led by {@code leader} (its pid is the group's id under setsid), then whatever
   * of its descendants is still known, then the leader. Java cannot signal a group itself, hence
   * kill(1).
   */
  static void killGroup(Process leader) {
    List<ProcessHandle> descendants = leader.descendants().toList();
    if (SETSID != null) {
      try {
        Process kill =
            new ProcessBuilder("kill", "-KILL", "--", "-" + leader.pid())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        kill.waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        // the descendants below still go
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (ProcessHandle child : descendants) {
      child.destroyForcibly();
    }
    leader.destroyForcibly();
  }

  private static Path findSetsid() {
    for (String dir : new String[] {"/usr/bin", "/bin"}) {
      Path candidate = Path.of(dir, "setsid");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
