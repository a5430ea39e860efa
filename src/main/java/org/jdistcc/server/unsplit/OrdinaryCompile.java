package org.jdistcc.server.unsplit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.FileBytes;
import org.jdistcc.args.ArgRewriter;
import org.jdistcc.args.Sources;

/**
 * How the volunteer compiles a directives-only job so that the object equals the client's one-step
 * compile: the text {@linkplain SourceLayout laid out} as files in the job directory (the main file
 * under the client's basename, which C++ names its static initialisers after), compiled as ordinary
 * source with {@code -nostdinc}, the command line's macros as {@code -D}/ {@code -U}, its
 * pre-included files as {@code -include}, and prefix maps that turn the job directory and the main
 * file's name back into the client's (after the user's own maps, which this applies first). Without
 * {@code -fdirectives-only} the switch is not recorded in the debug information, so nothing tells
 * the two compiles apart.
 *
 * <p>Only for GCC-family jobs carrying {@code -fpreprocessed -fdirectives-only} with a C or C++
 * input; anything else, or a text that does not lay out, is compiled as it came ({@link Plain},
 * with the reason). Files are created new, never over an existing one, under names chosen here.
 */
public final class OrdinaryCompile {
  private OrdinaryCompile() {}

  /** Longest basename accepted for the main file, in bytes. */
  static final int MAX_BASENAME = 200;

  /** What to run. */
  public sealed interface Plan permits Ordinary, Plain {}

  /** The laid-out files are written; run {@code argv} in the job directory. */
  public record Ordinary(List<String> argv) implements Plan {
    public Ordinary {
      argv = List.copyOf(argv);
    }
  }

  /** Compile the text as it came, for this reason. */
  public record Plain(String reason) implements Plan {}

  /** Whether a job's command asks for the compile this class rewrites. */
  public static boolean applies(List<String> argv) {
    return argv.contains("-fpreprocessed") && argv.contains("-fdirectives-only");
  }

  /**
   * Lays out the job's text under {@code dir} and returns the command, or why not.
   *
   * @param argv the job's command as checked, compiler name first
   * @param input the input named in {@code argv}
   * @param output the object's path to write
   * @param gccFamily whether the compiler is GCC's driver for C or C++
   */
  public static Plan prepare(
      List<String> argv, String input, Path output, byte[] text, Path dir, boolean gccFamily)
      throws IOException {
    if (!applies(argv)) {
      return new Plain("not a directives-only job");
    }
    if (!gccFamily) {
      return new Plain("not a GCC-family compiler");
    }
    if (argv.stream().anyMatch(a -> a.startsWith("-x"))) {
      return new Plain("-x given");
    }
    String language;
    String preprocessed = Sources.preprocessedExtension(input);
    if (preprocessed.equals(".ii")) {
      language = "c++";
    } else if (preprocessed.equals(".i")) {
      String driver = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
      language = driver.contains("++") ? "c++" : "c";
    } else {
      return new Plain("not C or C++");
    }
    Path root = dir.toRealPath();
    Path includes = root.resolve("i");
    SourceLayout.Parsed parsed = SourceLayout.parse(text, includes.toString());
    if (parsed instanceof SourceLayout.Unusable u) {
      return new Plain(u.reason());
    }
    SourceLayout layout = ((SourceLayout.Laid) parsed).layout();
    String name = layout.mainName();
    String base = name.substring(name.lastIndexOf('/') + 1);
    String unsafe = unsafeBasename(base);
    if (unsafe != null) {
      return new Plain("main file name " + unsafe);
    }
    if (debugInfo(argv) && layout.clientCwd().isEmpty()) {
      return new Plain("debug information without the working directory in the text");
    }
    if (root.toString().indexOf('=') >= 0) {
      return new Plain("'=' in the job directory");
    }

    Path mainDir = Files.createDirectory(root.resolve("m"));
    Path main = mainDir.resolve(base).normalize();
    if (!mainDir.equals(main.getParent())) {
      return new Plain("main file name leaves the job directory");
    }
    Files.createDirectory(includes);
    for (int n = 0; n < layout.files().size(); n++) {
      FileBytes.writeNew(includes.resolve(SourceLayout.fileName(n)), layout.files().get(n));
    }
    FileBytes.writeNew(main, layout.main());

    List<String> rest = new ArrayList<>(argv);
    rest.removeIf(a -> a.equals("-fpreprocessed") || a.equals("-fdirectives-only"));
    List<String> command =
        new ArrayList<>(
            ArgRewriter.withOutput(
                ArgRewriter.withInput(rest, input, main.toString()), output.toString()));
    List<String> front = new ArrayList<>(List.of("-nostdinc", "-x", language));
    front.addAll(layout.macros());
    for (int n : layout.preincludes()) {
      front.add("-include");
      front.add(includes.resolve(SourceLayout.fileName(n)).toString());
    }
    command.addAll(1, front);
    PrefixMaps maps = PrefixMaps.of(argv);
    if (layout.clientCwd().isPresent()) {
      command.add("-fdebug-prefix-map=" + root + "=" + maps.debugName(layout.clientCwd().get()));
    }
    command.add("-ffile-prefix-map=" + main + "=" + maps.macroName(name));
    command.add("-fdebug-prefix-map=" + main + "=" + maps.debugName(name));
    return new Ordinary(command);
  }

  /** Why a basename cannot name the main file, or null when it can. */
  static String unsafeBasename(String base) {
    if (base.isEmpty() || base.equals(".") || base.equals("..")) {
      return "is empty, . or ..";
    }
    if (base.getBytes(StandardCharsets.UTF_8).length > MAX_BASENAME) {
      return "is longer than " + MAX_BASENAME + " bytes";
    }
    for (int i = 0; i < base.length(); i++) {
      char c = base.charAt(i);
      if (c < ' ' || c == 0x7f || c == '=' || c == '\\') {
        return "has a control character, '=' or '\\'";
      }
    }
    return null;
  }

  /** Any -g that makes debug information (the last -g0 switches it off again). */
  static boolean debugInfo(List<String> argv) {
    boolean debug = false;
    for (String a : argv.subList(1, argv.size())) {
      if (a.equals("-g0") || a.equals("-ggdb0")) {
        debug = false;
      } else if (a.startsWith("-g")
          && !a.startsWith("-gno-")
          && !a.startsWith("-grecord")
          && !a.equals("-gsplit-dwarf")
          && !a.startsWith("-gz")
          && !a.equals("-gstrict-dwarf")
          && !a.startsWith("-gcolumn-info")
          && !a.equals("-gstatement-frontiers")) {
        debug = true;
      }
    }
    return debug;
  }
}
