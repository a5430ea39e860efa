package org.jdistcc.args;

import java.util.ArrayList;
import java.util.List;

/**
 * The volunteer's command for a pump-mode job, whose sources and headers were unpacked under a
 * private root that stands for the client's {@code /}. Pure: no file is looked at.
 *
 * <p>As distccd 3.4 does, absolute paths given to {@code -I -include -imacros -idirafter -iprefix
 * -iwithprefix -iwithprefixbefore -isystem -iquote}, an absolute source and the old half of {@code
 * -f*-prefix-map=OLD=NEW} get the root in front, and a dependency file is always made ({@code -MMD}
 * unless {@code -MD} or {@code -MMD} is given) at a name the volunteer chooses. Unlike distccd 3.4:
 *
 * <ul>
 *   <li>{@code -MT}/{@code -MQ} stay as given (gcc then uses exactly them, as locally); without
 *       them {@code -MQ} names the target gcc would have chosen locally, so the .d needs no target
 *       rewriting;
 *   <li>{@code -ffile-prefix-map=ROOT=} comes first, so the debug info, {@code __FILE__} and the
 *       working directory record the client's paths and the object equals a local compile's without
 *       patching bytes; gcc leaves prefix maps out of the recorded switches, and a user's own maps,
 *       given later, take precedence.
 * </ul>
 */
public final class PumpArgs {
  private PumpArgs() {}

  static final List<String> INCLUDE_OPTIONS =
      List.of(
          "-I",
          "-include",
          "-imacros",
          "-idirafter",
          "-iprefix",
          "-iwithprefixbefore",
          "-iwithprefix",
          "-isystem",
          "-iquote");

  private static final List<String> PREFIX_MAPS =
      List.of(
          "-ffile-prefix-map=",
          "-fmacro-prefix-map=",
          "-fdebug-prefix-map=",
          "-fprofile-prefix-map=");

  /**
   * The user's command without the options that name the dependency file ({@code -MF FILE}, {@code
   * -MFFILE}): the volunteer chooses that name. This is also what the argument rules judge.
   */
  public static List<String> withoutDependencyFile(List<String> argv) {
    List<String> out = new ArrayList<>(argv.size());
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      if (i > 0 && a.equals("-MF")) {
        i++;
      } else if (i == 0 || !a.startsWith("-MF")) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * @param job the scanned user's command (with an explicit {@code -o})
   * @param argvHadOutput whether the user gave {@code -o} (else gcc's default target differs)
   * @param root the private directory that stands for the client's {@code /}, without a trailing
   *     slash
   * @param dependencies where the compiler writes the dependency file
   * @param object where the compiler writes the object
   */
  public static List<String> forVolunteer(
      ScanResult.Distribute job,
      boolean argvHadOutput,
      String root,
      String dependencies,
      String object) {
    List<String> argv = ArgRewriter.withOutput(withoutDependencyFile(job.argv()), object);
    boolean hasTarget = false;
    boolean makesDeps = false;
    List<String> out = new ArrayList<>(argv.size() + 8);
    out.add(argv.get(0));
    out.add("-ffile-prefix-map=" + root + "=");
    boolean inputDone = false;
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("-o") || a.equals("-MT") || a.equals("-MQ")) {
        hasTarget |= !a.equals("-o");
        out.add(a);
        if (i + 1 < argv.size()) {
          out.add(argv.get(++i));
        }
        continue;
      }
      if (a.startsWith("-MT") || a.startsWith("-MQ")) {
        hasTarget = true;
      }
      if (a.equals("-MD") || a.equals("-MMD")) {
        makesDeps = true;
      }
      String include = includeOption(a);
      if (include != null) {
        if (a.equals(include)) {
          out.add(a);
          if (i + 1 < argv.size()) {
            out.add(rooted(argv.get(++i), root));
          }
        } else {
          out.add(include + rooted(a.substring(include.length()), root));
        }
        continue;
      }
      String map = prefixMap(a);
      if (map != null) {
        out.add(map + rooted(a.substring(map.length()), root));
        continue;
      }
      if (!inputDone && a.equals(job.input()) && !a.startsWith("-")) {
        out.add(rooted(a, root));
        inputDone = true;
        continue;
      }
      out.add(a);
    }
    if (!makesDeps) {
      out.add("-MMD");
    }
    out.add("-MF");
    out.add(dependencies);
    if (!hasTarget) {
      out.add("-MQ");
      out.add(argvHadOutput ? job.output() : localObjectName(job.input()));
    }
    return out;
  }

  /**
   * The dependency file as the client must receive it: the root taken out of every path, and the
   * lines wrapped again as the compiler wraps them (gcc at column 72, clang at 75), since the
   * shorter names change where the breaks fall.
   */
  public static String clientDependencies(String dotd, String root, boolean clang) {
    String stripped = dotd.replace(root + "/", "/");
    if (stripped.equals(dotd)) {
      return dotd;
    }
    return rewrapped(stripped, clang);
  }

  /**
   * A dependency file with its lines wrapped as the compiler wraps them (gcc at column 72, clang at
   * 75). The client applies it to what distccd 3.4 sends: that server takes its directory out of
   * the names but leaves the breaks where the longer names put them.
   */
  public static String rewrapped(String stripped, boolean clang) {
    String[] lines = stripped.replaceAll(" \\\\\n +", " ").split("\n", -1);
    StringBuilder out = new StringBuilder(stripped.length());
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        out.append('\n');
      }
      String line = lines[i];
      int colon = ruleColon(line);
      if (colon < 0) {
        out.append(line);
        continue;
      }
      List<String> targets = names(line.substring(0, colon));
      List<String> deps = names(line.substring(colon + 1));
      if (clang) {
        writeClang(out, targets, deps);
      } else {
        writeGcc(out, deps, writeGcc(out, targets, 0) + 1, ':');
      }
    }
    return out.toString();
  }

  /** gcc's mkdeps: break before a name that would pass column 72; returns the column reached. */
  private static int writeGcc(StringBuilder out, List<String> names, int col, char before) {
    out.append(before);
    return writeGcc(out, names, col);
  }

  private static int writeGcc(StringBuilder out, List<String> names, int col) {
    for (String name : names) {
      if (col > 0) {
        if (col + name.length() > 72) {
          out.append(" \\\n");
          col = 0;
        }
        col++;
        out.append(' ');
      }
      out.append(name);
      col += name.length();
    }
    return col;
  }

  /** clang's DependencyFileGenerator, 75 columns. */
  private static void writeClang(StringBuilder out, List<String> targets, List<String> deps) {
    int col = 0;
    for (String t : targets) {
      if (col == 0) {
        col = t.length();
      } else if (col + t.length() + 2 > 75) {
        out.append(" \\\n  ");
        col = t.length() + 2;
      } else {
        out.append(' ');
        col += t.length() + 1;
      }
      out.append(t);
    }
    out.append(':');
    col++;
    for (String d : deps) {
      if (col + d.length() + 1 + 2 > 75) {
        out.append(" \\\n ");
        col = 2;
      }
      out.append(' ').append(d);
      col += d.length() + 1;
    }
  }

  /** Where a rule's colon is: the first ':' followed by a space or the end of the line. */
  private static int ruleColon(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == ':' && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
        return i;
      }
    }
    return -1;
  }

  /** The names of a rule's half, split at spaces that are not escaped with a backslash. */
  private static List<String> names(String text) {
    List<String> names = new ArrayList<>();
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' && (i == 0 || text.charAt(i - 1) != '\\')) {
        if (name.length() > 0) {
          names.add(name.toString());
          name.setLength(0);
        }
      } else {
        name.append(c);
      }
    }
    if (name.length() > 0) {
      names.add(name.toString());
    }
    return names;
  }

  private static String includeOption(String a) {
    for (String option : INCLUDE_OPTIONS) {
      if (a.startsWith(option)) {
        // -iwithprefixbefore is tried before -iwithprefix, so the longer name wins.
        return option;
      }
    }
    return null;
  }

  private static String prefixMap(String a) {
    for (String option : PREFIX_MAPS) {
      if (a.startsWith(option)) {
        return option;
      }
    }
    return null;
  }

  private static String rooted(String path, String root) {
    return path.startsWith("/") ? root + path : path;
  }

  /** gcc's default target without -o: the source's base name with {@code .o}, even for -S. */
  private static String localObjectName(String input) {
    String base = input.substring(input.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    return (dot > 0 ? base.substring(0, dot) : base) + ".o";
  }
}
