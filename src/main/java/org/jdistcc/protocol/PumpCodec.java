package org.jdistcc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Protocol 3 (pump mode) on the wire, as distcc 3.4 speaks it:
 *
 * <pre>
 *   request  DIST00000003 CDIR ARGC ARGV* NFIL (NAME (FILE | LINK))*
 *   response DONE00000003 STAT SERR SOUT DOTO [DOTD]      DOTD only when the compile succeeded
 * </pre>
 *
 * FILE, SERR, SOUT, DOTO and DOTD bodies are LZO1X-compressed; CDIR, ARGV, NAME and LINK are plain
 * strings. FILE versus LINK is the protocol's one alternation. What the names may be is the
 * server's business: this class checks only the format and the limits.
 */
public final class PumpCodec {
  private PumpCodec() {}

  public static void writeRequest(PumpRequest request, OutputStream stream) throws IOException {
    TokenWriter out = new TokenWriter(stream);
    out.writeInt("DIST", ProtocolVersion.PUMP.number());
    out.writeBody("CDIR", request.cwd().getBytes(StandardCharsets.UTF_8));
    RequestCodec.writeArgv(out, request.argv());
    out.writeInt("NFIL", request.entries().size());
    for (PumpEntry entry : request.entries()) {
      out.writeBody("NAME", entry.name().getBytes(StandardCharsets.UTF_8));
      if (entry instanceof PumpEntry.File file) {
        // Even an empty file goes compressed: distccd 3.4 hands every FILE body to the
        // decompressor, and the include server never sends a zero-length one.
        out.writeBody("FILE", file.wireForm());
      } else if (entry instanceof PumpEntry.Link link) {
        out.writeBody("LINK", link.target().getBytes(StandardCharsets.UTF_8));
      }
    }
    out.flush();
  }

  /**
   * Reads the rest of a protocol 3 request after {@link RequestCodec#readVersion}. At most {@code
   * maxArgc} entries, names and link targets of at most {@code maxArgLength} bytes, and at most
   * {@code maxBody} bytes of file contents in all, compressed or not.
   */
  public static PumpRequest readRequestBody(InputStream stream, WireLimits limits)
      throws IOException {
    TokenReader in = new TokenReader(stream);
    String cwd = RequestCodec.decode(in.readBody("CDIR", limits.maxArgLength()), "CDIR");
    if (cwd.isEmpty()) {
      throw new WireException("CDIR is empty");
    }
    List<String> argv = RequestCodec.readArgv(in, limits);
    long count = in.readInt("NFIL");
    if (count > limits.maxArgc()) {
      throw new WireException("NFIL " + count + " is over the limit of " + limits.maxArgc());
    }
    List<PumpEntry> entries = new ArrayList<>((int) Math.min(count, 1024));
    long budget = limits.maxBody();
    for (int i = 0; i < count; i++) {
      String name = RequestCodec.decode(in.readBody("NAME", limits.maxArgLength()), "NAME " + i);
      if (name.isEmpty()) {
        throw new WireException("NAME " + i + " is empty");
      }
      TokenReader.Header header = in.readOneOf("FILE", "LINK");
      if (header.token().equals("LINK")) {
        String target =
            RequestCodec.decode(in.readBody(header, limits.maxArgLength()), "LINK " + i);
        if (target.isEmpty()) {
          throw new WireException("LINK " + i + " has an empty target");
        }
        entries.add(new PumpEntry.Link(name, target));
      } else {
        byte[] packed = in.readBody(header, (int) budget);
        byte[] content;
        try {
          content =
              packed.length == 0
                  ? packed
                  : Lzo1x.decompress(packed, 0, packed.length, (int) Math.max(budget, 1));
        } catch (WireException e) {
          throw e.within("FILE " + i + " (" + name + ")");
        }
        budget -= Math.max(content.length, packed.length);
        if (budget < 0) {
          throw new WireException(
              "the files of one request exceed the limit of " + limits.maxBody() + " bytes");
        }
        entries.add(new PumpEntry.File(name, content));
      }
    }
    return new PumpRequest(cwd, argv, entries);
  }

  public static void writeResponse(PumpResponse response, OutputStream stream) throws IOException {
    ResponseCodec.writeWithoutFlush(response.result(), stream);
    if (response.result().succeeded()) {
      Bodies.write(
          new TokenWriter(stream),
          "DOTD",
          response.dependencies(),
          ProtocolVersion.PUMP,
          Lzo1x.Parse.FEW_MATCHES);
    }
    stream.flush();
  }

  public static PumpResponse readResponse(InputStream stream, WireLimits limits)
      throws IOException {
    return readResponse(stream, limits, ObjectSink.IN_MEMORY);
  }

  /**
   * {@link #readResponse(InputStream, WireLimits)}, the object as {@link ResponseCodec} reads it.
   */
  public static PumpResponse readResponse(InputStream stream, WireLimits limits, ObjectSink sink)
      throws IOException {
    CompileResponse result = ResponseCodec.read(stream, ProtocolVersion.PUMP, limits, sink);
    byte[] dependencies =
        result.succeeded()
            ? Bodies.read(new TokenReader(stream), "DOTD", ProtocolVersion.PUMP, limits)
            : new byte[0];
    return new PumpResponse(result, dependencies);
  }
}
