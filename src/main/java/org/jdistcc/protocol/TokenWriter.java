package org.jdistcc.protocol;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes distcc packets: a 4-byte token, 8 lowercase hex digits, then the body if there is one.
 * Knows nothing of the order of packets; that is in the request and response codecs.
 */
public final class TokenWriter {
  private final OutputStream out;

  public TokenWriter(OutputStream out) {
    this.out = out;
  }

  /** A packet without body: the parameter is a number (version, count, status). */
  public void writeInt(String token, long value) throws IOException {
    out.write(header(token, value));
  }

  /** A packet whose parameter is the body's length, followed by the body. */
  public void writeBody(String token, byte[] body) throws IOException {
    writeBody(token, body, 0, body.length);
  }

  /**
   * The body goes out in slices of at most {@link #SLICE} bytes: a socket channel's stream passes
   * each write through a temporary direct buffer of its size, and keeps the largest per thread (a
   * 40 MB object would cost 40 MB of native memory in every pool thread that ever sent one).
   */
  public void writeBody(String token, byte[] body, int off, int len) throws IOException {
    out.write(header(token, len));
    for (int done = 0; done < len; done += Math.min(SLICE, len - done)) {
      out.write(body, off + done, Math.min(SLICE, len - done));
    }
  }

  /** The most bytes of a body handed to one write. */
  public static final int SLICE = 1 << 16;

  public void flush() throws IOException {
    out.flush();
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  static byte[] header(String token, long value) {
    if (token.length() != 4) {
      throw new IllegalArgumentException("token must have 4 characters: " + token);
    }
    if (value < 0 || value > 0xffffffffL) {
      throw new IllegalArgumentException("parameter out of 32-bit range: " + value);
    }
    byte[] header = new byte[12];
    for (int i = 0; i < 4; i++) {
      header[i] = (byte) token.charAt(i);
    }
    for (int i = 11; i >= 4; i--) {
      header[i] = (byte) HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
    return header;
  }
}
