package org.jdistcc.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one program a GCC driver's {@code -###} listing names, with the variables the driver sets for
 * it: the {@code NAME=value} lines printed before its command line ({@code COLLECT_GCC}, {@code
 * COLLECT_GCC_OPTIONS}, ...). Lines after it are what the driver would set for later steps.
 *
 * @param argv the program and its arguments, unquoted
 * @param environment the variables set for it, in the listing's order
 */
public record Listing(List<String> argv, Map<String, String> environment) {
  public Listing {
    argv = List.copyOf(argv);
    environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
  }

  // equals and hashCode are written out: a record's own are linked through invokedynamic the
  // first time they run, and that first link spins some 17 method-handle classes in a cold
  // agent (its first job compares two listings), and with the agent's early compile thresholds
  // about 100 more methods get compiled (ASM's and java.lang.invoke's): about 40 ms of CPU for one
  // comparison.

  @Override
  public boolean equals(Object other) {
    return other instanceof Listing that
        && argv.equals(that.argv)
        && environment.equals(that.environment);
  }

  @Override
  public int hashCode() {
    return 31 * argv.hashCode() + environment.hashCode();
  }

  /**
   * Reads a listing; empty unless it names exactly one program. On a command line the driver prints
   * each argument after a space, bare when it holds only letters, digits and {@code _/-.}, else in
   * double quotes with {@code "}, {@code \} and {@code $} escaped by a backslash.
   */
  public static Optional<Listing> parse(String text) {
    if (text.indexOf('\uFFFD') >= 0) {
      return Optional.empty(); // bytes that were not text: names would not survive the round trip
    }
    List<String> argv = null;
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith(" ")) {
        if (argv != null) {
          return Optional.empty(); // a second program
        }
        Optional<List<String>> words = words(line);
        if (words.isEmpty() || words.get().isEmpty()) {
          return Optional.empty();
        }
        argv = words.get();
      } else {
        int eq = line.indexOf('=');
        if (eq > 0 && isName(line.substring(0, eq))) {
          if (argv == null) {
            env.put(line.substring(0, eq), line.substring(eq + 1));
          }
        } else if (!isAbout(line)) {
          return Optional.empty(); // a message of the driver's own, which cc1 would not repeat
        }
      }
    }
    return argv == null ? Optional.empty() : Optional.of(new Listing(argv, env));
  }

  /** What {@code -###} says of the driver itself, in the C locale. */
  private static final List<String> ABOUT =
      List.of(
          "Using built-in specs.",
          "Target: ",
          "Configured with: ",
          "Thread model: ",
          "Supported LTO compression algorithms: ",
          "gcc version ");

  private static boolean isAbout(String line) {
    if (line.isEmpty()) {
      return true;
    }
    for (String about : ABOUT) {
      if (line.startsWith(about)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isName(String s) {
    if (!(s.charAt(0) >= 'A' && s.charAt(0) <= 'Z')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** The words of a command line, or empty when its quoting is not the driver's. */
  static Optional<List<String>> words(String line) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      if (line.charAt(i) != ' ') {
        return Optional.empty();
      }
      i++;
      if (i == n) {
        break; // a trailing blank
      }
      StringBuilder word = new StringBuilder();
      if (line.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < n) {
          char c = line.charAt(i++);
          if (c == '\\' && i < n) {
            word.append(line.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            word.append(c);
          }
        }
        if (!closed) {
          return Optional.empty();
        }
      } else {
        while (i < n && line.charAt(i) != ' ') {
          char c = line.charAt(i++);
          if (c == '"' || c == '\\') {
            return Optional.empty();
          }
          word.append(c);
        }
        if (word.length() == 0) {
          return Optional.empty(); // two blanks: the driver prints an empty word as ""
        }
      }
      out.add(word.toString());
    }
    return Optional.of(out);
  }
}
