package org.jdistcc.server.unsplit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.Utf8;

/**
 * A directives-only text ({@code gcc -E -fdirectives-only}) split back into files: the main file,
 * one file per inclusion (numbered in order of entry, each naming itself with {@code #line} and
 * marked {@code #pragma GCC system_header} where the original was a system header), the {@code
 * -D}/{@code -U} options the command-line section stands for, and the pre-included files ({@code
 * stdc-predef.h}, {@code -include}). The built-in macros are left out: the volunteer's compiler
 * defines them itself. Line numbers are restored with blank lines where the text skipped some, so
 * the compiler sees no line markers; the main file starts with a {@code #line} giving the client's
 * name.
 *
 * <p>What GCC writes: {@code # 0 "MAIN"}, the working directory {@code # 1 "CWD//"} (with {@code
 * -g}), {@code # 0 "<built-in>"} and its {@code #define}s, {@code # 0 "<command-line>"} with the
 * command line's {@code #define}/{@code #undef} and pre-included files, then {@code # 1 "MAIN"} and
 * the main file with its inclusions.
 *
 * @param mainName the client's name of the main file, as it gave it to its compiler
 * @param clientCwd the client's working directory, when the text records it
 * @param macros {@code -D} and {@code -U} options in the command line's order
 * @param preincludes numbers of the files included from the command line, in order
 * @param files the included files' text by number, each ISO-8859-1 encoded
 * @param main the main file's text
 */
public record SourceLayout(
    String mainName,
    Optional<String> clientCwd,
    List<String> macros,
    List<Integer> preincludes,
    List<byte[]> files,
    byte[] main) {

  /** More inclusions than this in one text: not laid out (googletest's largest unit has ~700). */
  static final int MAX_FILES = 20_000;

  /** GCC's own limit on the depth of nested inclusions. */
  static final int MAX_DEPTH = 200;

  /** Gaps longer than this are bridged with a {@code #line} instead of blank lines. */
  static final long MAX_PAD = 5_000;

  public SourceLayout {
    macros = List.copyOf(macros);
    preincludes = List.copyOf(preincludes);
    files = List.copyOf(files);
  }

  /** A text that parsed, or why it cannot be laid out (then the volunteer compiles it as it is). */
  public sealed interface Parsed permits Laid, Unusable {}

  /** The text as files. */
  public record Laid(SourceLayout layout) implements Parsed {}

  /** Why the text is not laid out. */
  public record Unusable(String reason) implements Parsed {}

  /** The file number {@code n}'s name inside the include directory. */
  public static String fileName(int n) {
    return n + ".h";
  }

  /** One file being rebuilt. */
  private static final class Frame {
    final StringBuilder text = new StringBuilder();
    final int number;
    String quoted;
    long line;
    boolean system;

    Frame(int number, String quoted, long line) {
      this.number = number;
      this.quoted = quoted;
      this.line = line;
    }
  }

  /**
   * Parses a directives-only text.
   *
   * @param includeDir the absolute directory name the included files will have, written into the
   *     {@code #include} lines; must not contain {@code "} or a newline
   */
  public static Parsed parse(byte[] source, String includeDir) {
    if (includeDir.indexOf('"') >= 0
        || includeDir.indexOf('\n') >= 0
        || includeDir.indexOf('\0') >= 0) {
      return new Unusable("job directory name cannot be written in an #include");
    }
    String text = new String(source, StandardCharsets.ISO_8859_1);
    List<String> lines = splitLines(text);
    if (lines.isEmpty()) {
      return new Unusable("empty text");
    }
    Optional<LineMarker> first = LineMarker.parse(lines.get(0));
    if (first.isEmpty() || first.get().line() != 0 || first.get().enter() || first.get().leave()) {
      return new Unusable("no main file marker on the first line");
    }
    String mainQuoted = first.get().quoted();
    Optional<String> mainName = first.get().name();
    if (mainName.isEmpty() || mainName.get().isEmpty()) {
      return new Unusable("main file name is empty or not UTF-8");
    }
    Map<Integer, Long> returnLines = new HashMap<>();
    String problem = matchReturns(lines, returnLines);
    if (problem != null) {
      return new Unusable(problem);
    }

    Optional<String> cwd = Optional.empty();
    int start = 1;
    if (lines.size() > 1) {
      Optional<LineMarker> second = LineMarker.parse(lines.get(1));
      if (second.isPresent()
          && second.get().line() == 1
          && !second.get().enter()
          && !second.get().leave()
          && second.get().quoted().endsWith("//\"")) {
        Optional<String> dir = second.get().name();
        if (dir.isEmpty()) {
          return new Unusable("working directory is not UTF-8");
        }
        String d = dir.get().substring(0, dir.get().length() - 2);
        cwd = Optional.of(d.isEmpty() ? "/" : d);
        start = 2;
      }
    }

    List<String> macros = new ArrayList<>();
    List<Integer> preincludes = new ArrayList<>();
    List<byte[]> files = new ArrayList<>();
    Deque<Frame> stack = new ArrayDeque<>();
    Frame main = null;
    boolean builtIn = false;
    boolean sawGnuc = false;
    Lexer lexer = new Lexer();
    int entered = 0;
    for (int index = start; index < lines.size(); index++) {
      String line = lines.get(index);
      Optional<LineMarker> parsed = lexer.insideToken() ? Optional.empty() : LineMarker.parse(line);
      if (parsed.isEmpty() && lexer.insideToken() && LineMarker.parse(line).isPresent()) {
        return new Unusable("a line marker inside a comment or string, line " + (index + 1));
      }
      Frame top = stack.peek();
      if (parsed.isEmpty()) {
        if (top != null) {
          top.text.append(line).append('\n');
          top.line++;
          lexer.line(line);
        } else if (line.isBlank()) {
          continue;
        } else if (builtIn && line.startsWith("#define ")) {
          sawGnuc |= line.startsWith("#define __GNUC__ ");
        } else if (!builtIn && (line.startsWith("#define ") || line.startsWith("#undef "))) {
          Optional<String> option =
              utf8(
                  line.startsWith("#define ")
                      ? defineOption(line.substring(8))
                      : "-U" + line.substring(7).strip());
          if (option.isEmpty()) {
            return new Unusable("a command-line macro that is not UTF-8, line " + (index + 1));
          }
          macros.add(option.get());
        } else {
          return new Unusable("unexpected text before the main file, line " + (index + 1));
        }
        continue;
      }
      LineMarker m = parsed.get();
      // GCC writes a marker only between tokens, so whatever the scan thought before, the
      // line after it starts outside any comment or literal.
      lexer = new Lexer();
      if (m.enter()) {
        if (++entered > MAX_FILES) {
          return new Unusable("more than " + MAX_FILES + " included files");
        }
        if (stack.size() >= MAX_DEPTH) {
          return new Unusable("inclusions nested deeper than " + MAX_DEPTH);
        }
        int number = files.size();
        files.add(null);
        if (top == null) {
          preincludes.add(number);
        } else {
          Long back = returnLines.get(index);
          if (back != null) {
            padTo(top, back - 1);
          }
          top.text
              .append("#include \"")
              .append(includeDir)
              .append('/')
              .append(fileName(number))
              .append("\"\n");
          top.line++;
        }
        Frame f = new Frame(number, m.quoted(), m.line());
        if (m.system()) {
          f.text.append("#pragma GCC system_header\n");
          f.system = true;
        }
        f.text.append("#line ").append(m.line()).append(' ').append(m.quoted()).append('\n');
        stack.push(f);
        lexer = new Lexer();
      } else if (m.leave()) {
        if (top == null || top == main) {
          return new Unusable("a return marker without an included file, line " + (index + 1));
        }
        stack.pop();
        files.set(top.number, top.text.toString().getBytes(StandardCharsets.ISO_8859_1));
        Frame parent = stack.peek();
        if (parent != null) {
          moveTo(parent, m);
        }
        lexer = new Lexer();
      } else if (top == null && main == null && m.quoted().equals(mainQuoted) && m.line() > 0) {
        main = new Frame(-1, mainQuoted, 1);
        // The client's own name on the line table too: with only a prefix map for it, DWARF 4
        // lists the main file twice (measured).
        main.text.append("#line 1 ").append(mainQuoted).append('\n');
        stack.push(main);
        padTo(main, m.line());
      } else if (top == null) {
        builtIn = m.quoted().equals("\"<built-in>\"");
        if (!builtIn && !m.quoted().equals("\"<command-line>\"")) {
          return new Unusable("unexpected marker " + m.quoted() + " before the main file");
        }
      } else {
        moveTo(top, m);
      }
    }
    if (main == null) {
      return new Unusable("no main file in the text");
    }
    if (!sawGnuc) {
      return new Unusable("no built-in __GNUC__ (-undef or not GCC)");
    }
    while (stack.peek() != main) {
      Frame f = stack.pop();
      files.set(f.number, f.text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
    return new Laid(
        new SourceLayout(
            mainName.get(),
            cwd,
            macros,
            preincludes,
            files,
            main.text.toString().getBytes(StandardCharsets.ISO_8859_1)));
  }

  /** For each entering marker's line index, the line its return marker gives back to. */
  private static String matchReturns(List<String> lines, Map<Integer, Long> returns) {
    Deque<Integer> open = new ArrayDeque<>();
    Lexer lexer = new Lexer();
    for (int i = 1; i < lines.size(); i++) {
      Optional<LineMarker> m =
          lexer.insideToken() ? Optional.empty() : LineMarker.parse(lines.get(i));
      if (m.isEmpty()) {
        lexer.line(lines.get(i));
        continue;
      }
      lexer = new Lexer();
      if (m.get().enter()) {
        open.push(i);
        lexer = new Lexer();
      } else if (m.get().leave()) {
        if (open.isEmpty()) {
          return "a return marker without an included file, line " + (i + 1);
        }
        returns.put(open.pop(), m.get().line());
        lexer = new Lexer();
      }
    }
    return null;
  }

  /** Continues {@code f} at the marker's line and name. */
  private static void moveTo(Frame f, LineMarker m) {
    if (m.system() && !f.system && f.number >= 0) {
      f.text.append("#pragma GCC system_header\n");
      f.system = true;
      f.line = -1; // the pragma's own line: the #line below restores numbering
    }
    if (!m.quoted().equals(f.quoted) || f.line < 0) {
      f.text.append("#line ").append(m.line()).append(' ').append(m.quoted()).append('\n');
      f.quoted = m.quoted();
      f.line = m.line();
    } else {
      padTo(f, m.line());
    }
  }

  private static void padTo(Frame f, long line) {
    if (line == f.line) {
      return;
    }
    if (line > f.line && line - f.line <= MAX_PAD) {
      f.text.append("\n".repeat((int) (line - f.line)));
    } else {
      f.text.append("#line ").append(line).append('\n');
    }
    f.line = line;
  }

  /** {@code NAME(ARGS) BODY} → {@code -DNAME(ARGS)=BODY}: GCC reads it back as the same macro. */
  private static String defineOption(String definition) {
    int i = 0;
    while (i < definition.length() && definition.charAt(i) != ' ' && definition.charAt(i) != '(') {
      i++;
    }
    if (i < definition.length() && definition.charAt(i) == '(') {
      i = definition.indexOf(')', i) + 1;
      if (i == 0) {
        i = definition.length();
      }
    }
    String name = definition.substring(0, i);
    String body = i < definition.length() ? definition.substring(i + 1) : "";
    return "-D" + name + "=" + body;
  }

  /** ISO-8859-1 characters read back as the UTF-8 they encode, or empty when they do not. */
  private static Optional<String> utf8(String latin1) {
    return Utf8.decode(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static List<String> splitLines(String text) {
    List<String> lines = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      int nl = text.indexOf('\n', from);
      if (nl < 0) {
        lines.add(text.substring(from));
        break;
      }
      lines.add(text.substring(from, nl));
      from = nl + 1;
    }
    return lines;
  }
}
