package org.jdistcc.cpp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The output of {@code clang -E -frewrite-includes} made ready for a volunteer that compiles it as
 * a {@code .i} file. clang names the object's file symbol and debug unit after the text's first
 * line marker, which is {@code # 1 "<built-in>"}; a one-step compile names them after the main
 * file. So the first line is replaced by the main file's own marker, the first one without flags
 * (after any {@code -include} files, which are entered with flag 1 and left with flag 2).
 *
 * <p>Tried with clang 14: with that first line, objects equal a one-step compile's without {@code
 * -g} and with {@code -gdwarf-4}, under the volunteer's own input name, also with {@code -include};
 * keeping {@code <built-in>} or dropping the line names them after the input.
 */
public final class RewrittenIncludes {
  private RewrittenIncludes() {}

  private static final byte[] BUILT_IN = "# 1 \"<built-in>\"\n".getBytes(StandardCharsets.US_ASCII);

  /** The text with its first line naming the main file, or empty if it does not have that shape. */
  public static Optional<byte[]> forVolunteer(byte[] text) {
    if (text.length < BUILT_IN.length
        || !Arrays.equals(text, 0, BUILT_IN.length, BUILT_IN, 0, BUILT_IN.length)) {
      return Optional.empty();
    }
    int i = BUILT_IN.length;
    while (i < text.length) {
      int end = i;
      while (end < text.length && text[end] != '\n') {
        end++;
      }
      if (end == text.length) {
        return Optional.empty();
      }
      if (isMainMarker(text, i, end)) {
        byte[] out = new byte[text.length - BUILT_IN.length + (end + 1 - i)];
        System.arraycopy(text, i, out, 0, end + 1 - i);
        System.arraycopy(text, BUILT_IN.length, out, end + 1 - i, text.length - BUILT_IN.length);
        return Optional.of(out);
      }
      i = end + 1;
    }
    return Optional.empty();
  }

  /** {@code # N "name"} with nothing after the name, and a name that is not {@code <...>}. */
  private static boolean isMainMarker(byte[] s, int from, int end) {
    int i = from;
    if (end - i < 5 || s[i] != '#' || s[i + 1] != ' ' || !isDigit(s[i + 2])) {
      return false;
    }
    i += 2;
    while (i < end && isDigit(s[i])) {
      i++;
    }
    if (i + 2 >= end || s[i] != ' ' || s[i + 1] != '"' || s[i + 2] == '<') {
      return false;
    }
    for (i += 2; i < end; i++) {
      if (s[i] == '\\') {
        i++;
      } else if (s[i] == '"') {
        return i == end - 1;
      }
    }
    return false;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
