package org.jdistcc.cpp;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The files a preprocessor's output came from, read from its line markers ({@code # 12 "inc/x.h" 1
 * 3}). Not the files' contents, and not {@code #line} directives written by the user (GCC rewrites
 * those as markers too, so their names are included: reading a name that does not exist makes the
 * caller choose the safe mode).
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
      if (text[i] == '#' && i + 2 < text.length && text[i + 1] == ' ' && isDigit(text[i + 2])) {
        int j = i + 2;
        while (j < text.length && isDigit(text[j])) {
          j++;
        }
        if (j + 1 < text.length && text[j] == ' ' && text[j + 1] == '"') {
          String name = quoted(text, j + 2);
          if (name != null && !name.startsWith("<") && !name.endsWith("//")) {
            names.add(name);
          }
        }
      }
      while (i < text.length && text[i] != '\n') {
        i++;
      }
      i++;
    }
    return names;
  }

  /** The C string starting at {@code at} (after its opening quote), or null if unterminated. */
  private static String quoted(byte[] s, int at) {
    // Names rarely hold escapes: such a name is one copy, with no byte-by-byte buffer.
    for (int i = at; i < s.length && s[i] != '\n'; i++) {
      if (s[i] == '"') {
        return new String(s, at, i - at, java.nio.charset.StandardCharsets.UTF_8);
      }
      if (s[i] == '\\') {
        return unescaped(s, at);
      }
    }
    return null;
  }

  private static String unescaped(byte[] s, int at) {
    int end = at;
    while (end < s.length && s[end] != '\n') {
      end++;
    }
    byte[] out = new byte[end - at];
    int n = 0;
    for (int i = at; i < end; i++) {
      byte b = s[i];
      if (b == '"') {
        return new String(out, 0, n, java.nio.charset.StandardCharsets.UTF_8);
      }
      if (b == '\\' && i + 1 < end) {
        byte next = s[++i];
        if (next >= '0' && next <= '7') {
          int value = 0;
          int digits = 0;
          while (digits < 3 && i < end && s[i] >= '0' && s[i] <= '7') {
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
    return null;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
