package org.jdistcc.hosts;

import org.jdistcc.DistccException;
import org.jdistcc.protocol.ProtocolVersion;

/**
 * The {@code ,OPTION} suffixes of one remote host entry, as read by {@link HostSpecParser}. Not
 * part of the public model: {@link HostSpec} records carry the resulting protocol and down flag.
 * The protocol is the wire's own {@link ProtocolVersion}, so a host and a request cannot disagree
 * on what a version means.
 */
record HostOptions(ProtocolVersion protocol, boolean down) {

  /** Parses the text after the first comma of {@code token}, or null when there was none. */
  static HostOptions parse(String token, String options) throws DistccException {
    if (options == null) {
      return new HostOptions(ProtocolVersion.PLAIN, false);
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
    ProtocolVersion protocol =
        cpp ? ProtocolVersion.PUMP : lzo ? ProtocolVersion.LZO : ProtocolVersion.PLAIN;
    return new HostOptions(protocol, down);
  }

  /** The options that select {@code protocol} after a host: "", ",lzo" or ",lzo,cpp". */
  static String suffix(ProtocolVersion protocol) {
    return switch (protocol) {
      case PLAIN -> "";
      case LZO -> ",lzo";
      case PUMP -> ",lzo,cpp";
    };
  }
}
