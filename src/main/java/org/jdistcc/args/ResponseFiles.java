package org.jdistcc.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Response files ({@code gcc @args.rsp}) expanded as gcc and distcc 3.4 expand them (libiberty's
 * {@code expandargv}), so that a command whose arguments sit in a file is judged and sent like any
 * other. Each {@code @NAME} argument is replaced by the arguments its file holds, which are read
 * again for {@code @NAME}s of their own. One whose file cannot be read stays as written, and the
 * scan then keeps the job local. Pure: the caller reads the files.
 *
 * <p>Inside a file, arguments are separated by white space; single or double quotes keep it in one
 * argument, and a backslash takes the next character as it is, within quotes too. A file of white
 * space alone holds no arguments.
 */
public final class ResponseFiles {
  private ResponseFiles() {}

  /** As libiberty: a chain longer than this is left unexpanded (a file that names itself). */
  static final int MAX_EXPANSIONS = 2000;

  /**
   * The most characters an expanded command may have: a command kept in a file because it is too
   * long for exec stays unexpanded (and local), since a local compile runs the expanded command.
   */
  static final int MAX_CHARS = 100_000;

  /**
   * {@code argv} with its response files expanded; {@code argv} itself when it names none, when
   * expanding does not end, or when the result would be longer than {@link #MAX_CHARS}. {@code
   * read} gives a file's text by the name written after the {@code @}, or empty when it cannot be
   * read as text. {@code argv.get(0)}, the compiler, is never read as one.
   */
  public static List<String> expand(List<String> argv, Function<String, Optional<String>> read) {
    if (!anyIn(argv)) {
      return argv;
    }
    List<String> out = new ArrayList<>(argv);
    int expansions = 0;
    for (int i = 1; i < out.size(); ) {
      String a = out.get(i);
      Optional<String> text = names(a) ? read.apply(a.substring(1)) : Optional.empty();
      if (text.isEmpty()) {
        i++;
        continue;
      }
      if (++expansions > MAX_EXPANSIONS) {
        return argv;
      }
      out.remove(i);
      // The inserted arguments are looked at in turn: a file may name another.
      out.addAll(i, split(text.get()));
    }
    int chars = 0;
    for (String a : out) {
      chars += a.length() + 1;
    }
    return chars > MAX_CHARS ? argv : out;
  }

  /**
   * Whether {@code argv} names a response file after the compiler: a plain loop, so that the
   * client's usual job links no lambda or stream for it (see README, "Speed").
   */
  public static boolean anyIn(List<String> argv) {
    for (int i = 1; i < argv.size(); i++) {
      if (names(argv.get(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean names(String arg) {
    return arg.length() > 1 && arg.charAt(0) == '@';
  }

  /** The arguments a response file's text holds. */
  static List<String> split(String text) {
    List<String> args = new ArrayList<>();
    int i = skipSpace(text, 0);
    while (i < text.length()) {
      StringBuilder arg = new StringBuilder();
      boolean single = false;
      boolean dbl = false;
      boolean escaped = false;
      for (; i < text.length(); i++) {
        char c = text.charAt(i);
        if (escaped) {
          escaped = false;
          arg.append(c);
        } else if (c == '\\') {
          escaped = true;
        } else if (single) {
          if (c == '\'') {
            single = false;
          } else {
            arg.append(c);
          }
        } else if (dbl) {
          if (c == '"') {
            dbl = false;
          } else {
            arg.append(c);
          }
        } else if (isSpace(c)) {
          break;
        } else if (c == '\'') {
          single = true;
        } else if (c == '"') {
          dbl = true;
        } else {
          arg.append(c);
        }
      }
      args.add(arg.toString());
      i = skipSpace(text, i);
    }
    return args;
  }

  private static int skipSpace(String text, int i) {
    while (i < text.length() && isSpace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** C's isspace in the C locale, as libiberty's ISSPACE. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
  }
}
