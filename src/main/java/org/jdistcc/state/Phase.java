package org.jdistcc.state;

/** What a client is doing for its job, as distcc 3.4's monitor names the phases. */
public enum Phase {
  /** Started, reading its arguments and host list. */
  STARTUP("Startup", 0),
  /** Waiting for a free slot. */
  BLOCKED("Blocked", 1),
  /** Running the local preprocessor. */
  PREPROCESS("Preprocess", 3),
  /** Opening the connection to the volunteer. */
  CONNECT("Connect", 2),
  /** Sending the request. */
  SEND("Send", 4),
  /** Waiting while the volunteer compiles. */
  COMPILE("Compile", 5),
  /** Reading the answer. */
  RECEIVE("Receive", 6),
  /** Compiling on this machine (distcc 3.4 notes a compile on {@code localhost}). */
  LOCAL("Local", 5),
  /** Compiling a volunteer's job again here to compare the objects (DISTCC_VERIFY). */
  VERIFY("Verify", 5);

  /** distcc 3.4's code for a client that is about to exit. */
  static final int DISTCC_DONE = 7;

  private final String label;
  private final int distccCode;

  Phase(String label, int distccCode) {
    this.label = label;
    this.distccCode = distccCode;
  }

  /** The number distcc 3.4's state record gives this phase. */
  int distccCode() {
    return distccCode;
  }

  /**
   * The phase of a distcc 3.4 record's number, or empty for Done; an unknown number reads as
   * Compile, as distcc's own monitor reads it.
   */
  static java.util.Optional<Phase> ofDistccCode(int code) {
    if (code == DISTCC_DONE) {
      return java.util.Optional.empty();
    }
    for (Phase p : values()) {
      if (p.distccCode == code && p != LOCAL && p != VERIFY) {
        return java.util.Optional.of(p);
      }
    }
    return java.util.Optional.of(COMPILE);
  }

  /** The name the monitor and the trace show. */
  public String label() {
    return label;
  }

  /** The phase with this label, for reading notes back. */
  public static Phase ofLabel(String label) {
    for (Phase p : values()) {
      if (p.label.equals(label)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown phase " + label);
  }
}
