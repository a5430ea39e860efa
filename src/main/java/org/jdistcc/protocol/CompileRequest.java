package org.jdistcc.protocol;

import java.util.List;

/**
 * One job as the client sends it in protocols 1 and 2: the compiler command and the preprocessed
 * source, uncompressed. Compression is the codec's business, not the caller's.
 *
 * @param version protocol version (PLAIN or LZO)
 * @param argv the compiler command, compiler name first
 * @param source the preprocessed source (DOTI body)
 */
public record CompileRequest(ProtocolVersion version, List<String> argv, byte[] source) {
  public CompileRequest {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a compile request needs at least the compiler name");
    }
    if (version == ProtocolVersion.PUMP) {
      throw new IllegalArgumentException("protocol 3 requests carry files, not one source");
    }
  }
}
