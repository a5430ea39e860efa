package org.jdistcc.include;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiler's built-in include directories, read from what {@code cc -x LANG -v -E /dev/null}
 * writes to its error stream: the lines between {@code #include "..." search starts here:}, {@code
 * #include <...> search starts here:} and {@code End of search list.} Running the compiler is the
 * caller's business.
 *
 * @param quoted directories searched only for {@code #include "..."} (rare by default)
 * @param angled directories searched for both forms, in order: the system directories
 */
public record DefaultSearchPath(List<String> quoted, List<String> angled) {
  public DefaultSearchPath {
    quoted = List.copyOf(quoted);
    angled = List.copyOf(angled);
  }

  /**
   * The arguments that make a gcc-like compiler print its search path, for language {@code lang}.
   */
  public static List<String> probeArguments(String compiler, String lang) {
    return List.of(compiler, "-x", lang, "-v", "-E", "/dev/null", "-o", "/dev/null");
  }

  /**
   * Parses the compiler's verbose output; a list that never started or never ended is an
   * IllegalArgumentException naming what was missing.
   */
  public static DefaultSearchPath parse(String verbose) {
    List<String> quoted = new ArrayList<>();
    List<String> angled = new ArrayList<>();
    List<String> current = null;
    boolean started = false;
    for (String line : verbose.split("\n", -1)) {
      if (line.startsWith("#include \"...\" search starts here:")) {
        current = quoted;
        started = true;
      } else if (line.startsWith("#include <...> search starts here:")) {
        current = angled;
        started = true;
      } else if (line.startsWith("End of search list.")) {
        if (!started) {
          break;
        }
        return new DefaultSearchPath(quoted, angled);
      } else if (current != null && line.startsWith(" ")) {
        String dir = line.strip();
        // clang marks framework directories; they hold no plain headers.
        if (dir.endsWith(" (framework directory)")) {
          continue;
        }
        current.add(dir);
      }
    }
    throw new IllegalArgumentException(
        started
            ? "the compiler's search list has no \"End of search list.\""
            : "the compiler printed no \"#include <...> search starts here:\"");
  }
}
