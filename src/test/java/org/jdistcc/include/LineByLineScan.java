package org.jdistcc.include;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The line-by-line scanner {@link Directives#scan} replaced: the whole file as a string, its
 * continuations joined by three replacements, split into lines, each line's comments stripped. Kept
 * as the oracle the byte scanner must agree with, directive for directive; the comment stripping of
 * one line is still {@link Directives#stripComments}, which the byte scanner uses for a directive
 * line with a slash on it.
 */
final class LineByLineScan {
  private LineByLineScan() {}

  /** Which lines hold a directive, as {@link Directives#scan} passes them on, in order. */
  static List<String> directiveLines(byte[] content) {
    String text = joinContinuations(new String(content, StandardCharsets.ISO_8859_1));
    List<String> out = new ArrayList<>();
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
      line = Directives.stripComments(line);
      if (line.endsWith("\u0000")) {
        inComment = true;
        line = line.substring(0, line.length() - 1);
      }
      String s = line.strip();
      if (s.startsWith("#")) {
        out.add(s.substring(1).strip());
      }
    }
    return out;
  }

  static String joinContinuations(String text) {
    return text.replace("\\\r\n", "").replace("\\\n", "").replace("\r\n", "\n");
  }
}
