package org.jdistcc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdistcc.Utf8;

/**
 * Request packets in their fixed order: DIST, ARGC, ARGV..., DOTI. Protocol 3 (pump) requests carry
 * files instead of DOTI and are read by {@link PumpCodec} after {@link #readVersion}.
 */
public final class RequestCodec {
  private RequestCodec() {}

  public static void write(CompileRequest request, OutputStream stream) throws IOException {
    TokenWriter out = new TokenWriter(stream);
    out.writeInt("DIST", request.version().number());
    writeArgv(out, request.argv());
    Bodies.write(out, "DOTI", request.source(), request.version(), Lzo1x.Parse.QUICK);
    out.flush();
  }

  /** Reads the version announced by DIST; the caller decides whether it serves that version. */
  public static ProtocolVersion readVersion(InputStream stream) throws IOException {
    return ProtocolVersion.fromWire(new TokenReader(stream).readInt("DIST"));
  }

  /** Reads the rest of a protocol 1 or 2 request, after {@link #readVersion}. */
  public static CompileRequest readBody(
      InputStream stream, ProtocolVersion version, WireLimits limits) throws IOException {
    if (version == ProtocolVersion.PUMP) {
      throw new WireException("protocol 3 (pump, \",cpp\") is not served on this path");
    }
    TokenReader in = new TokenReader(stream);
    List<String> argv = readArgv(in, limits);
    byte[] source = Bodies.read(in, "DOTI", version, limits);
    return new CompileRequest(version, argv, source);
  }

  public static CompileRequest read(InputStream stream, WireLimits limits) throws IOException {
    return readBody(stream, readVersion(stream), limits);
  }

  static void writeArgv(TokenWriter out, List<String> argv) throws IOException {
    out.writeInt("ARGC", argv.size());
    for (String arg : argv) {
      out.writeBody("ARGV", arg.getBytes(StandardCharsets.UTF_8));
    }
  }

  static List<String> readArgv(TokenReader in, WireLimits limits) throws IOException {
    long argc = in.readInt("ARGC");
    if (argc < 1 || argc > limits.maxArgc()) {
      throw new WireException("ARGC " + argc + " is outside 1.." + limits.maxArgc());
    }
    List<String> argv = new ArrayList<>((int) Math.min(argc, 1024));
    for (int i = 0; i < argc; i++) {
      byte[] bytes = in.readBody("ARGV", limits.maxArgLength());
      argv.add(decode(bytes, "argument " + i));
    }
    return argv;
  }

  /**
   * Arguments and names must be UTF-8: anything else would be silently altered on its way to the
   * compiler. {@code what} names the string in the error ("argument 3", "NAME 12").
   */
  static String decode(byte[] bytes, String what) throws WireException {
    Optional<String> text = Utf8.decode(bytes);
    if (text.isPresent()) {
      if (text.get().indexOf('\0') >= 0) {
        throw new WireException(what + " contains a NUL byte");
      }
      return text.get();
    } else {
      throw new WireException(
          what
              + " is not UTF-8: \""
              + TokenReader.printable(bytes, Math.min(bytes.length, 40))
              + "\"");
    }
  }
}
