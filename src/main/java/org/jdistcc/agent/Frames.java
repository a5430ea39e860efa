package org.jdistcc.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.Utf8;
import org.jdistcc.protocol.WireException;

/**
 * The launcher-agent frame codec (layout in the package documentation): reads a job request from
 * frames and writes replies. Pure: streams in and out, no sockets, no processes. Hostile input
 * (oversized or truncated frames, unknown types, a header that never ends, bytes that are not
 * UTF-8) gives a {@link WireException} saying what arrived.
 */
public final class Frames {
  private Frames() {}

  /** One frame. */
  public record Frame(byte type, byte[] payload) {}

  /** Limits on a request: the launcher sends argv, env and cwd, which the kernel bounds too. */
  public static final int MAX_PAYLOAD = 4 << 20;

  public static final int MAX_REQUEST = 16 << 20;

  public static final int MAX_FRAMES = 1 << 16;

  /** Reads one frame, or returns null at end of input before its first byte. */
  public static Frame read(InputStream in, int maxPayload) throws IOException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    byte[] head = new byte[5];
    head[0] = (byte) first;
    readFully(in, head, 1, 4, "frame header");
    long length =
        ((head[0] & 0xffL) << 24)
            | ((head[1] & 0xff) << 16)
            | ((head[2] & 0xff) << 8)
            | (head[3] & 0xff);
    if (length > maxPayload) {
      throw new WireException(
          "agent frame of "
              + length
              + " bytes (type "
              + printable(head[4])
              + ") exceeds the limit of "
              + maxPayload);
    }
    byte[] payload = new byte[(int) length];
    readFully(in, payload, 0, payload.length, "frame of type " + printable(head[4]));
    return new Frame(head[4], payload);
  }

  /** Writes one frame. */
  public static void write(OutputStream out, char type, byte[] payload, int offset, int length)
      throws IOException {
    byte[] head = {
      (byte) (length >>> 24),
      (byte) (length >>> 16),
      (byte) (length >>> 8),
      (byte) length,
      (byte) type
    };
    out.write(head);
    out.write(payload, offset, length);
  }

  public static void write(OutputStream out, char type, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(out, type, bytes, 0, bytes.length);
  }

  /**
   * One job as the launcher sends it.
   *
   * @param argv argv[0] as the launcher was called, then its arguments
   * @param environment the launcher's whole environment
   * @param cwd its working directory (absolute)
   * @param umask its umask
   * @param ttys whether descriptors 0, 1 and 2 are terminals
   * @param pid the launcher's process id
   */
  public record Request(
      List<String> argv,
      Map<String, String> environment,
      String cwd,
      int umask,
      boolean[] ttys,
      long pid) {
    public Request {
      argv = List.copyOf(argv);
      environment = Map.copyOf(environment);
      ttys = ttys.clone();
    }
  }

  /** Thrown for a request this codec reads but the agent cannot represent faithfully. */
  public static final class Unrepresentable extends WireException {
    public Unrepresentable(String message) {
      super(message);
    }
  }

  /** Reads frames up to and including {@code C} and returns the request they describe. */
  public static Request readRequest(InputStream in) throws IOException {
    List<String> argv = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    String cwd = null;
    Integer umask = null;
    boolean[] ttys = new boolean[3];
    long pid = 0;
    long total = 0;
    for (int count = 0; ; count++) {
      if (count >= MAX_FRAMES) {
        throw new WireException("agent request has more than " + MAX_FRAMES + " frames");
      }
      Frame frame = read(in, MAX_PAYLOAD);
      if (frame == null) {
        throw new WireException("agent request ended before its C frame");
      }
      total += frame.payload().length;
      if (total > MAX_REQUEST) {
        throw new WireException("agent request exceeds " + MAX_REQUEST + " bytes");
      }
      byte[] p = frame.payload();
      switch (frame.type()) {
        case 'A' -> argv.add(utf8(p, "argument"));
        case 'E' -> {
          String entry = utf8(p, "environment entry");
          int eq = entry.indexOf('=');
          if (eq <= 0) {
            throw new WireException("agent environment entry without NAME=: " + printable(p));
          }
          env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        case 'D' -> {
          cwd = utf8(p, "working directory");
          if (!cwd.startsWith("/")) {
            throw new WireException("agent working directory not absolute: " + printable(p));
          }
        }
        case 'U' -> umask = number(p, 8, 0777, "umask");
        case 'T' -> {
          if (p.length != 3) {
            throw new WireException("agent tty frame of " + p.length + " bytes, expected 3");
          }
          for (int i = 0; i < 3; i++) {
            ttys[i] = p[i] == '1';
          }
        }
        case 'P' -> pid = number(p, 10, Integer.MAX_VALUE, "pid");
        case 'C' -> {
          if (argv.isEmpty() || cwd == null || umask == null) {
            throw new WireException(
                "agent request incomplete: needs argv[0], a working directory and a umask");
          }
          return new Request(argv, env, cwd, umask, ttys, pid);
        }
        default -> throw new WireException("unknown agent frame type " + printable(frame.type()));
      }
    }
  }

  private static int number(byte[] payload, int radix, int max, String what) throws WireException {
    String text = new String(payload, StandardCharsets.ISO_8859_1);
    try {
      int value = Integer.parseInt(text, radix);
      if (value < 0 || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new WireException("agent " + what + " is not a number: " + printable(payload));
    }
  }

  /**
   * Strict UTF-8: a name that is not UTF-8 could not reach the file system unchanged through Java's
   * strings, so such a job goes to the in-process client instead.
   */
  private static String utf8(byte[] bytes, String what) throws Unrepresentable {
    Optional<String> text = Utf8.decode(bytes);
    if (text.isPresent()) {
      if (text.get().indexOf('\0') >= 0) {
        throw new Unrepresentable("agent " + what + " contains a NUL byte");
      }
      return text.get();
    } else {
      throw new Unrepresentable("agent " + what + " is not UTF-8: " + printable(bytes));
    }
  }

  private static void readFully(InputStream in, byte[] buffer, int offset, int length, String what)
      throws IOException {
    int done = 0;
    while (done < length) {
      int n = in.read(buffer, offset + done, length - done);
      if (n < 0) {
        throw new WireException(
            "agent connection ended inside a " + what + " (" + done + " of " + length + " bytes)");
      }
      done += n;
    }
  }

  private static String printable(byte type) {
    return printable(new byte[] {type});
  }

  /** The printable prefix of bytes, for error messages. */
  static String printable(byte[] bytes) {
    StringBuilder text = new StringBuilder("\"");
    for (int i = 0; i < Math.min(bytes.length, 40); i++) {
      int b = bytes[i] & 0xff;
      text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return text.append(bytes.length > 40 ? "\"..." : "\"").toString();
  }
}
