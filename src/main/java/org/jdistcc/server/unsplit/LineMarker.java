package org.jdistcc.server.unsplit;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import org.jdistcc.Utf8;

/**
 * One line marker of GCC's preprocessed output, {@code # LINE "NAME" FLAGS}: flag 1 enters an
 * included file, 2 returns to the includer, 3 marks a system header, 4 one wrapped in {@code extern
 * "C"}. The name stays as written (C escapes and all) in {@link #quoted}, so it can be written back
 * into a {@code #line} directive unchanged.
 *
 * <p>A marker may be indented: with {@code -fdirectives-only} GCC copies the blanks before an
 * indented {@code #include} and writes the entering marker after them (libstdc++'s {@code
 * bits/locale_facets_nonio.h} has one, reached from {@code <locale>}).
 *
 * <p>Text is handled as ISO-8859-1 characters, one per byte, so no encoding is lost.
 */
record LineMarker(long line, String quoted, boolean enter, boolean leave, boolean system) {
  /** Larger line numbers are refused: GCC's own limit is far below. */
  static final long MAX_LINE = 1L << 31;

  /** The marker on this line, blanks before it allowed, or empty when the line is not one. */
  static Optional<LineMarker> parse(String text) {
    int hash = 0;
    while (hash < text.length() && (text.charAt(hash) == ' ' || text.charAt(hash) == '\t')) {
      hash++;
    }
    if (text.length() - hash < 6 || text.charAt(hash) != '#' || text.charAt(hash + 1) != ' ') {
      return Optional.empty();
    }
    int digits = hash + 2;
    int i = digits;
    long line = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
      line = line * 10 + (text.charAt(i) - '0');
      if (line > MAX_LINE) {
        return Optional.empty();
      }
      i++;
    }
    if (i == digits
        || i + 1 >= text.length()
        || text.charAt(i) != ' '
        || text.charAt(i + 1) != '"') {
      return Optional.empty();
    }
    int start = i + 1;
    i += 2;
    while (i < text.length() && text.charAt(i) != '"') {
      i += text.charAt(i) == '\\' ? 2 : 1;
    }
    if (i >= text.length()) {
      return Optional.empty();
    }
    String quoted = text.substring(start, i + 1);
    i++;
    boolean enter = false;
    boolean leave = false;
    boolean system = false;
    String rest = text.endsWith("\r") ? text.substring(i, text.length() - 1) : text.substring(i);
    for (int j = 0; j < rest.length(); j += 2) {
      if (j + 1 >= rest.length() || rest.charAt(j) != ' ') {
        return Optional.empty();
      }
      switch (rest.charAt(j + 1)) {
        case '1' -> enter = true;
        case '2' -> leave = true;
        case '3' -> system = true;
        case '4' -> {}
        default -> {
          return Optional.empty();
        }
      }
    }
    if (enter && leave) {
      return Optional.empty();
    }
    return Optional.of(new LineMarker(line, quoted, enter, leave, system));
  }

  /** The name's bytes with GCC's escapes ({@code \\}, {@code \"}, octal) undone. */
  byte[] nameBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 1; i < quoted.length() - 1; i++) {
      char c = quoted.charAt(i);
      if (c == '\\' && i + 1 < quoted.length() - 1) {
        char n = quoted.charAt(++i);
        if (n >= '0' && n <= '7') {
          int v = n - '0';
          for (int k = 0;
              k < 2
                  && i + 1 < quoted.length() - 1
                  && quoted.charAt(i + 1) >= '0'
                  && quoted.charAt(i + 1) <= '7';
              k++) {
            v = v * 8 + (quoted.charAt(++i) - '0');
          }
          out.write(v & 0xff);
        } else {
          out.write(n & 0xff);
        }
      } else {
        out.write(c & 0xff);
      }
    }
    return out.toByteArray();
  }

  /** The name as UTF-8 text (what a command line carries), or empty when it is not valid UTF-8. */
  Optional<String> name() {
    return Utf8.decode(nameBytes());
  }
}
