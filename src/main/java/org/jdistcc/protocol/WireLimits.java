package org.jdistcc.protocol;

/**
 * Upper bounds on what a reader accepts from a peer, so that a lying length field costs an error
 * rather than memory. Bodies are also read progressively: memory grows only as bytes really arrive.
 *
 * @param maxArgc most arguments in one command
 * @param maxArgLength most bytes in one argument
 * @param maxBody most bytes in one body, compressed or not (also bounds LZO expansion)
 */
public record WireLimits(int maxArgc, int maxArgLength, int maxBody) {
  /** Generous defaults: real command lines and objects stay far below them. */
  public static final WireLimits DEFAULT = new WireLimits(100_000, 1 << 20, 1 << 30);

  /**
   * What a volunteer accepts from a client: a preprocessed source is far below 256 MiB, and an LZO
   * bomb must not make it hold a gigabyte.
   */
  public static final WireLimits DAEMON = new WireLimits(100_000, 1 << 20, 256 << 20);

  public WireLimits {
    if (maxArgc < 1 || maxArgLength < 1 || maxBody < 1) {
      throw new IllegalArgumentException("wire limits must be positive");
    }
  }
}
