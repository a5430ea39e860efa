package org.jdistcc.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replaces the input or output name in a command that {@link ArgScanner} accepted, finding them the
 * way the scanner does, so the two never disagree about which argument is which.
 */
public final class ArgRewriter {
  private ArgRewriter() {}

  /**
   * Why {@link #withInput} and {@link #withOutput} cannot rewrite {@code argv} for {@code input}
   * (they find no such input, or no {@code -o}), or empty when they can. A volunteer refuses such a
   * command with this reason before it starts; for commands the client built, where both are always
   * there, the rewriting functions throw instead.
   */
  public static Optional<String> refusal(List<String> argv, String input) {
    if (inputAt(argv, input) < 0) {
      return Optional.of("no input " + input + " where the compiler would read it");
    }
    return outputAt(argv) < 0 ? Optional.of("no -o") : Optional.empty();
  }

  /** The command with the source argument {@code oldInput} replaced by {@code newInput}. */
  public static List<String> withInput(List<String> argv, String oldInput, String newInput) {
    int i = inputAt(argv, oldInput);
    if (i < 0) {
      throw new IllegalArgumentException("no input " + oldInput + " in " + argv);
    }
    List<String> out = new ArrayList<>(argv);
    out.set(i, newInput);
    return out;
  }

  /** The command with its {@code -o FILE} or {@code -oFILE} pointing at {@code newOutput}. */
  public static List<String> withOutput(List<String> argv, String newOutput) {
    int i = outputAt(argv);
    if (i < 0) {
      throw new IllegalArgumentException("no -o in " + argv);
    }
    List<String> out = new ArrayList<>(argv);
    if (out.get(i).equals("-o")) {
      out.set(i + 1, newOutput);
    } else {
      out.set(i, "-o" + newOutput);
    }
    return out;
  }

  private static int inputAt(List<String> argv, String input) {
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("-o") || a.equals("-MF") || a.equals("-MT") || a.equals("-MQ")) {
        i++;
      } else if (a.equals(input) && !a.startsWith("-")) {
        return i;
      }
    }
    return -1;
  }

  /** Where {@code -o FILE} or {@code -oFILE} is, or -1. */
  private static int outputAt(List<String> argv) {
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("-MF") || a.equals("-MT") || a.equals("-MQ")) {
        i++;
      } else if (a.equals("-o") && i + 1 < argv.size()) {
        return i;
      } else if (a.startsWith("-o") && !a.equals("-o")) {
        return i;
      }
    }
    return -1;
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
