package org.jdistcc.cpp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A compiler's messages about its command line rather than a line of source: {@code NAME: warning:
 * TEXT} or {@code NAME: note: TEXT}, where NAME has no colon or blank (the driver, {@code cc1},
 * {@code <command-line>}), for instance {@code clang: warning: optimization flag '-fno-tree-vrp' is
 * not supported} or {@code cc1: warning: command-line option '-fno-rtti' is valid for C++/ObjC++
 * but not for C}. A message about source always names a line ({@code x.c:3:2: warning: …}).
 *
 * <p>A distributed job's preprocessor and its volunteer's compile each print such a message, where
 * a one-step compile prints it once; neither says anything about the text, so they do not decide a
 * preprocessing mode either. Not about which messages a split compile changes: see {@link
 * ModeRules}.
 */
public final class OptionMessages {
  private OptionMessages() {}

  /** Whether every line of {@code messages} is about the command line (none at all is true). */
  public static boolean onlyAboutOptions(byte[] messages) {
    int i = 0;
    while (i < messages.length) {
      int end = lineEnd(messages, i);
      if (!aboutOptions(messages, i, end)) {
        return false;
      }
      i = end + 1;
    }
    return true;
  }

  /**
   * {@code later} without the messages about the command line that {@code earlier} already holds,
   * each dropped as often as {@code earlier} has it; every other byte is kept.
   */
  public static byte[] withoutRepeats(byte[] earlier, byte[] later) {
    Map<String, Integer> printed = new HashMap<>();
    for (int i = 0; i < earlier.length; ) {
      int end = lineEnd(earlier, i);
      if (aboutOptions(earlier, i, end)) {
        printed.merge(line(earlier, i, end), 1, Integer::sum);
      }
      i = end + 1;
    }
    if (printed.isEmpty()) {
      return later;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(later.length);
    for (int i = 0; i < later.length; ) {
      int end = lineEnd(later, i);
      String key = aboutOptions(later, i, end) ? line(later, i, end) : null;
      Integer left = key == null ? null : printed.get(key);
      if (left != null && left > 0) {
        printed.put(key, left - 1);
      } else {
        out.write(later, i, Math.min(end + 1, later.length) - i);
      }
      i = end + 1;
    }
    return out.toByteArray();
  }

  /**
   * {@code NAME: warning: } or {@code NAME: note: } at {@code from}, NAME without ':' or blanks.
   */
  private static boolean aboutOptions(byte[] s, int from, int end) {
    int i = from;
    while (i < end && s[i] != ':' && s[i] != ' ' && s[i] != '\t') {
      i++;
    }
    if (i == from || i + 1 >= end || s[i] != ':' || s[i + 1] != ' ') {
      return false;
    }
    return startsWith(s, i + 2, end, "warning: ") || startsWith(s, i + 2, end, "note: ");
  }

  private static boolean startsWith(byte[] s, int at, int end, String word) {
    if (end - at < word.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (s[at + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The index of the newline ending the line at {@code from}, or the text's length. */
  private static int lineEnd(byte[] s, int from) {
    int i = from;
    while (i < s.length && s[i] != '\n') {
      i++;
    }
    return i;
  }

  private static String line(byte[] s, int from, int end) {
    return new String(s, from, end - from, StandardCharsets.ISO_8859_1);
  }
}
