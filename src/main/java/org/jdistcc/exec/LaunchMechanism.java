package org.jdistcc.exec;

/**
 * How the JDK starts a child process. Its default on Linux (posix_spawn of a helper program, which
 * then execs the command) pays for a second exec per child: about 0.6 ms of CPU per preprocessor
 * run, measured with the agent. The JDK's vfork mechanism execs the command directly; it was the
 * JDK's own Linux default before 12, and is chosen here only on the JDKs that still offer it
 * without a deprecation notice (17 to 21), only on Linux, and never over a choice the user made
 * with {@code -Djdk.lang.Process.launchMechanism}.
 */
public final class LaunchMechanism {
  private static final String PROPERTY = "jdk.lang.Process.launchMechanism";

  private LaunchMechanism() {}

  /** Chooses vfork where that is safe to ask for; call before the first child is started. */
  public static void preferVfork() {
    if (System.getProperty(PROPERTY) == null
        && "Linux".equals(System.getProperty("os.name"))
        && Runtime.version().feature() <= 21) {
      System.setProperty(PROPERTY, "VFORK");
    }
  }
}
