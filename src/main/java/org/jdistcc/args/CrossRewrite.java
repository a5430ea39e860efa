package org.jdistcc.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Names the compiler for a volunteer so that it cannot build for another architecture, as distcc
 * 3.4 does before sending a job (its compile.c; off with DISTCC_NO_REWRITE_CROSS):
 *
 * <ol>
 *   <li>{@code cc} and {@code c++} become the compiler they are links to on the client, when that
 *       is {@code gcc} or {@code clang} ({@code g++} or {@code clang++} for c++);
 *   <li>{@code gcc}, {@code gcc-N}, {@code g++}, {@code g++-N} become {@code TRIPLE-NAME} ({@code
 *       x86_64-linux-gnu-gcc-12}) when a program of that name is on the client's PATH;
 *   <li>{@code clang}, {@code clang-N}, {@code clang++}, {@code clang++-N} get {@code -target
 *       TRIPLE} appended unless the command names a target already ({@code -target}, {@code
 *       --target=...}).
 * </ol>
 *
 * Pure functions over names and argv; what the links point at, what PATH holds and the triple are
 * found by the caller.
 */
public final class CrossRewrite {
  private CrossRewrite() {}

  /** Whether rule 1 applies: the generic names whose link target is looked at. */
  public static boolean isGeneric(String name) {
    return name.equals("cc") || name.equals("c++");
  }

  /**
   * Rule 1: the name {@code cc} or {@code c++} stands for, given the file names along its chain of
   * symlinks ({@code /usr/bin/cc -> /etc/alternatives/cc -> /usr/bin/gcc}: "cc", "gcc"), or the
   * name itself when none of them is a known compiler.
   */
  public static String generic(String name, List<String> linkNames) {
    boolean cxx = name.equals("c++");
    for (String link : linkNames) {
      if (cxx
          ? link.equals("g++") || link.equals("clang++")
          : link.equals("gcc") || link.equals("clang")) {
        return link;
      }
    }
    return name;
  }

  /** Whether a name is one of GCC's that rule 2 qualifies with the triple. */
  public static boolean isGcc(String name) {
    return name.equals("gcc")
        || name.startsWith("gcc-")
        || name.equals("g++")
        || name.startsWith("g++-");
  }

  /** Whether a name is one of clang's that rule 3 gives a target. */
  public static boolean isClang(String name) {
    return name.equals("clang")
        || name.startsWith("clang-")
        || name.equals("clang++")
        || name.startsWith("clang++-");
  }

  /** Rule 2's candidate name: {@code TRIPLE-NAME} for GCC's names, to be used if it is on PATH. */
  public static Optional<String> qualified(String name, String triple) {
    return isGcc(name) ? Optional.of(triple + "-" + name) : Optional.empty();
  }

  /** Rule 3: {@code argv} with {@code -target TRIPLE} appended for clang without a target. */
  public static List<String> withClangTarget(List<String> argv, String triple) {
    if (!isClang(argv.get(0))) {
      return argv;
    }
    for (String arg : argv) {
      if (arg.equals("-target") || arg.startsWith("--target")) {
        return argv;
      }
    }
    List<String> out = new ArrayList<>(argv);
    out.add("-target");
    out.add(triple);
    return out;
  }

  /** {@code argv} with the compiler renamed. */
  public static List<String> renamed(List<String> argv, String name) {
    List<String> out = new ArrayList<>(argv);
    out.set(0, name);
    return out;
  }
}
