package org.jdistcc.args;

import java.util.ArrayList;
import java.util.List;

/**
 * The local preprocessor command for a distributed compile, with the dependency file ({@code -MD},
 * {@code -MMD}) written exactly where and as gcc would write it for the one-step compile.
 *
 * <p>Under {@code -E} gcc reads {@code -o} as the dependency file's name and the target is the
 * preprocessed file, which is what distcc 3.4 gets wrong. So, unless the user named them: {@code
 * -MF} is the output with its suffix replaced by {@code .d} (or the source's base name plus {@code
 * .d} without {@code -o}), and the target is the output as given (or the source's base name plus
 * {@code .o} without {@code -o}, even for {@code -S}, as gcc does).
 */
public final class DependencyArgs {
  private DependencyArgs() {}

  /**
   * @param argv the user's command, compiler executable first
   * @param job what the scanner found in it
   * @param preprocessed where the preprocessor writes its output
   * @param mode classic or directives-only preprocessing
   */
  private static boolean anyStartsWith(List<String> args, String prefix) {
    for (String arg : args) {
      if (arg.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  public static List<String> preprocessCommand(
      List<String> argv, ScanResult.Distribute job, String preprocessed, Preprocessing mode) {
    boolean explicitOutput = job.argv().size() == argv.size();
    List<String> cpp = new ArrayList<>(job.argv());
    cpp.set(0, argv.get(0));
    cpp = ArgRewriter.withOutput(ArgRewriter.withAction(cpp, "-E"), preprocessed);
    cpp.addAll(1, mode.cppFlags());
    if (cpp.contains("-MD") || cpp.contains("-MMD")) {
      if (!anyStartsWith(cpp, "-MF")) {
        String base = explicitOutput ? job.output() : baseName(job.input());
        cpp.add("-MF");
        cpp.add(withoutSuffix(base) + ".d");
      }
      if (!anyStartsWith(cpp, "-MT") && !anyStartsWith(cpp, "-MQ")) {
        cpp.add("-MQ");
        cpp.add(explicitOutput ? job.output() : withoutSuffix(baseName(job.input())) + ".o");
      }
    }
    return cpp;
  }

  /**
   * For a pump job, whose preprocessor runs on the volunteer: the dependency file a one-step
   * compile of {@code job} writes ({@code -MF}, else the output or the source's base name with
   * {@code .d}), or empty when it writes none (neither {@code -MD} nor {@code -MMD}).
   *
   * @param explicitOutput whether the user gave {@code -o}
   */
  public static java.util.Optional<String> dependencyFile(
      ScanResult.Distribute job, boolean explicitOutput) {
    List<String> argv = job.argv();
    if (!argv.contains("-MD") && !argv.contains("-MMD")) {
      return java.util.Optional.empty();
    }
    for (int i = 1; i < argv.size(); i++) {
      if (argv.get(i).equals("-MF") && i + 1 < argv.size()) {
        return java.util.Optional.of(argv.get(i + 1));
      }
      if (argv.get(i).startsWith("-MF") && argv.get(i).length() > 3) {
        return java.util.Optional.of(argv.get(i).substring(3));
      }
    }
    String base = explicitOutput ? job.output() : baseName(job.input());
    return java.util.Optional.of(withoutSuffix(base) + ".d");
  }

  /**
   * For a pump job: the target a one-step compile names in its dependency file when the user named
   * none ({@code -MT}, {@code -MQ}), or empty when the user did or no file is made.
   */
  public static java.util.Optional<String> implicitTarget(
      ScanResult.Distribute job, boolean explicitOutput) {
    List<String> argv = job.argv();
    if ((!argv.contains("-MD") && !argv.contains("-MMD"))
        || anyStartsWith(argv, "-MT")
        || anyStartsWith(argv, "-MQ")) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        explicitOutput ? job.output() : withoutSuffix(baseName(job.input())) + ".o");
  }

  /**
   * The command without the options that make it write a dependency file ({@code -MD}, {@code
   * -MMD}, {@code -MF}, {@code -MT}, {@code -MQ}, {@code -MP}), for a compile whose only product
   * must be the object: checking a pump job here must not rewrite the user's {@code .d}.
   */
  public static List<String> withoutDependencyFile(List<String> argv) {
    List<String> out = new ArrayList<>(argv.size());
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      if (i > 0 && (a.equals("-MF") || a.equals("-MT") || a.equals("-MQ"))) {
        i++;
      } else if (i == 0
          || !(a.equals("-MD")
              || a.equals("-MMD")
              || a.equals("-MP")
              || a.startsWith("-MF")
              || a.startsWith("-MT")
              || a.startsWith("-MQ"))) {
        out.add(a);
      }
    }
    return out;
  }

  private static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String withoutSuffix(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    return dot > slash + 1 ? path.substring(0, dot) : path;
  }
}
