package org.jdistcc.cpp;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The files a preprocessor's output came from, read from its line markers ({@code # 12 "inc/x.h" 1
 * 3}). Not the files' contents, and not {@code #line} directives written by the user (GCC rewrites
 * those as markers too, so their names are included: reading a name that does not exist makes the
 * caller choose the safe mode).
 *
 * <p>GCC's directives-only output writes the entering marker of an {@code #include} where the
 * directive's {@code #} was: after the blanks of an indented one, after a comment that precedes one
 * on its line (<code>/* c *&#47; # 1 "x.h" 1</code>, also the end of a comment begun on an earlier
 * line). So a marker is read at the start of a line, after blanks, or as an entering marker that
 * ends a line after other text: a file missed here would not be looked at, one read too many at
 * worst sends the job classic.
 *
 * <p>Pseudo-files ({@code <built-in>}, {@code <command-line>}) and the working-directory marker GCC
 * writes with {@code -g} (a name ending in {@code //}) are left out.
 */
final class LineMarkers {
  private LineMarkers() {}

  /** The distinct file names, in the order they first appear, unescaped. */
  static Set<String> files(byte[] text) {
    Set<String> names = new LinkedHashSet<>();
    int i = 0;
    while (i < text.length) {
      int end = i;
      while (end < text.length && text[end] != '\n') {
        end++;
      }
      String name = markerName(text, i, end);
      if (name != null && !name.startsWith("<") && !name.endsWith("//")) {
        names.add(name);
      }
      i = end + 1;
    }
    return names;
  }

  /** The name of the line marker on the line {@code [from, end)}, or null when it has none. */
  private static String markerName(byte[] s, int from, int end) {
    int at = from;
    while (at < end && (s[at] == ' ' || s[at] == '\t')) {
      at++;
    }
    if (at < end && s[at] == '#') {
      return nameAt(s, at, end, false);
    }
    // After other text only an entering marker that ends the line counts: most lines end
    // otherwise, and are not searched for a '#' (half the bytes this reader looked at).
    if (!endsEntering(s, at, end)) {
      return null;
    }
    for (int hash = at; hash < end; hash++) {
      if (s[hash] == '#') {
        String name = nameAt(s, hash, end, true);
        if (name != null) {
          return name;
        }
      }
    }
    return null;
  }

  /**
   * The name of the marker {@code # LINE "NAME"} whose '#' is at {@code hash}, or null.
   *
   * @param entering whether the marker must enter a file and end the line (flag 1, then at most 3
   *     and 4): what GCC writes after other text on a line
   */
  private static String nameAt(byte[] s, int hash, int end, boolean entering) {
    if (hash + 2 >= end || s[hash + 1] != ' ' || !isDigit(s[hash + 2])) {
      return null;
    }
    int j = hash + 2;
    while (j < end && isDigit(s[j])) {
      j++;
    }
    if (j + 1 >= end || s[j] != ' ' || s[j + 1] != '"') {
      return null;
    }
    int open = j + 2;
    int close = open;
    boolean escaped = false;
    while (close < end && s[close] != '"') {
      escaped |= s[close] == '\\';
      close += s[close] == '\\' ? 2 : 1;
    }
    if (close >= end || entering && !enteringFlags(s, close + 1, end)) {
      return null;
    }
    return escaped
        ? unescaped(s, open, close)
        : new String(s, open, close - open, StandardCharsets.UTF_8);
  }

  /**
   * Whether {@code [from, end)} ends as an entering marker does: a closing quote, then the flags
   * {@link #enteringFlags} accepts, which are 2, 4 or 6 bytes long.
   */
  private static boolean endsEntering(byte[] s, int from, int end) {
    for (int quote = end - 3; quote >= from && quote >= end - 7; quote -= 2) {
      if (s[quote] == '"' && enteringFlags(s, quote + 1, end)) {
        return true;
      }
    }
    return false;
  }

  /** {@code " 1"}, then optionally {@code " 3"} and {@code " 4"}, to the line's end. */
  private static boolean enteringFlags(byte[] s, int at, int end) {
    if (end - at < 2 || s[at] != ' ' || s[at + 1] != '1') {
      return false;
    }
    byte last = '1';
    for (int i = at + 2; i < end; i += 2) {
      if (i + 1 >= end || s[i] != ' ' || s[i + 1] <= last || s[i + 1] < '3' || s[i + 1] > '4') {
        return false;
      }
      last = s[i + 1];
    }
    return true;
  }

  /** The C string's bytes in {@code [from, to)} with its escapes undone, as UTF-8. */
  private static String unescaped(byte[] s, int from, int to) {
    byte[] out = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      byte b = s[i];
      if (b == '\\' && i + 1 < to) {
        byte next = s[++i];
        if (next >= '0' && next <= '7') {
          int value = 0;
          int digits = 0;
          while (digits < 3 && i < to && s[i] >= '0' && s[i] <= '7') {
            value = value * 8 + (s[i] - '0');
            i++;
            digits++;
          }
          i--;
          out[n++] = (byte) value;
        } else {
          out[n++] = next;
        }
      } else {
        out[n++] = b;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
