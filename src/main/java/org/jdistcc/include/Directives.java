package org.jdistcc.include;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
    List<Include> includes = new ArrayList<>();
    Map<String, List<String>> defines = new LinkedHashMap<>();
    for (String s : directiveLines(content)) {
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

  /**
   * Each directive of a file, after its {@code #} and without comments or surrounding blanks, in
   * order: its lines joined where a backslash ends one, block comments followed across lines, and a
   * line that opens with blanks and whole comments then a {@code #} taken as a directive. Only such
   * lines become strings; of the others (most of a header: declarations, comments) only whether
   * they leave a block comment open is worked out, on the bytes.
   */
  static List<String> directiveLines(byte[] content) {
    byte[] t = joined(content);
    List<String> out = new ArrayList<>();
    boolean inComment = false;
    int n = t.length;
    for (int from = 0; from < n; ) {
      int end = from;
      while (end < n && t[end] != '\n') {
        end++;
      }
      int i = from;
      from = end + 1;
      if (inComment) {
        int close = commentEnd(t, i, end);
        if (close < 0) {
          continue;
        }
        i = close;
        inComment = false;
      }
      while (true) {
        while (i < end && isBlank(t[i])) {
          i++;
        }
        if (i + 1 < end && t[i] == '/' && t[i + 1] == '*') {
          int close = commentEnd(t, i + 2, end);
          if (close >= 0) {
            i = close;
            continue;
          }
          inComment = true;
          i = end;
        }
        break;
      }
      if (inComment || i == end) {
        continue;
      }
      if (t[i] != '#') {
        inComment = leavesOpen(t, i, end);
        continue;
      }
      if (!hasSlash(t, i, end)) {
        // No comment can start on the line: the directive is its bytes, blanks trimmed.
        inComment = t[end - 1] == 0;
        int body = i + 1;
        int last = inComment ? end - 1 : end;
        while (body < last && isBlank(t[body])) {
          body++;
        }
        while (last > body && isBlank(t[last - 1])) {
          last--;
        }
        out.add(new String(t, body, last - body, StandardCharsets.ISO_8859_1));
        continue;
      }
      String line = stripComments(new String(t, i, end - i, StandardCharsets.ISO_8859_1));
      if (line.endsWith("\u0000")) {
        inComment = true;
        line = line.substring(0, line.length() - 1);
      }
      out.add(line.strip().substring(1).strip());
    }
    return out;
  }

  private static boolean hasSlash(byte[] t, int from, int end) {
    for (int i = from; i < end; i++) {
      if (t[i] == '/') {
        return true;
      }
    }
    return false;
  }

  /** Just past the first {@code *}{@code /} in {@code [from, end)}, or -1. */
  private static int commentEnd(byte[] t, int from, int end) {
    for (int i = from; i + 1 < end; i++) {
      if (t[i] == '*' && t[i + 1] == '/') {
        return i + 2;
      }
    }
    return -1;
  }

  /**
   * Whether {@link #stripComments} of the line {@code [from, end)} would end in a NUL: a block
   * comment left open, or (in a file with NUL bytes) a NUL as the last byte it keeps.
   */
  private static boolean leavesOpen(byte[] t, int from, int end) {
    byte last = ' ';
    int i = from;
    while (i < end) {
      byte b = t[i];
      if (b == '/' && i + 1 < end && t[i + 1] == '/') {
        break;
      }
      if (b == '/' && i + 1 < end && t[i + 1] == '*') {
        int close = commentEnd(t, i + 2, end);
        if (close < 0) {
          return true;
        }
        last = ' ';
        i = close;
        continue;
      }
      last = b;
      i++;
    }
    return last == 0;
  }

  /** What {@link String#strip} removes: {@link Character#isWhitespace} of an ISO-8859-1 byte. */
  private static boolean isBlank(byte b) {
    return b == ' ' || (b >= 9 && b <= 13) || (b >= 28 && b <= 31);
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

  /**
   * The bytes with each backslash-newline removed (CR LF ones first, then LF ones) and CR LF made
   * LF, one replacement after the other as {@link String#replace} would make them.
   */
  private static byte[] joined(byte[] content) {
    byte[] t = replaced(content, new byte[] {'\\', '\r', '\n'}, 0);
    t = replaced(t, new byte[] {'\\', '\n'}, 0);
    return replaced(t, new byte[] {'\r', '\n'}, 1);
  }

  /**
   * {@code in} with every occurrence of {@code what}, from left to right and not overlapping, cut
   * to its last {@code keep} bytes; {@code in} itself when there is none.
   */
  private static byte[] replaced(byte[] in, byte[] what, int keep) {
    byte[] out = null;
    int n = 0;
    int copied = 0;
    int m = what.length;
    for (int i = 0; i + m <= in.length; ) {
      if (in[i] == what[0] && matches(in, i, what)) {
        if (out == null) {
          out = new byte[in.length];
        }
        System.arraycopy(in, copied, out, n, i - copied);
        n += i - copied;
        for (int k = m - keep; k < m; k++) {
          out[n++] = what[k];
        }
        i += m;
        copied = i;
      } else {
        i++;
      }
    }
    if (out == null) {
      return in;
    }
    System.arraycopy(in, copied, out, n, in.length - copied);
    return Arrays.copyOf(out, n + in.length - copied);
  }

  private static boolean matches(byte[] in, int at, byte[] what) {
    for (int k = 1; k < what.length; k++) {
      if (in[at + k] != what[k]) {
        return false;
      }
    }
    return true;
  }

  /** The line without comments; a trailing NUL marks a block comment that stays open. */
  static String stripComments(String line) {
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
