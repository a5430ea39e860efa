package org.jdistcc.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a compiler command the way distcc 3.4 does and decides whether it is one compile that a
 * volunteer can do: exactly one source, {@code -c} or {@code -S}, nothing that writes files beside
 * the object or depends on the local machine. Finds the input and output names, adding {@code -o}
 * where the command implies it. Pure: no file is looked at.
 *
 * <p>Beyond distcc 3.4, these also run locally, because a volunteer would produce a different or
 * incomplete result: {@code -fprofile-*} and {@code -fauto-profile} (paths of profile data), {@code
 * -gsplit-dwarf} and {@code -save-temps} (extra files beside the object), {@code -mcpu=native},
 * response files ({@code @file}) left unexpanded by {@link ResponseFiles} (unreadable, or too
 * long), whose arguments cannot be seen, and {@code -dM}, {@code -P}, {@code -fdebug-cpp}, which
 * make the preprocessor write what no compile of its output can turn into the one-step object.
 *
 * <p>{@code -x c}, {@code -x c++}, {@code -x objective-c} and {@code -x objective-c++} (also
 * joined, {@code -xc++}) are distributed, as distcc 3.4 distributes the languages starting with
 * "c"; the volunteer gets the preprocessed file under the language's extension instead of {@code
 * -x}. Other languages ({@code -x assembler}, {@code c-header}, {@code cpp-output}) run locally.
 */
public final class ArgScanner {
  private ArgScanner() {}

  /** Options whose value is the next argument, skipped when looking for sources. */
  private static final List<String> DEPENDENCY_VALUE = List.of("-MF", "-MT", "-MQ");

  public static ScanResult scan(List<String> argv) {
    boolean compile = false;
    boolean assemble = false;
    String input = null;
    String output = null;
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.startsWith("-")) {
        Optional<String> local = mustRunLocally(a);
        if (local.isPresent()) {
          return new ScanResult.RunLocally(local.get());
        }
        if (a.startsWith("-x")) {
          String language =
              a.length() > 2 ? a.substring(2) : i + 1 < argv.size() ? argv.get(++i) : "";
          if (!Sources.LANGUAGES.containsKey(language) && !language.equals("none")) {
            return new ScanResult.RunLocally(
                "-x " + language + " is not C, C++ or Objective-C source");
          }
        } else if (DEPENDENCY_VALUE.contains(a)) {
          i++;
        } else if (a.equals("-c")) {
          compile = true;
        } else if (a.equals("-S")) {
          assemble = true;
        } else if (a.startsWith("-o")) {
          String value =
              a.length() > 2 ? a.substring(2) : i + 1 < argv.size() ? argv.get(++i) : null;
          if (value == null) {
            return new ScanResult.RunLocally("-o without a file name");
          }
          if (output != null) {
            return new ScanResult.RunLocally("more than one output file (linking?)");
          }
          output = value;
        }
      } else if (a.startsWith("@")) {
        return new ScanResult.RunLocally("response file " + a + " hides arguments");
      } else if (Sources.isSource(a)) {
        if (input != null) {
          return new ScanResult.RunLocally("more than one source file (" + input + ", " + a + ")");
        }
        input = a;
      } else if (a.endsWith(".o")) {
        // distcc 3.4 takes a bare x.o for the output, then fails to rewrite it (there is no -o)
        // and compiles locally; gcc itself reads it as an unused linker input.
        return new ScanResult.RunLocally("object file " + a + " without -o (linking?)");
      }
    }
    if (!compile && !assemble) {
      return new ScanResult.RunLocally("not a compile: no -c or -S");
    }
    if (input == null) {
      return new ScanResult.RunLocally("no C, C++ or Objective-C source file");
    }
    if (Sources.isConfigureTest(input)) {
      return new ScanResult.RunLocally("autoconf test " + input + " runs locally");
    }
    List<String> withOutput = argv;
    if (output == null) {
      // -S wins over -c, as in gcc: "gcc -c -S x.c" writes x.s.
      Optional<String> implied = Sources.impliedOutput(input, assemble ? ".s" : ".o");
      if (implied.isEmpty()) {
        return new ScanResult.RunLocally("cannot tell the output name of " + input);
      }
      output = implied.get();
      withOutput = new ArrayList<>(argv);
      withOutput.add("-o");
      withOutput.add(output);
    }
    if (output.equals("-")) {
      return new ScanResult.RunLocally("output to standard output (-o -)");
    }
    return new ScanResult.Distribute(withOutput, input, output);
  }

  /** Why an option keeps the job on this machine, or empty. */
  private static Optional<String> mustRunLocally(String a) {
    String why = null;
    if (a.equals("-E")) {
      why = "-E only preprocesses";
    } else if (a.startsWith("-M") && !isDependencyOption(a)) {
      why = a + " lists dependencies instead of compiling";
    } else if (a.equals("-fprofile-arcs")
        || a.equals("-ftest-coverage")
        || a.equals("--coverage")
        || a.startsWith("-fprofile-")
        || a.startsWith("-fauto-profile")
        || a.equals("-fbranch-probabilities")) {
      why = a + " reads or writes profile data on this machine";
    } else if (a.equals("-frepo")) {
      why = "-frepo writes .rpo files";
    } else if (a.equals("-dM")) {
      why = "-dM makes -E write only the macros, not a compilable text";
    } else if (a.equals("-P")) {
      why = "-P drops the line markers that name the sources in the object";
    } else if (a.equals("-fdebug-cpp")) {
      why = "-fdebug-cpp writes preprocessor internals that no compiler reads back";
    } else if (a.startsWith("-dr")) {
      why = a + " may write extra debug files";
    } else if (a.equals("-march=native") || a.equals("-mtune=native") || a.equals("-mcpu=native")) {
      why = a + " depends on this machine's processor";
    } else if (a.equals("-flto")) {
      // distccd 3.4 refuses it (a volunteer backed off for a job it will never take); an LTO
      // compile only writes the compiler's intermediate form, the real work is at the link.
      // -flto=N and -flto=auto go, as in distcc 3.4.
      why = "-flto leaves the work to the link";
    } else if (a.startsWith("-Wa,") && (a.contains(",-a") || a.contains("--MD"))) {
      why = a + " makes the assembler write extra files";
    } else if (a.startsWith("-specs=") || a.startsWith("--specs")) {
      why = a + " reads a spec file from this machine";
    } else if (a.equals("-gsplit-dwarf")) {
      why = "-gsplit-dwarf writes a .dwo file beside the object";
    } else if (a.startsWith("-save-temps")) {
      why = a + " keeps intermediate files beside the object";
    }
    return Optional.ofNullable(why);
  }

  private static boolean isDependencyOption(String a) {
    return a.equals("-MD")
        || a.equals("-MMD")
        || a.equals("-MG")
        || a.equals("-MP")
        || a.startsWith("-MF")
        || a.startsWith("-MT")
        || a.startsWith("-MQ");
  }

  /**
   * Whether {@code distcc ARGS} names no compiler: the first argument is an option or a source
   * ({@code distcc -c x.c} means {@code distcc cc -c x.c}).
   */
  public static boolean isImplicitCompiler(List<String> args) {
    return !args.isEmpty() && (args.get(0).startsWith("-") || Sources.isSource(args.get(0)));
  }
}
