package org.jdistcc.args;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a file name's extension says to distcc: whether it is a source the compiler accepts for a
 * distributed compile, whether it is already preprocessed, and what extension its preprocessed form
 * takes. The table is distcc 3.4's; assembler sources ({@code .s}, {@code .S}) are not distributed,
 * as there.
 */
public final class Sources {
  private Sources() {}

  /** Source extension → extension of the preprocessed file the volunteer compiles. */
  private static final Map<String, String> PREPROCESSED =
      Map.ofEntries(
          Map.entry("c", ".i"),
          Map.entry("i", ".i"),
          Map.entry("cc", ".ii"),
          Map.entry("cpp", ".ii"),
          Map.entry("cxx", ".ii"),
          Map.entry("cp", ".ii"),
          Map.entry("c++", ".ii"),
          Map.entry("C", ".ii"),
          Map.entry("ii", ".ii"),
          Map.entry("m", ".mi"),
          Map.entry("mi", ".mi"),
          Map.entry("mm", ".mii"),
          Map.entry("M", ".mii"),
          Map.entry("mii", ".mii"));

  private static final Set<String> ALREADY_PREPROCESSED = Set.of("i", "ii", "mi", "mii");

  /**
   * The extension after the last dot of the last path component, without the dot; empty when there
   * is none. {@code .foo} has extension {@code foo}, as in distcc.
   */
  public static Optional<String> extension(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    if (dot <= slash || dot == name.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(name.substring(dot + 1));
  }

  /** Whether the name is a C, C++ or Objective-C source, preprocessed or not. */
  public static boolean isSource(String name) {
    Optional<String> extension = extension(name);
    return extension.isPresent() && PREPROCESSED.containsKey(extension.get());
  }

  /**
   * Whether the source is already preprocessed ({@code .i}, {@code .ii}, {@code .mi}, {@code
   * .mii}).
   */
  public static boolean isPreprocessed(String name) {
    Optional<String> extension = extension(name);
    return extension.isPresent() && ALREADY_PREPROCESSED.contains(extension.get());
  }

  /**
   * The extension, with its dot, of the preprocessed form of a source, e.g. {@code .ii} for C++.
   */
  public static String preprocessedExtension(String name) {
    Optional<String> extension = extension(name);
    String preprocessed = extension.isPresent() ? PREPROCESSED.get(extension.get()) : null;
    return preprocessed == null ? ".i" : preprocessed;
  }

  /**
   * The preprocessed extension for {@code input} in {@code argv}: the language of the last {@code
   * -x} before the input ({@code -x c++} makes {@code .ii} of {@code x.c}), else the input's own.
   * {@link ArgScanner} lets only {@code -x c}, {@code c++}, {@code objective-c} and {@code
   * objective-c++} through.
   */
  public static String preprocessedExtension(List<String> argv, String input) {
    String language = null;
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals(input)) {
        break;
      }
      if (a.equals("-x") && i + 1 < argv.size()) {
        language = argv.get(++i);
      } else if (a.startsWith("-x")) {
        language = a.substring(2);
      }
    }
    if (language == null || language.equals("none")) {
      return preprocessedExtension(input);
    }
    return LANGUAGES.getOrDefault(language, preprocessedExtension(input));
  }

  /** {@code -x} languages that are distributed → their preprocessed extension. */
  static final Map<String, String> LANGUAGES =
      Map.of("c", ".i", "c++", ".ii", "objective-c", ".mi", "objective-c++", ".mii");

  /**
   * The file name a compile without {@code -o} writes: the source's base name with {@code suffix}.
   */
  public static Optional<String> impliedOutput(String source, String suffix) {
    String base = source.substring(source.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    return Optional.of(base.substring(0, dot) + suffix);
  }

  /**
   * autoconf's test programs: run locally, as distcc does, so configure sees the local compiler.
   */
  public static boolean isConfigureTest(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    return base.startsWith("conftest.") || base.startsWith("tmp.conftest.");
  }
}
