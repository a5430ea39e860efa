package org.jdistcc.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Removes from a command what only the local preprocessor or linker needs, so the volunteer gets
 * just the compile options (distcc 3.4's list). Keeping them would be harmless for most, but {@code
 * -I} paths and {@code -D} values do not exist or differ on the volunteer and only make a wrong
 * remote preprocessing look successful.
 *
 * <p>Beyond distcc 3.4's list, {@code -finput-charset=} is dropped: the preprocessor has already
 * converted the text to UTF-8, and converting it again on the volunteer garbles every non-ASCII
 * character (distcc 3.4 passes it on and gets wrong string literals).
 */
public final class LocalArgs {
  private LocalArgs() {}

  /** Dropped together with the argument that follows them. */
  private static final Set<String> WITH_VALUE =
      Set.of(
          "-D",
          "-I",
          "-U",
          "-L",
          "-l",
          "-MF",
          "-MT",
          "-MQ",
          "-include",
          "-imacros",
          "-iprefix",
          "-iwithprefix",
          "-isystem",
          "-iwithprefixbefore",
          "-idirafter",
          "-Xpreprocessor",
          "-x");

  /** Dropped when an argument starts with them ({@code -DNDEBUG}, {@code -Wp,-MD,x.d}). */
  private static final List<String> PREFIXES =
      List.of(
          "-Wp,",
          "-Wl,",
          "-D",
          "-U",
          "-I",
          "-l",
          "-L",
          "-MF",
          "-MT",
          "-MQ",
          "-isystem",
          "-stdlib",
          "-x",
          "-finput-charset=");

  /** Dropped on their own. */
  private static final Set<String> ALONE =
      Set.of("-undef", "-nostdinc", "-nostdinc++", "-MD", "-MMD", "-MG", "-MP");

  /**
   * The volunteer's command: {@link #strip stripped}, with the mode's flags after the compiler. For
   * {@link Preprocessing#REWRITE_INCLUDES} also {@code -fdebug-compilation-dir=CWD} (before the
   * user's options, so a user's own wins) and the command line's {@code -D}/{@code -U} in their
   * order as {@code -Xclang -D…}: clang's driver passes no macros for a {@code .i} input, and the
   * rewritten text still needs them. The macro prefix maps ({@code -fmacro-prefix-map=}, and that
   * part of {@code -ffile-prefix-map=}) likewise, as {@code -Xclang -fmacro-prefix-map=…}, or
   * {@code __FILE__} would name the unmapped file. clang's driver is never given {@code
   * -fmacro-prefix-map=} for a {@code .i}: it would warn that the option is unused, which a
   * one-step compile does not.
   *
   * @param cwd the client's working directory, recorded in the debug information
   */
  public static List<String> remote(List<String> argv, Preprocessing mode, String cwd) {
    List<String> out = strip(argv);
    String name = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
    if (Preprocessing.isClangFamily(name)) {
      for (int i = out.size() - 1; i > 0; i--) {
        if (out.get(i).startsWith(MACRO_PREFIX_MAP)) {
          out.remove(i);
        }
      }
    }
    List<String> added = new ArrayList<>(mode.remoteFlags());
    if (mode == Preprocessing.REWRITE_INCLUDES) {
      added.add("-fdebug-compilation-dir=" + cwd);
      for (int i = 1; i < argv.size(); i++) {
        String a = argv.get(i);
        if ((a.equals("-D") || a.equals("-U")) && i + 1 < argv.size()) {
          added.addAll(List.of("-Xclang", a + argv.get(++i)));
        } else if (a.startsWith("-D") || a.startsWith("-U")) {
          added.addAll(List.of("-Xclang", a));
        } else if (a.startsWith(MACRO_PREFIX_MAP)) {
          added.addAll(List.of("-Xclang", a));
        } else if (a.startsWith(FILE_PREFIX_MAP)) {
          added.addAll(
              List.of("-Xclang", MACRO_PREFIX_MAP + a.substring(FILE_PREFIX_MAP.length())));
        }
      }
    }
    out.addAll(1, added);
    return out;
  }

  private static final String MACRO_PREFIX_MAP = "-fmacro-prefix-map=";
  private static final String FILE_PREFIX_MAP = "-ffile-prefix-map=";

  private static boolean startsWithAny(String arg, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (arg.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  public static List<String> strip(List<String> argv) {
    List<String> out = new ArrayList<>(argv.size());
    out.add(argv.get(0));
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (WITH_VALUE.contains(a)) {
        i++;
      } else if (!ALONE.contains(a) && !startsWithAny(a, PREFIXES)) {
        out.add(a);
      }
    }
    return out;
  }
}
