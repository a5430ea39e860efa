package org.jdistcc;

import java.util.Locale;

/** The jdistcc version, and the --version text of distcc and distccd. */
public final class Version {
  public static final String TEXT = "0.1.0";

  private Version() {}

  /**
   * What {@code --version} prints, in distcc 3.4's shape, which scripts parse: first line {@code
   * PROGRAM VERSION PLATFORM}, second {@code (protocols ...) (default port 3632)}, then free text.
   * The protocols are the ones jdistcc speaks.
   */
  public static String banner(String program) {
    return program
        + " "
        + TEXT
        + " "
        + platform()
        + "\n"
        + "  (protocols 1, 2 and 3) (default port 3632)\n"
        + "  jdistcc: a Java implementation of distcc 3.4, wire-compatible with it.\n"
        + "\n"
        + "jdistcc comes with ABSOLUTELY NO WARRANTY. It is free software, and you may use,\n"
        + "modify and redistribute it under the terms of the GNU General Public License\n"
        + "version 2 or later.";
  }

  /**
   * {@code ARCH-OS} of the running JVM, in the GNU spelling where it differs: {@code x86_64-linux}.
   */
  static String platform() {
    String arch = System.getProperty("os.arch", "unknown");
    if (arch.equals("amd64")) {
      arch = "x86_64";
    } else if (arch.equals("x86")) {
      arch = "i686";
    }
    String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT).replace(' ', '_');
    return arch + "-" + os;
  }
}
