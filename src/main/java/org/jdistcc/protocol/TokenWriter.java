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

  public void writeBody(String token, byte[] body, int off, int len) throws IOException {
    out.write(header(token, len));
    out.write(body, off, len);
  }

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
