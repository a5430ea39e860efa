package org.jdistcc.include;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a compile command that decide where the preprocessor looks: {@code -iquote}, {@code
 * -I}, {@code -isystem}, {@code -idirafter}, {@code -include} and {@code -imacros} (joined or
 * separate), {@code -nostdinc}, {@code --sysroot}, and the object-like {@code -D} macros, which a
 * computed include may name. Pure: paths are as written.
 *
 * @param quoted {@code -iquote} directories, for {@code "..."} only
 * @param bracketed {@code -I} directories
 * @param system {@code -isystem} directories
 * @param after {@code -idirafter} directories
 * @param forced files of {@code -include} and {@code -imacros}, in order
 * @param noStdInc {@code -nostdinc}: no default directories
 * @param sysroot the {@code --sysroot}, if given (the default path must be probed with it)
 * @param defines each object-like {@code -D} macro with every body the command gives it ({@code 1}
 *     for a bare {@code -DNAME}); {@code -U} is not applied, which keeps the analysis conservative
 */
public record SearchOptions(
    List<String> quoted,
    List<String> bracketed,
    List<String> system,
    List<String> after,
    List<String> forced,
    boolean noStdInc,
    Optional<String> sysroot,
    Map<String, List<String>> defines) {
  public SearchOptions {
    quoted = List.copyOf(quoted);
    bracketed = List.copyOf(bracketed);
    system = List.copyOf(system);
    after = List.copyOf(after);
    forced = List.copyOf(forced);
    defines = Map.copyOf(defines);
  }

  /** Reads the options from a compiler command, compiler first. */
  public static SearchOptions parse(List<String> argv) {
    List<String> quoted = new ArrayList<>();
    List<String> bracketed = new ArrayList<>();
    List<String> system = new ArrayList<>();
    List<String> after = new ArrayList<>();
    List<String> forced = new ArrayList<>();
    boolean noStdInc = false;
    Optional<String> sysroot = Optional.empty();
    Map<String, List<String>> defines = new LinkedHashMap<>();
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      String next = i + 1 < argv.size() ? argv.get(i + 1) : null;
      List<String> target = null;
      String option = null;
      for (String[] o :
          new String[][] {
            {"-iquote", "q"},
            {"-isystem", "s"},
            {"-idirafter", "a"},
            {"-include", "f"},
            {"-imacros", "f"},
            {"-I", "b"}
          }) {
        if (a.startsWith(o[0])) {
          option = o[0];
          target =
              switch (o[1]) {
                case "q" -> quoted;
                case "s" -> system;
                case "a" -> after;
                case "f" -> forced;
                default -> bracketed;
              };
          break;
        }
      }
      if (target != null) {
        if (a.equals(option)) {
          if (next != null) {
            target.add(next);
            i++;
          }
        } else {
          target.add(a.substring(option.length()));
        }
      } else if (a.equals("-nostdinc") || a.equals("-nostdinc++")) {
        noStdInc = true;
      } else if (a.startsWith("--sysroot=")) {
        sysroot = Optional.of(a.substring("--sysroot=".length()));
      } else if (a.equals("--sysroot") && next != null) {
        sysroot = Optional.of(next);
        i++;
      } else if (a.equals("-D") && next != null) {
        define(next, defines);
        i++;
      } else if (a.startsWith("-D")) {
        define(a.substring(2), defines);
      }
    }
    return new SearchOptions(quoted, bracketed, system, after, forced, noStdInc, sysroot, defines);
  }

  /**
   * {@code NAME=BODY} or {@code NAME} (body 1), as gcc reads -D; function-like ones are skipped.
   */
  private static void define(String text, Map<String, List<String>> out) {
    int eq = text.indexOf('=');
    String name = eq < 0 ? text : text.substring(0, eq);
    if (name.isEmpty() || name.indexOf('(') >= 0) {
      return;
    }
    List<String> bodies = out.get(name);
    if (bodies == null) {
      bodies = new ArrayList<>();
      out.put(name, bodies);
    }
    bodies.add(eq < 0 ? "1" : text.substring(eq + 1));
  }
}
