package org.jdistcc.args;

import java.util.List;

/**
 * How the client preprocesses a job and how the volunteer must read the result: the flags of each
 * mode. Which mode a job gets is decided in {@code org.jdistcc.cpp.ModeRules}.
 *
 * <p>CLASSIC is distcc 3.4's way: {@code -E} expands everything and the volunteer compiles the
 * expanded text, which equals a two-step local compile. GCC then places the tokens of a macro
 * expansion on one line, and at {@code -O0} it generates different code for some control flow built
 * by macros (extra jumps and nops around gotos), so objects can differ from a one-step compile:
 * about one C++ file in five in googletest.
 *
 * <p>DIRECTIVES_ONLY runs {@code -E -fdirectives-only}: includes and conditionals are resolved
 * here, macros are kept and expanded by the compiler on the volunteer ({@code -fpreprocessed
 * -fdirectives-only}), which then sees the same token locations as a one-step compile and gives the
 * same code. With {@code -g}, jdistcc's volunteer compiles the text as ordinary source laid out as
 * files (server.unsplit), so {@code -fdirectives-only} is not among the switches recorded in the
 * debug information and the object is identical; distccd 3.4 records it (same code, other debug
 * bytes). Macro debug information ({@code -g3}) stays CLASSIC (cpp.ModeRules).
 *
 * <p>REWRITE_INCLUDES is clang's counterpart: {@code -E -frewrite-includes} inlines the included
 * files and keeps everything else as written, so the volunteer expands the macros and carries out
 * the pragmas itself. The volunteer compiles the text as the {@code .i} it is, which the driver
 * gives no {@code -D}/{@code -U}: the command line's macros go as {@code -Xclang -D…}, and the
 * client's working directory as {@code -fdebug-compilation-dir} ({@link LocalArgs#remote}). The
 * text's first line marker is made to name the main file ({@code cpp.RewrittenIncludes}).
 */
public enum Preprocessing {
  CLASSIC(List.of(), List.of()),
  DIRECTIVES_ONLY(List.of("-fdirectives-only"), List.of("-fpreprocessed", "-fdirectives-only")),
  REWRITE_INCLUDES(List.of("-frewrite-includes"), List.of());

  private final List<String> cppFlags;
  private final List<String> remoteFlags;

  Preprocessing(List<String> cppFlags, List<String> remoteFlags) {
    this.cppFlags = cppFlags;
    this.remoteFlags = remoteFlags;
  }

  /** Added to the local {@code -E} command. */
  public List<String> cppFlags() {
    return cppFlags;
  }

  /** Added to the volunteer's command, after the compiler name. */
  public List<String> remoteFlags() {
    return remoteFlags;
  }

  /**
   * Whether a compiler name is gcc, g++, cc or c++, with an optional target prefix ending in '-'
   * and an optional version suffix such as {@code -12} ({@code x86_64-linux-gnu-gcc-12}).
   */
  public static boolean isGccFamily(String name) {
    if (isGccDriver(name)) {
      return true;
    }
    int dash = name.lastIndexOf('-');
    if (dash < 0 || dash == name.length() - 1) {
      return false;
    }
    for (int i = dash + 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        return false;
      }
    }
    return isGccDriver(name.substring(0, dash));
  }

  /**
   * Whether a compiler name is clang or clang++, with an optional target prefix ending in '-' and
   * an optional version suffix ({@code x86_64-linux-gnu-clang++-14}).
   */
  public static boolean isClangFamily(String name) {
    String base = name;
    int dash = name.lastIndexOf('-');
    if (dash > 0 && dash < name.length() - 1 && versionSuffix(name.substring(dash + 1))) {
      base = name.substring(0, dash);
    }
    return base.equals("clang")
        || base.equals("clang++")
        || base.endsWith("-clang")
        || base.endsWith("-clang++");
  }

  private static boolean versionSuffix(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isGccDriver(String name) {
    for (String driver : new String[] {"gcc", "g++", "cc", "c++"}) {
      if (name.equals(driver) || name.endsWith("-" + driver)) {
        return true;
      }
    }
    return false;
  }
}
