package org.jdistcc.server.unsplit;

import java.util.ArrayList;
import java.util.List;

/**
 * The user's {@code -fdebug-prefix-map}, {@code -fmacro-prefix-map} and {@code -ffile-prefix-map}
 * options, applied to a name as GCC 12 applies them: the first map whose old prefix starts the
 * name, trying the maps in reverse order of the command line, replaces that prefix. For debug names
 * the debug and file maps count in command-line order; for {@code __FILE__} every file map comes
 * after every macro map, whatever the order on the line (measured).
 */
record PrefixMaps(List<PrefixMaps.Map> debug, List<PrefixMaps.Map> macro) {
  /** One OLD=NEW pair. */
  record Map(String from, String to) {}

  PrefixMaps {
    debug = List.copyOf(debug);
    macro = List.copyOf(macro);
  }

  static PrefixMaps of(List<String> argv) {
    List<Map> debug = new ArrayList<>();
    List<Map> macro = new ArrayList<>();
    List<Map> file = new ArrayList<>();
    for (String a : argv) {
      if (a.startsWith("-fdebug-prefix-map=")) {
        split(a).ifPresent(debug::add);
      } else if (a.startsWith("-fmacro-prefix-map=")) {
        split(a).ifPresent(macro::add);
      } else if (a.startsWith("-ffile-prefix-map=")) {
        split(a)
            .ifPresent(
                m -> {
                  debug.add(m);
                  file.add(m);
                });
      }
    }
    macro.addAll(file);
    return new PrefixMaps(debug, macro);
  }

  /** The name as it appears in debug information. */
  String debugName(String name) {
    return remap(debug, name);
  }

  /** The name as {@code __FILE__} gives it. */
  String macroName(String name) {
    return remap(macro, name);
  }

  private static String remap(List<Map> maps, String name) {
    for (int i = maps.size() - 1; i >= 0; i--) {
      Map m = maps.get(i);
      if (name.startsWith(m.from())) {
        return m.to() + name.substring(m.from().length());
      }
    }
    return name;
  }

  /** OLD=NEW at the first '=' after the option's own; GCC ignores a map without one. */
  private static java.util.Optional<Map> split(String option) {
    String value = option.substring(option.indexOf('=') + 1);
    int eq = value.indexOf('=');
    return eq < 0
        ? java.util.Optional.empty()
        : java.util.Optional.of(new Map(value.substring(0, eq), value.substring(eq + 1)));
  }
}
