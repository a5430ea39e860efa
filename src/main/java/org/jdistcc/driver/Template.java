package org.jdistcc.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A driver listing with holes where it names a command's input, output or dependency values, or
 * strings derived from them ({@link Names}). In the stored words a hole is {@code \0}, then the
 * slot and the kind of derived string, each as a char from 0x100; command-line words hold no NUL.
 */
final class Template {
  private final Listing holed;

  private Template(Listing holed) {
    this.holed = holed;
  }

  /**
   * The template of {@code listing}, the driver's listing for a command whose names were {@code
   * values}; empty when a word still holds {@code marker} after every derived string was replaced,
   * that is, when the driver made something of a name that is not understood here.
   */
  static Optional<Template> learn(Listing listing, List<String> values, String marker) {
    List<String> candidates = new ArrayList<>();
    List<String> holes = new ArrayList<>();
    for (int slot = 0; slot < values.size(); slot++) {
      for (int kind = 0; kind < Names.KINDS; kind++) {
        String derived = Names.derive(values.get(slot), kind);
        if (!derived.isEmpty() && !candidates.contains(derived)) {
          candidates.add(derived);
          holes.add("\0" + (char) (0x100 + slot) + (char) (0x100 + kind));
        }
      }
    }
    List<String> argv = new ArrayList<>();
    for (String word : listing.argv()) {
      Optional<String> holed = holed(word, candidates, holes, marker);
      if (holed.isEmpty()) {
        return Optional.empty();
      }
      argv.add(holed.get());
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : listing.environment().entrySet()) {
      Optional<String> holed = holed(e.getValue(), candidates, holes, marker);
      if (holed.isEmpty()) {
        return Optional.empty();
      }
      env.put(e.getKey(), holed.get());
    }
    return Optional.of(new Template(new Listing(argv, env)));
  }

  /** {@code word} with the longest candidate at each place replaced by its hole. */
  private static Optional<String> holed(
      String word, List<String> candidates, List<String> holes, String marker) {
    StringBuilder out = new StringBuilder(word.length());
    int i = 0;
    while (i < word.length()) {
      int best = -1;
      for (int c = 0; c < candidates.size(); c++) {
        String cand = candidates.get(c);
        if (word.startsWith(cand, i)
            && (best < 0 || cand.length() > candidates.get(best).length())) {
          best = c;
        }
      }
      if (best >= 0) {
        out.append(holes.get(best));
        i += candidates.get(best).length();
      } else {
        out.append(word.charAt(i++));
      }
    }
    String s = out.toString();
    return s.contains(marker) ? Optional.empty() : Optional.of(s);
  }

  /** The listing for a command whose names are {@code values}. */
  Listing fill(List<String> values) {
    List<String> argv = new ArrayList<>(holed.argv().size());
    for (String word : holed.argv()) {
      argv.add(filled(word, values));
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : holed.environment().entrySet()) {
      env.put(e.getKey(), filled(e.getValue(), values));
    }
    return new Listing(argv, env);
  }

  private static String filled(String word, List<String> values) {
    if (word.indexOf('\0') < 0) {
      return word;
    }
    StringBuilder out = new StringBuilder(word.length() + 32);
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == '\0') {
        int slot = word.charAt(i + 1) - 0x100;
        int kind = word.charAt(i + 2) - 0x100;
        out.append(Names.derive(values.get(slot), kind));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
