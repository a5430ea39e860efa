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

  private static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String withoutSuffix(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    return dot > slash + 1 ? path.substring(0, dot) : path;
  }
}
