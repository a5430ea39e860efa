package org.jdistcc.protocol;

import java.util.List;

/**
 * One job as a pump-mode client sends it in protocol 3: the client's working directory, the
 * compiler command as the user gave it (not preprocessed), and every file and link the preprocessor
 * may open. The volunteer preprocesses; see {@link PumpCodec} for the wire layout.
 *
 * @param cwd the client's working directory, absolute (CDIR)
 * @param argv the compiler command, compiler name first (ARGC, ARGV)
 * @param entries the sources, headers and links, in the order they are sent (NFIL, NAME, FILE|LINK)
 */
public record PumpRequest(String cwd, List<String> argv, List<PumpEntry> entries) {
  public PumpRequest {
    argv = List.copyOf(argv);
    entries = List.copyOf(entries);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a compile request needs at least the compiler name");
    }
    if (cwd.isEmpty() || cwd.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("the working directory must be non-empty, without NUL");
    }
  }
}
