package org.jdistcc.protocol;

/**
 * The distcc protocol versions: 1 sends bodies plain, 2 compresses them with LZO1X, 3 (pump) also
 * sends sources and headers for preprocessing on the volunteer. The one type for both the wire and
 * a host's choice: a host spec's {@code ,lzo} and {@code ,lzo,cpp} options pick LZO and PUMP (in
 * hosts).
 */
public enum ProtocolVersion {
  PLAIN(1),
  LZO(2),
  PUMP(3);

  private final int number;

  ProtocolVersion(int number) {
    this.number = number;
  }

  /** The number sent after DIST and DONE. */
  public int number() {
    return number;
  }

  /** Whether bulk bodies (DOTI, DOTO, SERR, SOUT) travel LZO1X-compressed. */
  public boolean compressed() {
    return this != PLAIN;
  }

  /** Whether the volunteer preprocesses (pump mode): the client sends sources and headers. */
  public boolean serverPreprocesses() {
    return this == PUMP;
  }

  /** The version a peer announced, or a WireException naming the unknown number. */
  public static ProtocolVersion fromWire(long number) throws WireException {
    for (ProtocolVersion v : values()) {
      if (v.number == number) {
        return v;
      }
    }
    throw new WireException("unknown protocol version " + number + " (known: 1, 2, 3)");
  }
}
