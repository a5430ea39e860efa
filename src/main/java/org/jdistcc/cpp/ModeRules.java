package org.jdistcc.cpp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdistcc.args.Preprocessing;

/**
 * Decides how a job is preprocessed, and is the only place that does. Directives-only ({@code -E
 * -fdirectives-only} here, {@code -fpreprocessed -fdirectives-only} on the volunteer) gives objects
 * equal to a one-step compile, but only when nothing in the job depends on the preprocessor and the
 * compiler being one process. Where that cannot be shown, the job is preprocessed classically
 * ({@code -E}), which is distcc 3.4's contract: the object equals a two-step local compile.
 *
 * <p>Three kinds of evidence, each a table below:
 *
 * <ul>
 *   <li>options ({@link #OPTIONS}): pragmas that an option registers are consumed by the
 *       preprocessor ({@code -fopenmp}), options GCC refuses with {@code -fdirectives-only}, and
 *       dump options that change what it writes;
 *   <li>macros ({@link #MACROS}): directives-only leaves macros unexpanded, so a built-in macro
 *       whose value depends on the input's name, the clock or a file's date would be expanded on
 *       the volunteer;
 *   <li>pragmas ({@link #PRAGMAS}): the ones the preprocessor carries out itself leave no trace in
 *       its output.
 * </ul>
 *
 * <p>Both are looked for in every file the output's line markers name (and macros in {@code -D}
 * values), in one pass over each file.
 *
 * <p>clang has no directives-only mode; its counterpart is {@code -frewrite-includes}
 * (REWRITE_INCLUDES), chosen by the same rules, plus {@link #CLANG_OPTIONS} and {@link
 * #clangDebugInfo}, where that mode is not known to be right.
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
          new MacroRule(
              "__DATE__", "would be the volunteer's date, not this machine's or SOURCE_DATE_EPOCH"),
          new MacroRule(
              "__TIME__",
              "would be the volunteer's time, not this machine's or SOURCE_DATE_EPOCH"));

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
    boolean clang = Preprocessing.isClangFamily(name);
    if (!clang && !Preprocessing.isGccFamily(name)) {
      return new ModeChoice(Preprocessing.CLASSIC, name + " has no directives-only mode");
    }
    if (clang) {
      Optional<String> debug = clangDebugInfo(argv);
      if (debug.isPresent()) {
        return new ModeChoice(Preprocessing.CLASSIC, debug.get());
      }
    }
    boolean unusedMacros = false;
    for (int i = 1; i < argv.size(); i++) {
      String arg = argv.get(i);
      if (!clang && isMacroDebugInfo(arg)) {
        return new ModeChoice(
            Preprocessing.CLASSIC,
            arg + ": macro debug information would list the volunteer's layout of the text");
      }
      if (clang) {
        for (OptionRule rule : CLANG_OPTIONS) {
          if (rule.matches(arg)) {
            return new ModeChoice(Preprocessing.CLASSIC, arg + ": " + rule.reason());
          }
        }
      }
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
        Optional<String> macro =
            a.startsWith("-D") ? unsafeIn(a.getBytes(StandardCharsets.UTF_8)) : Optional.empty();
        if (macro.isPresent()) {
          return new ModeChoice(Preprocessing.CLASSIC, a + ": " + macro.get());
        }
        if (a.equals("-Wunused-macros") || a.equals("-Werror=unused-macros")) {
          unusedMacros = true;
        } else if (a.equals("-Wno-unused-macros")) {
          unusedMacros = false;
        }
      }
    }
    if (unusedMacros) {
      return new ModeChoice(
          Preprocessing.CLASSIC,
          clang
              ? "-Wunused-macros: the volunteer would see the definitions of inlined files"
              : "-Wunused-macros: GCC refuses it with -fdirectives-only");
    }
    return new ModeChoice(
        clang ? Preprocessing.REWRITE_INCLUDES : Preprocessing.DIRECTIVES_ONLY,
        "no option changes what the preprocessor decides");
  }

  /**
   * Why a clang command's debug information is not known to come out of the rewrite-includes mode
   * right, or empty when it is: none asked for, or a plain level ({@code -g}, {@code -g1}, {@code
   * -gline-tables-only}, …) with any DWARF version. Objects are identical with DWARF 4 and older;
   * DWARF 5 (clang 14's default) records each source file's MD5 sum in the line table, which the
   * volunteer, having only the text, cannot compute: the code is the same, and the diagnostics are
   * a one-step compile's, which classic {@code -E} would not give. Any other {@code -g} option
   * (macro information among them) goes classic.
   */
  static Optional<String> clangDebugInfo(List<String> argv) {
    for (String a : argv.subList(1, argv.size())) {
      if (!a.startsWith("-g") && !a.startsWith("-fdebug-default-version")) {
        continue;
      }
      if (!a.equals("-g0")
          && !a.equals("-ggdb0")
          && !CLANG_DEBUG_LEVELS.contains(a)
          && !isDwarfVersion(a, '2', '5')
          && !a.equals("-gcolumn-info")
          && !a.equals("-gno-column-info")) {
        return Optional.of(a + ": not known to give the same debug information from a volunteer");
      }
    }
    return Optional.empty();
  }

  /** Whether {@code a} is {@code -gdwarf-N} with N a digit from {@code low} to {@code high}. */
  public static boolean isDwarfVersion(String a, char low, char high) {
    return a.length() == 9 && a.startsWith("-gdwarf-") && a.charAt(8) >= low && a.charAt(8) <= high;
  }

  /** clang options that ask for debug information without naming a DWARF version. */
  private static final Set<String> CLANG_DEBUG_LEVELS =
      Set.of(
          "-g",
          "-g1",
          "-g2",
          "-ggdb",
          "-ggdb1",
          "-ggdb2",
          "-glldb",
          "-gline-tables-only",
          "-gline-directives-only");

  /**
   * clang options that the rewrite-includes mode does not carry to the volunteer, or that make the
   * text something other than the sources with their includes inlined.
   */
  static final List<OptionRule> CLANG_OPTIONS =
      List.of(
          new OptionRule("-frewrite-includes", false, "the user asked for rewritten includes"),
          new OptionRule(
              "-fno-rewrite-includes", false, "the user asked for no rewritten includes"),
          new OptionRule("-fmodules", true, "modules are imported, not inlined"),
          new OptionRule(
              "-fdebug-macro", false, "macro debug information would list the text's layout"),
          new OptionRule("-undef", false, "the volunteer would define the built-in macros again"),
          new OptionRule("-imacros", true, "the volunteer would not see the macros' file"),
          new OptionRule(
              "-include", false, "the object would be named after the pre-included file"),
          new OptionRule(
              "--include", true, "the object would be named after the pre-included file"),
          new OptionRule("-include-pch", false, "a precompiled header is not inlined"),
          new OptionRule("-Wp,", true, "preprocessor options are not sent to the volunteer"),
          new OptionRule(
              "-Xpreprocessor", false, "preprocessor options are not sent to the volunteer"));

  /**
   * Why the output of a directives-only preprocessor must not be compiled on a volunteer, or empty
   * when it may: a macro of {@link #MACROS} in the text, or a pragma of {@link #PRAGMAS} in a file
   * that its line markers name. A file that cannot be read is a reason too.
   */
  public static Optional<String> checkDirectivesOnly(byte[] text, FileReader files) {
    return checkFiles(text, name -> unsafeIn(files.read(name)));
  }

  /**
   * Judges one file named by a line marker: {@link #unsafeIn} of its contents, or a remembered
   * answer for the same contents.
   */
  @FunctionalInterface
  public interface FileCheck {
    Optional<String> check(String name) throws IOException;
  }

  /** {@link #checkDirectivesOnly(byte[], FileReader)} with each file judged by {@code files}. */
  public static Optional<String> checkFiles(byte[] text, FileCheck files) {
    for (String file : LineMarkers.files(text)) {
      Optional<String> found;
      try {
        found = files.check(file);
      } catch (IOException e) {
        return Optional.of("cannot read " + file + " to look for pragmas: " + e.getMessage());
      }
      if (found.isPresent()) {
        return Optional.of(found.get() + " (" + file + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * The first macro of {@link #MACROS} or directive with a pragma of {@link #PRAGMAS} in a source
   * file, with its reason. The sources are searched rather than the preprocessed text, which holds
   * the same text once more: one pass over each file finds both, at the cost of also finding them
   * in comments and skipped conditionals (then the job is merely preprocessed classically). Macros
   * defined on the command line are {@link #choose}'s.
   */
  public static Optional<String> unsafeIn(byte[] s) {
    int n = s.length;
    for (int i = 0; i < n; i++) {
      byte b = s[i];
      if (b == '#') {
        Optional<PragmaRule> pragma = pragmaAt(s, i);
        if (pragma.isPresent()) {
          return Optional.of("#pragma " + pragma.get().words() + " " + pragma.get().reason());
        }
      } else if (b == '_' && i + 1 < n && s[i + 1] == '_' && (i == 0 || !isIdentifier(s[i - 1]))) {
        for (MacroRule rule : MACROS) {
          if (wordAt(s, i, rule.name())) {
            return Optional.of(rule.name() + " " + rule.reason());
          }
        }
        i++;
      }
    }
    return Optional.empty();
  }

  /**
   * Why clang's rewrite-includes text must not be compiled on a volunteer, or empty when it may,
   * beyond {@link #checkFiles}: the client's preprocessor printed something about the source (the
   * volunteer would print it again: {@code #warning}, trigraphs; messages about the command line
   * are printed by a one-step compile too, see {@link OptionMessages}); {@code __COUNTER__} (clang
   * evaluates some directives itself, {@code #if} with {@code __has_include} among them, and the
   * volunteer's count would start behind); {@code #pragma GCC dependency} (it names a file the
   * volunteer does not have). One pass over the text.
   */
  public static Optional<String> checkRewritten(byte[] text, byte[] cppMessages) {
    if (!OptionMessages.onlyAboutOptions(cppMessages)) {
      return Optional.of("the preprocessor printed messages that the volunteer would print again");
    }
    for (int i = 0; i < text.length; i++) {
      byte b = text[i];
      if (b == '#' && atLineStart(text, i)) {
        int at = skipBlanks(text, i + 1);
        if (wordAt(text, at, "pragma") && wordsAt(text, at + 6, "GCC dependency")) {
          return Optional.of("#pragma GCC dependency names a file the volunteer does not have");
        }
      } else if (b == '_'
          && (i == 0 || !isIdentifier(text[i - 1]))
          && wordAt(text, i, "__COUNTER__")) {
        return Optional.of("__COUNTER__ would count from where clang's own preprocessor left it");
      }
    }
    return Optional.empty();
  }

  /** Whether only blanks stand between the line's start and {@code hash}: a directive's '#'. */
  private static boolean atLineStart(byte[] s, int hash) {
    int j = hash - 1;
    while (j >= 0 && (s[j] == ' ' || s[j] == '\t')) {
      j--;
    }
    return j < 0 || s[j] == '\n';
  }

  /** The pragma of {@link #PRAGMAS} in the directive whose '#' is at {@code hash}, if any. */
  private static Optional<PragmaRule> pragmaAt(byte[] s, int hash) {
    if (!atLineStart(s, hash)) {
      return Optional.empty();
    }
    int at = skipBlanks(s, hash + 1);
    if (!wordAt(s, at, "pragma")) {
      return Optional.empty();
    }
    int words = skipBlanks(s, at + 6);
    if (words == at + 6) {
      return Optional.empty();
    }
    for (PragmaRule rule : PRAGMAS) {
      if (wordsAt(s, words, rule.words())) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
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
    return b == '_'
        || b == '$'
        || (b >= '0' && b <= '9')
        || (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || b < 0;
  }

  /** {@code -g3}, {@code -ggdb3} and the like: macro information in the debug output. */
  private static boolean isMacroDebugInfo(String a) {
    return a.equals("-g3")
        || a.endsWith("3")
            && (a.startsWith("-ggdb")
                || a.startsWith("-gstabs")
                || a.startsWith("-gxcoff")
                || a.startsWith("-gvms"));
  }
}
