package org.jdistcc.server.unsplit;

/**
 * Just enough of C's lexical rules to know, line by line, whether the next line starts inside a
 * comment, a raw string or a literal continued with a backslash: a line there that looks like a
 * line marker is text, not a marker. Not a tokenizer; its only answer is {@link #insideToken}.
 */
final class Lexer {
  private enum State {
    CODE,
    BLOCK_COMMENT,
    LINE_COMMENT,
    STRING,
    CHAR,
    RAW_STRING
  }

  private State state = State.CODE;
  private String rawEnd = "";

  /** Whether the line to come starts inside a comment, a string or a character literal. */
  boolean insideToken() {
    return state != State.CODE;
  }

  /** Moves over one line, given without its newline. */
  void line(String text) {
    int n = text.length();
    if (n > 0 && text.charAt(n - 1) == '\r') {
      n--;
    }
    boolean continued = n > 0 && text.charAt(n - 1) == '\\';
    boolean number = false;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      switch (state) {
        case BLOCK_COMMENT -> {
          if (c == '*' && i + 1 < n && text.charAt(i + 1) == '/') {
            state = State.CODE;
            i++;
          }
        }
        case LINE_COMMENT -> {}
        case STRING, CHAR -> {
          if (c == '\\') {
            i++;
          } else if (c == (state == State.STRING ? '"' : '\'')) {
            state = State.CODE;
          }
        }
        case RAW_STRING -> {
          if (text.startsWith(rawEnd, i)) {
            state = State.CODE;
            i += rawEnd.length() - 1;
          }
        }
        case CODE -> {
          if (number && (identifier(c) || c == '.' || c == '\'')) {
            // a pp-number, where ' is a digit separator
          } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
            state = State.BLOCK_COMMENT;
            i++;
          } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
            state = State.LINE_COMMENT;
          } else if (c == '"' && rawPrefix(text, i)) {
            int open = text.indexOf('(', i);
            if (open < 0 || open - i > 17) {
              state = State.STRING; // not a valid raw string: GCC reads an ordinary one
            } else {
              rawEnd = ")" + text.substring(i + 1, open) + "\"";
              state = State.RAW_STRING;
              i = open;
            }
          } else if (c == '"') {
            state = State.STRING;
          } else if (c == '\'') {
            state = State.CHAR;
          }
          number =
              !number && Character.isDigit(c) && (i == 0 || !identifier(text.charAt(i - 1)))
                  || number && (identifier(c) || c == '.' || c == '\'');
        }
      }
      i++;
    }
    // Only comments, raw strings and backslash-continued literals go on past the line's end.
    if (state == State.LINE_COMMENT || state == State.STRING || state == State.CHAR) {
      state = continued ? state : State.CODE;
    }
  }

  private static boolean identifier(char c) {
    return c == '_' || c == '$' || c < 128 && Character.isLetterOrDigit(c) || c >= 128;
  }

  /** Whether the quote at {@code i} follows R, LR, uR, UR or u8R as a whole token. */
  private static boolean rawPrefix(String text, int i) {
    if (i == 0 || text.charAt(i - 1) != 'R') {
      return false;
    }
    int start = i - 1;
    for (String p : new String[] {"u8", "u", "U", "L"}) {
      if (start >= p.length()
          && text.startsWith(p, start - p.length())
          && (start - p.length() == 0 || !identifier(text.charAt(start - p.length() - 1)))) {
        return true;
      }
    }
    return start == 0 || !identifier(text.charAt(start - 1));
  }
}
