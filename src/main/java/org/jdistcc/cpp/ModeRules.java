package org.jdistcc.cpp;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jdistcc.args.Preprocessing;

/**
 * Decides how a job is preprocessed, and is the only place that does. Directives-only ({@code -E
 * -fdirectives-only} here, {@code -fpreprocessed -fdirectives-only} on the volunteer) gives
 * objects equal to a one-step compile, but only when nothing in the job depends on the
 * preprocessor and the compiler being one process. Where that cannot be shown, the job is
 * preprocessed classically ({@code -E}), which is distcc 3.4's contract: the object equals a
 * two-step local compile.
 *
 * <p>Three kinds of evidence, each a table below:
 *
 * <ul>
 *   <li>options ({@link #OPTIONS}): pragmas that an option registers are consumed by the
 *       preprocessor ({@code -fopenmp}), options GCC refuses with {@code -fdirectives-only}, and
 *       dump options that change what it writes;
 *   <li>macros in the preprocessed text ({@link #MACROS}): directives-only leaves macros
 *       unexpanded, so a built-in macro whose value depends on the input's name, the clock or a
 *       file's date would be expanded on the volunteer;
 *   <li>pragmas in the sources ({@link #PRAGMAS}): the ones the preprocessor carries out itself
 *       leave no trace in its output, so every file its line markers name is read and searched.
 * </ul>
 *
 * <p>Options that make even classic preprocessing wrong ({@code -dM}, {@code -P}) keep the job
 * local; that decision is {@link org.jdistcc.args.ArgScanner}'s.
 */
public final class ModeRules {
  private ModeRules() {}

  /** An option that rules out directives-only, matched exactly or as a prefix. */
  record OptionRule(String option, boolean prefix, String reason) {
    boolean matches(String arg) {
      return prefix ? arg.startsWith(option) : arg.equals(option);
    }
  }

  /** A built-in macro that must be expanded on the client. */
  record MacroRule(String name, String reason) {}

  /** A pragma (words after {@code #pragma}) that the preprocessor consumes with an effect. */
  record PragmaRule(String words, String reason) {}

  static final List<OptionRule> OPTIONS =
      List.of(
          new OptionRule("-fopenmp", true, "omp pragmas would be consumed by the preprocessor"),
          new OptionRule("-fopenacc", true, "acc pragmas would be consumed by the preprocessor"),
          new OptionRule("-traditional", true, "GCC refuses it with -fdirectives-only"),
          new OptionRule("-dD", false, "changes what -fdirectives-only writes"),
          new OptionRule("-dN", false, "changes what -fdirectives-only writes"),
          new OptionRule("-dU", false, "changes what -fdirectives-only writes"),
          new OptionRule("-dI", false, "changes what -fdirectives-only writes"),
          new OptionRule("-fpreprocessed", false, "the input is already preprocessed"),
          new OptionRule("-fdirectives-only", false, "the user asked for directives-only output"));

  static final List<MacroRule> MACROS =
      List.of(
          new MacroRule("__BASE_FILE__", "would name the volunteer's input file"),
          new MacroRule("__TIMESTAMP__", "would be the date of a file on the volunteer"),
          new MacroRule("__DATE__", "would be the volunteer's date, not this machine's or SOURCE_DATE_EPOCH"),
          new MacroRule("__TIME__", "would be the volunteer's time, not this machine's or SOURCE_DATE_EPOCH"));

  static final List<PragmaRule> PRAGMAS =
      List.of(
          new PragmaRule("push_macro", "is carried out by the preprocessor"),
          new PragmaRule("pop_macro", "is carried out by the preprocessor"),
          new PragmaRule("GCC poison", "poisons names only for the preprocessor"),
          new PragmaRule("poison", "poisons names only for the preprocessor"),
          new PragmaRule("redefine_extname", "is carried out by the preprocessor"),
          new PragmaRule("message", "prints its note only in the preprocessor"));

  /** Reads a file named by a line marker, relative to the client's working directory. */
  @FunctionalInterface
  public interface FileReader {
    byte[] read(String name) throws IOException;
  }

  /**
   * The mode for a command from its arguments alone; a DIRECTIVES_ONLY choice still needs {@link
   * #checkDirectivesOnly} on the preprocessor's output.
   *
   * @param argv the command, compiler as the user named it first
   * @param classicRequested DISTCC_CLASSIC_CPP=1
   */
  public static ModeChoice choose(List<String> argv, boolean classicRequested) {
    if (classicRequested) {
      return new ModeChoice(Preprocessing.CLASSIC, "DISTCC_CLASSIC_CPP is set");
    }
    String name = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
    if (!Preprocessing.isGccFamily(name)) {
      return new ModeChoice(Preprocessing.CLASSIC, name + " has no directives-only mode");
    }
    boolean unusedMacros = false;
    for (int i = 1; i < argv.size(); i++) {
      String arg = argv.get(i);
      List<String> cppArgs = List.of(arg);
      if (arg.startsWith("-Wp,")) {
        cppArgs = List.of(arg.substring(4).split(","));
      } else if (arg.equals("-Xpreprocessor") && i + 1 < argv.size()) {
        cppArgs = List.of(argv.get(++i));
      }
      for (String a : cppArgs) {
        for (OptionRule rule : OPTIONS) {
          if (rule.matches(a)) {
            return new ModeChoice(Preprocessing.CLASSIC, a + ": " + rule.reason());
          }
        }
        if (a.equals("-Wunused-macros") || a.equals("-Werror=unused-macros")) {
          unusedMacros = true;
        } else if (a.equals("-Wno-unused-macros")) {
          unusedMacros = false;
        }
      }
    }
    if (unusedMacros) {
      return new ModeChoice(Preprocessing.CLASSIC, "-Wunused-macros: GCC refuses it with -fdirectives-only");
    }
    return new ModeChoice(Preprocessing.DIRECTIVES_ONLY, "no option changes what the preprocessor decides");
  }

  /**
   * Why the output of a directives-only preprocessor must not be compiled on a volunteer, or
   * empty when it may: a macro of {@link #MACROS} in the text, or a pragma of {@link #PRAGMAS} in
   * a file that its line markers name. A file that cannot be read is a reason too.
   */
  public static Optional<String> checkDirectivesOnly(byte[] text, FileReader files) {
    Optional<String> macro = macroIn(text);
    if (macro.isPresent()) {
      return macro;
    }
    for (String file : LineMarkers.files(text)) {
      byte[] source;
      try {
        source = files.read(file);
      } catch (IOException e) {
        return Optional.of("cannot read " + file + " to look for pragmas: " + e.getMessage());
      }
      Optional<PragmaRule> pragma = consumedPragma(source);
      if (pragma.isPresent()) {
        return Optional.of("#pragma " + pragma.get().words() + " in " + file + " " + pragma.get().reason());
      }
    }
    return Optional.empty();
  }

  /** The first macro of {@link #MACROS} used in {@code text}, with its reason. */
  static Optional<String> macroIn(byte[] text) {
    for (int i = 0; i + 1 < text.length; i++) {
      if (text[i] != '_' || text[i + 1] != '_' || (i > 0 && isIdentifier(text[i - 1]))) {
        continue;
      }
      for (MacroRule rule : MACROS) {
        if (wordAt(text, i, rule.name())) {
          return Optional.of(rule.name() + " " + rule.reason());
        }
      }
    }
    return Optional.empty();
  }

  /** The first pragma of {@link #PRAGMAS} in a directive of {@code source}. */
  static Optional<PragmaRule> consumedPragma(byte[] source) {
    byte[] pragma = {'p', 'r', 'a', 'g', 'm', 'a'};
    for (int i = indexOf(source, pragma, 0); i >= 0; i = indexOf(source, pragma, i + 1)) {
      if (!directiveBefore(source, i)) {
        continue;
      }
      int at = skipBlanks(source, i + pragma.length);
      if (at == i + pragma.length) {
        continue;
      }
      for (PragmaRule rule : PRAGMAS) {
        if (wordsAt(source, at, rule.words())) {
          return Optional.of(rule);
        }
      }
    }
    return Optional.empty();
  }

  /** Whether only blanks and one '#' stand between the line's start and {@code at}. */
  private static boolean directiveBefore(byte[] s, int at) {
    int i = at - 1;
    while (i >= 0 && (s[i] == ' ' || s[i] == '\t')) {
      i--;
    }
    if (i < 0 || s[i] != '#') {
      return false;
    }
    i--;
    while (i >= 0 && (s[i] == ' ' || s[i] == '\t')) {
      i--;
    }
    return i < 0 || s[i] == '\n';
  }

  /** Whether {@code words} (single spaces between them) stand at {@code at}, blanks between. */
  private static boolean wordsAt(byte[] s, int at, String words) {
    int i = at;
    for (String word : words.split(" ")) {
      i = skipBlanks(s, i);
      if (!wordAt(s, i, word)) {
        return false;
      }
      i += word.length();
    }
    return true;
  }

  private static boolean wordAt(byte[] s, int at, String word) {
    if (at + word.length() > s.length) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (s[at + k] != word.charAt(k)) {
        return false;
      }
    }
    int end = at + word.length();
    return end == s.length || !isIdentifier(s[end]);
  }

  private static int skipBlanks(byte[] s, int i) {
    while (i < s.length && (s[i] == ' ' || s[i] == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean isIdentifier(byte b) {
    return b == '_' || b == '$' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
        || b < 0;
  }

  static int indexOf(byte[] s, byte[] what, int from) {
    byte first = what[0];
    int last = s.length - what.length;
    outer:
    for (int i = from; i <= last; i++) {
      if (s[i] != first) {
        continue;
      }
      for (int k = 1; k < what.length; k++) {
        if (s[i + k] != what[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
