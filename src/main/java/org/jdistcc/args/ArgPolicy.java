package org.jdistcc.args;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The daemon's rules for compiler arguments from the network: nothing that loads or runs other
 * code, reads files named by the client, or writes outside the job's private directory. Input and
 * output names are not judged here; the daemon rewrites them into its directory.
 *
 * <p>distcc 3.4 refuses only {@code -fplugin=} and {@code -specs=}; this also refuses clang's
 * plugins ({@code -fpass-plugin=}, {@code -Xclang -load}, {@code -Xclang -plugin…}), {@code -B},
 * {@code -wrapper}, {@code --sysroot}, response files and absolute or {@code ..} paths given to
 * options that write files. An administrator lets a specific argument through with an allow-list of
 * exact arguments (distccd {@code --allow-option}).
 */
public final class ArgPolicy {
  private ArgPolicy() {}

  /** Options whose value (joined or as the next argument) is a file the compiler writes. */
  private static final List<String> WRITES_FILE_NEXT =
      List.of("-MF", "-dumpdir", "-dumpbase", "-auxbase", "-aux-info");

  /** {@code -f} option families whose {@code =value} is a path the compiler writes or reads. */
  private static final List<String> PATH_VALUED =
      List.of(
          "-fdump-",
          "-fopt-info",
          "-fprofile-",
          "-fdiagnostics-",
          "-fcallgraph-info",
          "-fsave-optimization-record");

  /** Returns why the command must not run, or empty when it may. argv[0] is the compiler. */
  public static Optional<String> check(List<String> argv, Set<String> allowed) {
    int outputs = 0;
    for (int i = 1; i < argv.size(); i++) {
      String arg = argv.get(i);
      if (allowed.contains(arg)) {
        continue;
      }
      String next = i + 1 < argv.size() ? argv.get(i + 1) : "";
      Optional<String> why = judge(arg, next);
      if (why.isPresent()) {
        return Optional.of(arg + ": " + why.get());
      }
      if (arg.startsWith("-o")) {
        outputs++;
      }
      if (takesNext(arg)) {
        i++;
      }
    }
    if (outputs > 1) {
      return Optional.of("-o given " + outputs + " times");
    }
    return Optional.empty();
  }

  private static Optional<String> judge(String arg, String next) {
    if (arg.startsWith("-fplugin")
        || arg.startsWith("-iplugindir")
        || arg.startsWith("-fpass-plugin")) {
      return Optional.of("compiler plugins load code into the compiler");
    }
    if (arg.equals("-Xclang") && loadsCode(next)) {
      return Optional.of(next + " loads code into the compiler");
    }

    if (arg.startsWith("-specs") || arg.startsWith("--specs")) {
      return Optional.of("spec files can run arbitrary commands");
    }
    if (arg.startsWith("-B") || arg.equals("-wrapper")) {
      return Optional.of("would run programs other than the compiler's own");
    }
    if (arg.startsWith("--sysroot") || arg.startsWith("-isysroot")) {
      return Optional.of("reads headers and libraries from a path the client chose");
    }
    if (arg.startsWith("@")) {
      return Optional.of("response files read a file the client chose");
    }
    if (arg.startsWith("-Wa,") || arg.startsWith("-Wp,")) {
      if (arg.contains("/") || arg.contains("..")) {
        return Optional.of("passes a path to the assembler or preprocessor");
      }
      return Optional.empty();
    }
    if (arg.equals("-Xassembler") || arg.equals("-Xpreprocessor")) {
      if (next.contains("/") || next.contains("..")) {
        return Optional.of("passes a path to the assembler or preprocessor");
      }
      return Optional.empty();
    }
    for (String option : WRITES_FILE_NEXT) {
      if (arg.equals(option) && escapes(next)) {
        return Optional.of("would write " + next + " outside the job's directory");
      }
      if (arg.startsWith(option) && arg.length() > option.length()) {
        String joined = arg.substring(option.length());
        if (joined.startsWith("=")) {
          joined = joined.substring(1);
        }
        if (!isLongerOption(arg) && escapes(joined)) {
          return Optional.of("would write " + joined + " outside the job's directory");
        }
      }
    }
    for (String family : PATH_VALUED) {
      int eq = arg.indexOf('=');
      if (arg.startsWith(family) && eq > 0 && pathInValue(arg.substring(eq + 1))) {
        return Optional.of("names a path outside the job's directory");
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a clang front-end option ({@code -Xclang X}) loads a shared object: {@code -load},
   * {@code -plugin}, {@code -add-plugin}, {@code -plugin-arg-*}. Other front-end options pass,
   * among them {@code -D} and {@code -U}, which the client sends for .i inputs.
   */
  private static boolean loadsCode(String frontEndOption) {
    return frontEndOption.startsWith("-load")
        || frontEndOption.startsWith("-plugin")
        || frontEndOption.startsWith("-add-plugin")
        || frontEndOption.startsWith("-fpass-plugin");
  }

  /** {@code -dumpbase-ext} is an option of its own, not {@code -dumpbase} joined with a value. */
  private static boolean isLongerOption(String arg) {
    return arg.startsWith("-dumpbase-ext");
  }

  private static boolean takesNext(String arg) {
    return WRITES_FILE_NEXT.contains(arg)
        || arg.equals("-o")
        || arg.equals("-Xassembler")
        || arg.equals("-Xpreprocessor")
        || arg.equals("-MT")
        || arg.equals("-MQ")
        || arg.equals("-x");
  }

  /** A value with a path component anywhere, e.g. {@code sarif:file=/etc/x} or {@code a=../b}. */
  private static boolean pathInValue(String value) {
    for (String part : value.split("[=:,]")) {
      if (escapes(part)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a path, relative to the job's directory, could land outside it. */
  static boolean escapes(String path) {
    return path.startsWith("/")
        || path.startsWith("~")
        || path.equals("..")
        || path.startsWith("../")
        || path.endsWith("/..")
        || path.contains("/../");
  }
}
