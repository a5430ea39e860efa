package org.jdistcc.state;

/** What a client is doing for its job, as distcc 3.4's monitor names the phases. */
public enum Phase {
  /** Started, reading its arguments and host list. */
  STARTUP("Startup"),
  /** Waiting for a free slot. */
  BLOCKED("Blocked"),
  /** Running the local preprocessor. */
  PREPROCESS("Preprocess"),
  /** Opening the connection to the volunteer. */
  CONNECT("Connect"),
  /** Sending the request. */
  SEND("Send"),
  /** Waiting while the volunteer compiles. */
  COMPILE("Compile"),
  /** Reading the answer. */
  RECEIVE("Receive"),
  /** Compiling on this machine. */
  LOCAL("Local"),
  /** Compiling a volunteer's job again here to compare the objects (DISTCC_VERIFY). */
  VERIFY("Verify");

  private final String label;

  Phase(String label) {
    this.label = label;
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
