package org.jdistcc.args;

import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the input or output name in a command that {@link ArgScanner} accepted, finding them
 * the way the scanner does, so the two never disagree about which argument is which.
 */
public final class ArgRewriter {
  private ArgRewriter() {}

  /** The command with the source argument {@code oldInput} replaced by {@code newInput}. */
  public static List<String> withInput(List<String> argv, String oldInput, String newInput) {
    List<String> out = new ArrayList<>(argv);
    for (int i = 1; i < out.size(); i++) {
      String a = out.get(i);
      if (a.equals("-o") || a.equals("-MF") || a.equals("-MT") || a.equals("-MQ")) {
        i++;
      } else if (a.equals(oldInput) && !a.startsWith("-")) {
        out.set(i, newInput);
        return out;
      }
    }
    throw new IllegalArgumentException("no input " + oldInput + " in " + argv);
  }

  /** The command with its {@code -o FILE} or {@code -oFILE} pointing at {@code newOutput}. */
  public static List<String> withOutput(List<String> argv, String newOutput) {
    List<String> out = new ArrayList<>(argv);
    for (int i = 1; i < out.size(); i++) {
      String a = out.get(i);
      if (a.equals("-MF") || a.equals("-MT") || a.equals("-MQ")) {
        i++;
      } else if (a.equals("-o") && i + 1 < out.size()) {
        out.set(i + 1, newOutput);
        return out;
      } else if (a.startsWith("-o")) {
        out.set(i, "-o" + newOutput);
        return out;
      }
    }
    throw new IllegalArgumentException("no -o in " + argv);
  }

  /** The command with every {@code -c} and {@code -S} replaced by {@code action}. */
  public static List<String> withAction(List<String> argv, String action) {
    List<String> out = new ArrayList<>(argv);
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i).equals("-c") || out.get(i).equals("-S")) {
        out.set(i, action);
      }
    }
    return out;
  }
}
