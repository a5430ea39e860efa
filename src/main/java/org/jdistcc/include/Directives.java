package org.jdistcc.include;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What include analysis needs from one file: its {@code #include}-like directives and the bodies of
 * its object-like {@code #define}s, read from the bytes without evaluating any {@code #if}: every
 * directive counts, which is what makes the closure conservative.
 *
 * @param includes the includes in the order they appear
 * @param defines for each macro name, every body it is given in this file
 */
public record Directives(List<Include> includes, Map<String, List<String>> defines) {
  public Directives {
    includes = List.copyOf(includes);
    defines = Map.copyOf(defines);
  }

  /** How an include names its file. */
  public enum Form {
    /** {@code "x.h"}: the includer's directory first. */
    QUOTED,
    /** {@code <x.h>}. */
    ANGLED,
    /** A macro that expands to one of the two ({@code #include CONFIG_H}). */
    COMPUTED
  }

  /**
   * One include.
   *
   * @param form how the file is named
   * @param name the name between the quotes or brackets, or the macro's name
   * @param next {@code #include_next}: the search resumes after the includer's directory
   */
  public record Include(Form form, String name, boolean next) {}

  /** Scans a file's bytes (ISO-8859-1: bytes in, bytes out). Never throws on odd input. */
  public static Directives scan(byte[] content) {
    String text =
        joinContinuations(new String(content, java.nio.charset.StandardCharsets.ISO_8859_1));
    List<Include> includes = new ArrayList<>();
    Map<String, List<String>> defines = new LinkedHashMap<>();
    boolean inComment = false;
    for (String raw : text.split("\n")) {
      String line = raw;
      if (inComment) {
        int end = line.indexOf("*/");
        if (end < 0) {
          continue;
        }
        line = line.substring(end + 2);
        inComment = false;
      }
      line = stripComments(line);
      if (line.endsWith("\u0000")) {
        inComment = true;
        line = line.substring(0, line.length() - 1);
      }
      String s = line.strip();
      if (!s.startsWith("#")) {
        continue;
      }
      s = s.substring(1).strip();
      if (s.startsWith("include_next")) {
        include(s.substring("include_next".length()), true, includes);
      } else if (s.startsWith("include") || s.startsWith("import")) {
        include(s.substring(s.startsWith("import") ? 6 : 7), false, includes);
      } else if (s.startsWith("define")) {
        define(s.substring(6), defines);
      } else if (s.startsWith("if") || s.startsWith("elif")) {
        hasInclude(s, includes);
      }
    }
    return new Directives(includes, defines);
  }

  private static void include(String rest, boolean next, List<Include> out) {
    if (rest.isEmpty()
        || !(Character.isWhitespace(rest.charAt(0))
            || rest.charAt(0) == '"'
            || rest.charAt(0) == '<')) {
      return;
    }
    String r = rest.strip();
    Include inc = named(r, next);
    if (inc != null) {
      out.add(inc);
    }
  }

  /** {@code "x"}, {@code <x>} or a macro name at the start of {@code r}, else null. */
  static Include named(String r, boolean next) {
    if (r.startsWith("\"")) {
      int end = r.indexOf('"', 1);
      return end > 1 ? new Include(Form.QUOTED, r.substring(1, end), next) : null;
    }
    if (r.startsWith("<")) {
      int end = r.indexOf('>', 1);
      return end > 1 ? new Include(Form.ANGLED, r.substring(1, end), next) : null;
    }
    int n = identifierLength(r);
    return n > 0 ? new Include(Form.COMPUTED, r.substring(0, n), next) : null;
  }

  private static void define(String rest, Map<String, List<String>> out) {
    if (rest.isEmpty() || !Character.isWhitespace(rest.charAt(0))) {
      return;
    }
    String r = rest.strip();
    int n = identifierLength(r);
    if (n == 0 || (n < r.length() && r.charAt(n) == '(')) {
      return; // function-like macros do not name headers here
    }
    out.computeIfAbsent(r.substring(0, n), k -> new ArrayList<>()).add(r.substring(n).strip());
  }

  private static void hasInclude(String s, List<Include> out) {
    for (String marker : List.of("__has_include_next", "__has_include")) {
      int at = 0;
      while ((at = s.indexOf(marker, at)) >= 0) {
        at += marker.length();
        if (marker.equals("__has_include") && s.startsWith("_next", at)) {
          continue;
        }
        int open = s.indexOf('(', at);
        if (open < 0) {
          break;
        }
        Include inc = named(s.substring(open + 1).strip(), marker.endsWith("_next"));
        if (inc != null) {
          out.add(inc);
        }
      }
    }
  }

  private static int identifierLength(String s) {
    int i = 0;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    return i > 0 && Character.isDigit(s.charAt(0)) ? 0 : i;
  }

  private static String joinContinuations(String text) {
    return text.replace("\\\r\n", "").replace("\\\n", "").replace("\r\n", "\n");
  }

  /** The line without comments; a trailing NUL marks a block comment that stays open. */
  private static String stripComments(String line) {
    StringBuilder out = new StringBuilder(line.length());
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
        break;
      }
      if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '*') {
        int end = line.indexOf("*/", i + 2);
        if (end < 0) {
          out.append('\u0000');
          return out.toString();
        }
        out.append(' ');
        i = end + 2;
        continue;
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }
}
