package org.jdistcc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Response packets in their fixed order: DONE, STAT, SERR, SOUT, DOTO. As distcc 3.4 does, the
 * object is sent with length 0 when the compile failed.
 */
public final class ResponseCodec {
  private ResponseCodec() {}

  public static void write(CompileResponse response, OutputStream stream) throws IOException {
    writeWithoutFlush(response, stream);
    stream.flush();
  }

  /** The packets of protocols 1 and 2; protocol 3 appends DOTD before flushing. */
  static void writeWithoutFlush(CompileResponse response, OutputStream stream) throws IOException {
    TokenWriter out = new TokenWriter(stream);
    ProtocolVersion version = response.version();
    out.writeInt("DONE", version.number());
    out.writeInt("STAT", response.waitStatus() & 0xffffffffL);
    // The client decodes what the volunteer compresses: the parse that is quicker to decode.
    Lzo1x.Parse parse = Lzo1x.Parse.FEW_MATCHES;
    Bodies.write(out, "SERR", response.stderr(), version, parse);
    Bodies.write(out, "SOUT", response.stdout(), version, parse);
    Bodies.write(
        out, "DOTO", response.succeeded() ? response.object() : new byte[0], version, parse);
  }

  /** Reads a response to a request sent with {@code expected}, the object into memory. */
  public static CompileResponse read(
      InputStream stream, ProtocolVersion expected, WireLimits limits) throws IOException {
    return read(stream, expected, limits, ObjectSink.IN_MEMORY);
  }

  /**
   * Reads a response to a request sent with {@code expected}. When the compile succeeded and {@code
   * sink} opens a stream, the object goes there and the response's own object is empty.
   */
  public static CompileResponse read(
      InputStream stream, ProtocolVersion expected, WireLimits limits, ObjectSink sink)
      throws IOException {
    TokenReader in = new TokenReader(stream);
    long version = in.readInt("DONE");
    if (version != expected.number()) {
      throw new WireException(
          "volunteer answered in protocol "
              + version
              + " to a protocol "
              + expected.number()
              + " request");
    }
    long status = in.readInt("STAT");
    byte[] stderr = Bodies.read(in, "SERR", expected, limits);
    byte[] stdout = Bodies.read(in, "SOUT", expected, limits);
    byte[] object = new byte[0];
    OutputStream into = status == 0 ? sink.open() : null;
    if (into == null) {
      object = Bodies.read(in, "DOTO", expected, limits);
    } else {
      try (into) {
        Bodies.readInto(in, "DOTO", expected, limits, into);
      }
    }
    return new CompileResponse(expected, (int) status, stderr, stdout, object);
  }
}
