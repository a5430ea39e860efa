package org.jdistcc;

/** The jdistcc version shown by --version. */
public final class Version {
  public static final String TEXT = "0.1.0";

  private Version() {}
}
