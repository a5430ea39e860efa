package org.jdistcc.hosts;

/**
 * The distcc protocol version a remote host is spoken to with, as chosen by its {@code ,lzo} and
 * {@code ,cpp} options. Not the wire format itself, which lives in {@code protocol}.
 */
public enum Protocol {
  /** No options: plain bodies, preprocessing on the client. */
  V1(1, false, false),
  /** {@code ,lzo}: LZO1X-compressed bodies, preprocessing on the client. */
  V2(2, true, false),
  /** {@code ,lzo,cpp}: pump mode, compressed, the server preprocesses. */
  V3(3, true, true);

  private final int version;
  private final boolean compressed;
  private final boolean serverPreprocesses;

  Protocol(int version, boolean compressed, boolean serverPreprocesses) {
    this.version = version;
    this.compressed = compressed;
    this.serverPreprocesses = serverPreprocesses;
  }

  /** The number sent after {@code DIST} and expected after {@code DONE}. */
  public int version() {
    return version;
  }

  public boolean compressed() {
    return compressed;
  }

  public boolean serverPreprocesses() {
    return serverPreprocesses;
  }

  /** The host-spec options that select this protocol: "", ",lzo" or ",lzo,cpp". */
  String optionSuffix() {
    return compressed ? (serverPreprocesses ? ",lzo,cpp" : ",lzo") : "";
  }
}
