package org.jdistcc.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A preprocessing command split into what stays the same from job to job and its names: the input,
 * the output after {@code -o}, and the values of {@code -MF}, {@code -MT} and {@code -MQ}. Only
 * commands whose driver listing can be learnt safely have a shape.
 *
 * @param argv the command, the driver first
 * @param slots where the names are in {@code argv}: the input's index, the output's, then the
 *     dependency values'
 * @param key the command with its names replaced by their form (absolute, with a directory or bare,
 *     and the suffix), so commands differing only in names share it
 */
public record Shape(List<String> argv, List<Integer> slots, String key) {
  public Shape {
    argv = List.copyOf(argv);
    slots = List.copyOf(slots);
  }

  /** Arguments that change what the driver does beyond one preprocessor run, or read files. */
  private static final Set<String> REFUSED =
      Set.of(
          "-###",
          "-v",
          "--verbose",
          "-no-integrated-cpp",
          "-traditional-cpp",
          "-time",
          "-M",
          "-MM",
          "-pass-exit-codes",
          "--help",
          "--version",
          "-wrapper",
          "--target-help");

  private static final List<String> REFUSED_PREFIXES =
      List.of(
          "@", // a response file: its contents can change while the command does not
          "-save-temps",
          "-specs",
          "--specs",
          "-B",
          "-fcompare-debug",
          "-print-",
          "--print-",
          "-dump",
          "-fplugin",
          "-iplugindir",
          "-fdump-",
          "-time=");

  private static final Set<String> NAMED = Set.of("-MF", "-MT", "-MQ");

  /** The shape of {@code argv}, or empty when it has none. */
  public static Optional<Shape> of(List<String> argv, String input, String output) {
    if (argv.size() < 2 || !argv.get(0).startsWith("/")) {
      return Optional.empty();
    }
    int in = -1;
    int out = -1;
    List<Integer> named = new ArrayList<>(4);
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.isEmpty() || a.indexOf('\n') >= 0 || a.indexOf('\r') >= 0 || a.indexOf('\0') >= 0) {
        return Optional.empty();
      }
      if (REFUSED.contains(a)) {
        return Optional.empty();
      }
      for (String prefix : REFUSED_PREFIXES) {
        if (a.startsWith(prefix)) {
          return Optional.empty();
        }
      }
      if (a.length() > 3 && NAMED.contains(a.substring(0, 3))) {
        return Optional.empty(); // -MFfile: not worth a form of its own
      }
      if (i > 1 && NAMED.contains(argv.get(i - 1))) {
        named.add(i);
      } else if (i > 1 && argv.get(i - 1).equals("-o")) {
        if (out >= 0 || !a.equals(output)) {
          return Optional.empty();
        }
        out = i;
      } else if (a.equals(input)) {
        if (in >= 0) {
          return Optional.empty();
        }
        in = i;
      }
    }
    if (in < 0 || out < 0) {
      return Optional.empty();
    }
    List<Integer> slots = new ArrayList<>(2 + named.size());
    slots.add(in);
    slots.add(out);
    slots.addAll(named);
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < argv.size(); i++) {
      int slot = slots.indexOf(i);
      key.append(slot < 0 ? argv.get(i) : "\u0001" + slot + form(argv.get(i))).append('\0');
    }
    return Optional.of(new Shape(argv, slots, key.toString()));
  }

  /** The names in slot order. */
  public List<String> values() {
    List<String> out = new ArrayList<>(slots.size());
    for (int i : slots) {
      out.add(argv.get(i));
    }
    return out;
  }

  /** The command with other names in its slots. */
  public List<String> with(List<String> values) {
    List<String> out = new ArrayList<>(argv);
    for (int k = 0; k < slots.size(); k++) {
      out.set(slots.get(k), values.get(k));
    }
    return out;
  }

  /**
   * Names of the same forms as this command's that no other argument contains: each made of {@code
   * marker}, the slot's number and the original's suffix, in a directory of the same kind.
   */
  public List<String> strangers(String marker) {
    List<String> out = new ArrayList<>(slots.size());
    List<String> mine = values();
    for (int k = 0; k < mine.size(); k++) {
      String v = mine.get(k);
      String dir =
          v.startsWith("/")
              ? "/" + marker + k + "d/"
              : v.indexOf('/') >= 0 ? marker + k + "d/" : "";
      out.add(dir + marker + k + "f" + Names.suffix(v));
    }
    return out;
  }

  private static String form(String v) {
    return (v.startsWith("/") ? "a" : v.indexOf('/') >= 0 ? "d" : "b") + Names.suffix(v);
  }
}
