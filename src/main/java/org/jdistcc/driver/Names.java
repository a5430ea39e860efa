package org.jdistcc.driver;

/**
 * The strings a driver may derive from a file name: the name itself, its base name, its directory
 * (with the slash), and both without the suffix.
 */
final class Names {
  private Names() {}

  static final int FULL = 0;
  static final int BASE = 1;
  static final int DIR = 2;
  static final int STEM = 3;
  static final int BASE_STEM = 4;
  static final int KINDS = 5;

  /** The derived string of kind {@code kind}; empty when there is none (no directory). */
  static String derive(String name, int kind) {
    int slash = name.lastIndexOf('/');
    String base = name.substring(slash + 1);
    String suffix = suffix(name);
    switch (kind) {
      case FULL:
        return name;
      case BASE:
        return base;
      case DIR:
        return name.substring(0, slash + 1);
      case STEM:
        return name.substring(0, name.length() - suffix.length());
      case BASE_STEM:
        return base.substring(0, base.length() - suffix.length());
      default:
        throw new IllegalArgumentException("kind " + kind);
    }
  }

  /** The base name's suffix from its last dot ({@code .c}), or "" when it has none. */
  static String suffix(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    return dot > 0 ? base.substring(dot) : "";
  }
}
