package org.jdistcc.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.args.Sources;
import org.jdistcc.cpp.ModeRules;

/**
 * Whether one job goes to its volunteer in pump mode (protocol 3: sources and headers sent, the
 * volunteer preprocesses) or in plain mode (preprocessed here, protocol 1 or 2), and why. Pure:
 * every fact is a parameter, so the rules are one table ({@code PumpDecisionTest}).
 *
 * <p>The rules, distcc 3.4's first: pump needs a pump session ({@code pump}) and a host with {@code
 * ,cpp}; no pump for preprocessed input, with CPATH, C_INCLUDE_PATH or CPLUS_INCLUDE_PATH set
 * (hidden include directories), or once the session counted DISTCC_MAX_DISCREPANCY discrepancies.
 * Added here: only C, C++ and Objective-C sources; not with DEPENDENCIES_OUTPUT or
 * SUNPRO_DEPENDENCIES set (a dependency file the volunteer would not return); not for gcc with
 * {@code -gdwarf-2..4} and an absolute source (its line table names the source twice when the
 * volunteer remaps the path, so the object would differ); not when the host's system headers were
 * found to differ from ours; and not with options whose effect on the search the include analysis
 * does not model ({@code --sysroot}, {@code -isysroot}, {@code -iprefix} and friends, {@code -Wp,},
 * {@code -Xpreprocessor}, {@code -I-}, {@code -fdirectives-only}, a response file).
 */
final class PumpDecision {
  private PumpDecision() {}

  /** The decision: pump, or plain with the reason for DISTCC_VERBOSE and the trace. */
  record Choice(boolean pump, String reason) {}

  /**
   * @param inSession whether a pump session is on (DISTCC_PUMP or distcc-pump's variables)
   * @param hostHasCpp whether the host was given with {@code ,cpp}
   * @param argv the scanned command, compiler first
   * @param input the source as named in argv
   * @param environment the job's environment
   * @param discrepancies the session's discrepancies so far
   * @param maxDiscrepancies DISTCC_MAX_DISCREPANCY
   * @param headerMismatch why the host's system headers differ from ours, if they were found to
   */
  static Choice decide(
      boolean inSession,
      boolean hostHasCpp,
      List<String> argv,
      String input,
      Map<String, String> environment,
      int discrepancies,
      int maxDiscrepancies,
      Optional<String> headerMismatch) {
    if (!hostHasCpp) {
      return plain("the host has no ,cpp");
    }
    if (!inSession) {
      return plain("pump mode is off (run the build under pump)");
    }
    if (Sources.isPreprocessed(input)) {
      return plain("the input is already preprocessed");
    }
    if (language(argv, input).isEmpty()) {
      return plain("pump mode sends only C, C++ and Objective-C sources");
    }
    for (String name :
        List.of(
            "CPATH",
            "C_INCLUDE_PATH",
            "CPLUS_INCLUDE_PATH",
            "DEPENDENCIES_OUTPUT",
            "SUNPRO_DEPENDENCIES")) {
      if (environment.containsKey(name)) {
        return plain(name + " is set");
      }
    }
    if (discrepancies >= maxDiscrepancies) {
      return plain(
          discrepancies
              + " discrepancies in this pump session (DISTCC_MAX_DISCREPANCY "
              + maxDiscrepancies
              + ")");
    }
    if (headerMismatch.isPresent()) {
      return plain("the host's system headers differ: " + headerMismatch.get());
    }
    boolean clang = argv.get(0).contains("clang");
    for (String a : argv.subList(1, argv.size())) {
      if (!clang && input.startsWith("/") && ModeRules.isDwarfVersion(a, '2', '4')) {
        // gcc 12 then writes the remapped source twice into the line table: measured.
        return plain(a + " with an absolute source is not identical in pump mode");
      }
      String unmodelled = unmodelled(a);
      if (unmodelled != null) {
        return plain(unmodelled + " is not modelled by the include analysis");
      }
    }
    return new Choice(true, "pump");
  }

  /**
   * The language the preprocessor reads the source as, for the compiler's default search path:
   * {@code -x LANG} when given, else the source's extension; empty for anything but C, C++ and
   * Objective-C.
   */
  static Optional<String> language(List<String> argv, String input) {
    String given = null;
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals(input)) {
        break;
      }
      if (a.equals("-x") && i + 1 < argv.size()) {
        given = argv.get(++i);
      } else if (a.startsWith("-x") && a.length() > 2) {
        given = a.substring(2);
      }
    }
    if (given != null) {
      return switch (given) {
        case "c", "c++", "objective-c", "objective-c++" -> Optional.of(given);
        default -> Optional.empty();
      };
    }
    Optional<String> ext = Sources.extension(input);
    if (ext.isEmpty()) {
      return Optional.empty();
    }
    return switch (ext.get()) {
      case "c" -> Optional.of("c");
      case "cc", "cpp", "cxx", "cp", "c++", "C" -> Optional.of("c++");
      case "m" -> Optional.of("objective-c");
      case "mm", "M" -> Optional.of("objective-c++");
      default -> Optional.empty();
    };
  }

  private static String unmodelled(String a) {
    for (String prefix :
        List.of(
            "--sysroot",
            "-isysroot",
            "-iprefix",
            "-iwithprefix",
            "-Wp,",
            "-Xpreprocessor",
            "-fdirectives-only")) {
      if (a.startsWith(prefix)) {
        return prefix;
      }
    }
    if (a.equals("-I-")) {
      return a;
    }
    if (a.startsWith("@")) {
      return "a response file";
    }
    return null;
  }

  private static Choice plain(String reason) {
    return new Choice(false, reason);
  }
}
