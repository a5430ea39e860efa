package org.jdistcc.hosts;

import org.jdistcc.DistccException;

/**
 * The {@code ,OPTION} suffixes of one remote host entry, as read by {@link HostSpecParser}. Not
 * part of the public model: {@link HostSpec} records carry the resulting protocol and down flag.
 */
record HostOptions(Protocol protocol, boolean down) {

  /** Parses the text after the first comma of {@code token}, or null when there was none. */
  static HostOptions parse(String token, String options) throws DistccException {
    if (options == null) {
      return new HostOptions(Protocol.V1, false);
    }
    boolean lzo = false;
    boolean cpp = false;
    boolean down = false;
    for (String option : options.split(",", -1)) {
      if (option.equals("lzo")) {
        lzo = true;
      } else if (option.equals("cpp")) {
        cpp = true;
      } else if (option.equals("down")) {
        down = true;
      } else if (option.equals("auth") || option.startsWith("auth=")) {
        // Refused rather than ignored: the user asked for an authenticated server.
        throw HostSpecParser.bad(token, "GSSAPI authentication (,auth) is not supported");
      } else {
        throw HostSpecParser.bad(token, "unknown option \"" + option + "\"");
      }
    }
    if (cpp && !lzo) {
      throw HostSpecParser.bad(token, "pump mode (,cpp) needs compression (,lzo)");
    }
    return new HostOptions(cpp ? Protocol.V3 : lzo ? Protocol.V2 : Protocol.V1, down);
  }
}
