package org.jdistcc.protocol;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Bulk bodies on the wire: in protocols 2 and 3 they travel LZO1X-compressed, except that an empty
 * body is sent as length 0 without compression (what distcc 3.4 does).
 */
final class Bodies {
  private Bodies() {}

  /** Writes a body, compressed with {@code parse} in protocols 2 and 3. */
  static void write(
      TokenWriter out, String token, byte[] body, ProtocolVersion version, Lzo1x.Parse parse)
      throws IOException {
    if (version.compressed() && body.length > 0) {
      out.writeBody(token, Lzo1x.compress(body, 0, body.length, parse));
    } else {
      out.writeBody(token, body);
    }
  }

  static byte[] read(TokenReader in, String token, ProtocolVersion version, WireLimits limits)
      throws IOException {
    byte[] body = in.readBody(token, limits.maxBody());
    if (!version.compressed() || body.length == 0) {
      return body;
    }
    try {
      return Lzo1x.decompress(body, 0, body.length, limits.maxBody());
    } catch (WireException e) {
      throw e.within(token);
    }
  }

  /**
   * Reads a body as {@link #read} does, but writes it to {@code sink} as it is decoded (or, not
   * compressed, as it arrives) and returns how many bytes that was.
   */
  static long readInto(
      TokenReader in, String token, ProtocolVersion version, WireLimits limits, OutputStream sink)
      throws IOException {
    if (!version.compressed()) {
      return in.readBodyInto(token, limits.maxBody(), sink);
    }
    byte[] body = in.readBody(token, limits.maxBody());
    if (body.length == 0) {
      return 0;
    }
    try {
      return Lzo1x.decompress(body, 0, body.length, limits.maxBody(), sink);
    } catch (WireException e) {
      throw e.within(token);
    }
  }
}
