package org.jdistcc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads distcc packets and checks each token against the one the fixed order expects. When
 * something else arrives, the error shows its printable prefix: a shell banner or an HTTP reply on
 * the stream is then obvious from the message.
 */
public final class TokenReader {
  private static final int HEADER = 12;
  private static final int CHUNK = 64 * 1024;

  private final InputStream in;

  public TokenReader(InputStream in) {
    this.in = in;
  }

  /** Reads a header with the expected token and returns its 32-bit parameter. */
  public long readInt(String token) throws IOException {
    byte[] header = readHeader(token);
    String actual = new String(header, 0, 4, StandardCharsets.ISO_8859_1);
    if (!actual.equals(token)) {
      throw new WireException(
          "expected "
              + token
              + " but got \""
              + printable(header, header.length)
              + moreText()
              + "\"");
    }
    return parameter(header, token);
  }

  /**
   * Reads a header whose token is one of {@code tokens} (protocol 3's FILE or LINK) and returns
   * which one with its parameter; anything else is a WireException showing what arrived.
   */
  public Header readOneOf(String... tokens) throws IOException {
    String expected = String.join(" or ", tokens);
    byte[] header = readHeader(expected);
    String actual = new String(header, 0, 4, StandardCharsets.ISO_8859_1);
    for (String token : tokens) {
      if (token.equals(actual)) {
        return new Header(token, parameter(header, token));
      }
    }
    throw new WireException(
        "expected "
            + expected
            + " but got \""
            + printable(header, header.length)
            + moreText()
            + "\"");
  }

  /** The body announced by {@code header}, of at most {@code max} bytes. */
  public byte[] readBody(Header header, int max) throws IOException {
    if (header.value() > max) {
      throw new WireException(
          header.token() + " body of " + header.value() + " bytes exceeds the limit of " + max);
    }
    return readFully(header.token(), (int) header.value());
  }

  /** A packet header: its token and its parameter. */
  public record Header(String token, long value) {}

  private static long parameter(byte[] header, String token) throws WireException {
    long value = 0;
    for (int i = 4; i < HEADER; i++) {
      int digit = Character.digit(header[i], 16);
      if (digit < 0) {
        throw new WireException(
            "bad hex parameter after " + token + ": \"" + printable(header, HEADER) + "\"");
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  /** Reads a packet with the expected token and a body of at most {@code max} bytes. */
  public byte[] readBody(String token, int max) throws IOException {
    long length = readInt(token);
    if (length > max) {
      throw new WireException(token + " body of " + length + " bytes exceeds the limit of " + max);
    }
    return readFully(token, (int) length);
  }

  /**
   * Reads a packet with the expected token and a body of at most {@code max} bytes into {@code
   * sink}, {@link #CHUNK} bytes at a time, and returns the body's length.
   */
  public long readBodyInto(String token, int max, OutputStream sink) throws IOException {
    long length = readInt(token);
    if (length > max) {
      throw new WireException(token + " body of " + length + " bytes exceeds the limit of " + max);
    }
    byte[] buf = new byte[(int) Math.min(length, CHUNK)];
    for (long done = 0; done < length; ) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, length - done));
      if (n < 0) {
        throw WireException.truncated(
            "connection closed after " + done + " of " + length + " bytes of " + token);
      }
      sink.write(buf, 0, n);
      done += n;
    }
    return length;
  }

  private byte[] readHeader(String token) throws IOException {
    byte[] header = new byte[HEADER];
    int n = in.readNBytes(header, 0, HEADER);
    if (n < HEADER) {
      if (n == 0) {
        throw WireException.truncated("connection closed where " + token + " was expected");
      }
      throw WireException.truncated(
          "connection closed after \""
              + printable(header, n)
              + "\" where "
              + token
              + " was expected");
    }
    return header;
  }

  /**
   * Grows the buffer only as data arrives, so a false length cannot allocate gigabytes (fourfold
   * each time: a 10 MB body is copied 5 MB on the way, not 16 as doubling would), and reads at most
   * {@link #CHUNK} bytes at a time, so a socket channel's stream needs no direct buffer larger than
   * that (see {@link TokenWriter#writeBody(String, byte[], int, int)}).
   */
  private byte[] readFully(String token, int length) throws IOException {
    byte[] buf = new byte[Math.min(length, CHUNK)];
    int done = 0;
    while (done < length) {
      if (done == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(length, 4L * buf.length));
      }
      int n = in.read(buf, done, Math.min(CHUNK, buf.length - done));
      if (n < 0) {
        throw WireException.truncated(
            "connection closed after " + done + " of " + length + " bytes of " + token);
      }
      done += n;
    }
    return buf;
  }

  /** Whatever else is already waiting, to make a bad token's message self-explaining. */
  private String moreText() {
    try {
      int available = Math.min(in.available(), 48);
      if (available <= 0) {
        return "";
      }
      byte[] more = in.readNBytes(available);
      return printable(more, more.length);
    } catch (IOException e) {
      return "";
    }
  }

  static String printable(byte[] bytes, int len) {
    StringBuilder text = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      int c = bytes[i] & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        text.append((char) c);
      } else {
        text.append(String.format("\\x%02x", c));
      }
    }
    return text.toString();
  }
}
