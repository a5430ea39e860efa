package org.jdistcc.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The LZO1X block format that distcc's protocol 2 uses for bodies: a compressor that emits a valid
 * LZO1X stream (greedy, one hash probe per position, like LZO1X-1 in spirit though not byte for
 * byte) and a decompressor that checks every length and distance against its buffers, so hostile
 * input costs an exception, never a read outside the input or an output past the limit.
 *
 * <p>Written here rather than taken from lzo-core: that library is GPL-3.0-only (this project is
 * GPL-2.0-or-later), unmaintained since 2018, and pulls in two more jars for a codec of two hundred
 * lines.
 *
 * <p>The stream is a sequence of instructions; the meaning of a byte below 16 depends on what came
 * before ("state"): 0 after a match followed by no literals or at the start, 1..3 after a match
 * followed by that many literals, 4 after a literal run of four or more.
 *
 * <pre>
 *   first byte 18..255      literal run of (byte - 17), only as the first byte of a stream
 *   0000LLLL       state 0  literal run, 3 + L bytes (L = 0: 18 + 255 * zero bytes + next byte)
 *   0000DDSS H     state 1-3  match of 2, distance 1 + D + 4H
 *   0000DDSS H     state 4  match of 3, distance 2049 + D + 4H
 *   0001HLLL D16   match of 2 + L (L = 0: 9 + ext), distance 16384 + 16384H + (D16 >> 2);
 *                  distance 16384 ends the stream (bytes 11 00 00)
 *   001LLLLL D16   match of 2 + L (L = 0: 33 + ext), distance 1 + (D16 >> 2)
 *   01LDDDSS H     match of 3 + L, distance 1 + D + 8H
 *   1LLDDDSS H     match of 5 + L, distance 1 + D + 8H
 * </pre>
 *
 * SS, the low two bits of the byte before last of each match, is the number of literals that follow
 * it (D16 is little-endian and carries SS in its low bits).
 */
final class Lzo1x {
  private static final int HASH_BITS = 14;
  private static final int MIN_MATCH = 4;
  private static final int M2_MAX_OFFSET = 0x0800;
  private static final int M3_MAX_OFFSET = 0x4000;
  private static final int M4_MAX_OFFSET = 0xbfff;

  private Lzo1x() {}

  /**
   * How the compressor chooses its matches. The client decodes every object it is sent, the largest
   * bodies on the wire (tens of MB with debug information), and its decoder pays a fixed price per
   * instruction, above all for the copy of each match: so the volunteer, whose CPU is not the
   * scarce one, compresses the response with fewer and longer matches, and the client its request
   * as quickly as it can.
   */
  enum Parse {
    /** One candidate a position and any match of four bytes: a client's requests. */
    QUICK(false, MIN_MATCH, MIN_MATCH),
    /**
     * The longer match of the last two positions with the same hash, and none of fewer than 5 bytes
     * within 2 KiB or of fewer than 8 beyond: the volunteer's responses. On googletest's {@code -g
     * -O2} objects the stream is as long as {@link #QUICK}'s (0.272 against 0.271 of the input) and
     * decodes 1.2 times as fast; compressing takes about 1.3 times as long.
     */
    FEW_MATCHES(true, 5, 8);

    private final boolean twoCandidates;
    private final int nearMin;
    private final int farMin;

    Parse(boolean twoCandidates, int nearMin, int farMin) {
      this.twoCandidates = twoCandidates;
      this.nearMin = nearMin;
      this.farMin = farMin;
    }
  }

  /** {@link #compress(byte[], int, int, Parse)} with {@link Parse#QUICK}. */
  static byte[] compress(byte[] in, int off, int len) {
    return compress(in, off, len, Parse.QUICK);
  }

  /** Compresses {@code len} bytes of {@code in} from {@code off} into one LZO1X stream. */
  static byte[] compress(byte[] in, int off, int len, Parse parse) {
    Out out = new Out(len + len / 16 + 64 + 3);
    int[] latest = new int[1 << HASH_BITS];
    Arrays.fill(latest, -1);
    int[] before = parse.twoCandidates ? new int[1 << HASH_BITS] : null;
    if (before != null) {
      Arrays.fill(before, -1);
    }
    int nearMin = parse.nearMin;
    int farMin = parse.farMin;
    int end = off + len;
    int literalStart = off;
    int ip = off;
    while (ip + MIN_MATCH <= end) {
      int h = hash(in, ip);
      int candidate = latest[h];
      latest[h] = ip;
      int distance = ip - candidate;
      int length = 0;
      // The first candidate's match is measured here, not through matchLength: under C1, which
      // inlines little, the call per position leaves the quick parse 5-8 % slower than the
      // single-candidate compressor it replaced, against 3-5 % with the loop here.
      if (candidate >= off && distance <= M4_MAX_OFFSET && same4(in, candidate, ip)) {
        length = MIN_MATCH;
        while (ip + length < end && in[candidate + length] == in[ip + length]) {
          length++;
        }
      }
      if (before != null) {
        int older = before[h];
        before[h] = candidate;
        int other = matchLength(in, off, end, older, ip);
        if (other > length) {
          length = other;
          distance = ip - older;
        }
      }
      if (length < (distance <= M2_MAX_OFFSET ? nearMin : farMin)) {
        ip++;
        continue;
      }
      out.literals(in, literalStart, ip - literalStart);
      out.match(length, distance);
      ip += length;
      literalStart = ip;
    }
    out.literals(in, literalStart, end - literalStart);
    out.end();
    return out.toByteArray();
  }

  /**
   * How many bytes from {@code candidate} equal those from {@code ip}, or 0 when it is no candidate
   * (none, too far back, or not even {@link #MIN_MATCH} bytes alike): the second candidate's.
   */
  private static int matchLength(byte[] in, int off, int end, int candidate, int ip) {
    if (candidate < off || ip - candidate > M4_MAX_OFFSET || !same4(in, candidate, ip)) {
      return 0;
    }
    int length = MIN_MATCH;
    while (ip + length < end && in[candidate + length] == in[ip + length]) {
      length++;
    }
    return length;
  }

  /**
   * Decompresses one stream; the result may not exceed {@code maxOut} bytes. Malformed or hostile
   * input is a WireException.
   */
  static byte[] decompress(byte[] in, int off, int len, int maxOut) throws WireException {
    Output out = new Output(null, (int) Math.min(maxOut, Math.max(1024L, 4L * len)), maxOut);
    try {
      int op = Decoder.run(in, off, off + len, out);
      return op == out.buffer.length ? out.buffer : Arrays.copyOf(out.buffer, op);
    } catch (WireException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("no sink, yet its write failed", e);
    }
  }

  /**
   * Decompresses one stream into {@code sink}, through a window of at most {@link Output#BUFFER}
   * bytes whatever the stream's size, and returns how many bytes it wrote; at most {@code maxOut}.
   * Malformed or hostile input is a WireException, after part of the output may have been written.
   */
  static long decompress(byte[] in, int off, int len, int maxOut, OutputStream sink)
      throws IOException {
    // A small object (most of them) never needs the whole window: it starts at four times the
    // stream, as an in-memory decode does, and grows to the window's size before it slides.
    int size = (int) Math.min(Output.BUFFER, Math.max(1024L, 4L * len));
    Output out = new Output(sink, size, maxOut);
    int op = Decoder.run(in, off, off + len, out);
    out.flush(op);
    return out.base + op;
  }

  private static int hash(byte[] b, int i) {
    int v =
        (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    return (v * 0x9E3779B1) >>> (32 - HASH_BITS);
  }

  private static boolean same4(byte[] b, int a, int c) {
    return b[a] == b[c] && b[a + 1] == b[c + 1] && b[a + 2] == b[c + 2] && b[a + 3] == b[c + 3];
  }

  /** The compressor's output and its one piece of state: whether anything was written yet. */
  private static final class Out {
    private byte[] buf;
    private int n;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    private void put(int b) {
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[n++] = (byte) b;
    }

    /** Lengths beyond the instruction's field: zero bytes for 255 each, then the rest (1..255). */
    private void extension(int rest) {
      while (rest > 255) {
        put(0);
        rest -= 255;
      }
      put(rest);
    }

    void literals(byte[] in, int from, int count) {
      if (count == 0) {
        return;
      }
      if (n == 0) {
        if (count <= 238) {
          put(17 + count);
        } else {
          put(0);
          extension(count - 18);
        }
      } else if (count <= 3) {
        buf[n - 2] |= (byte) count; // the SS bits of the match just written
      } else if (count <= 18) {
        put(count - 3);
      } else {
        put(0);
        extension(count - 18);
      }
      for (int i = 0; i < count; i++) {
        put(in[from + i]);
      }
    }

    void match(int length, int distance) {
      if (distance <= M2_MAX_OFFSET && length <= 8) {
        int d = distance - 1;
        int lead = length <= 4 ? 0x40 | (length - 3) << 5 : 0x80 | (length - 5) << 5;
        put(lead | (d & 7) << 2);
        put(d >>> 3);
      } else if (distance <= M3_MAX_OFFSET) {
        if (length - 2 <= 31) {
          put(0x20 | (length - 2));
        } else {
          put(0x20);
          extension(length - 33);
        }
        le16((distance - 1) << 2);
      } else {
        int d = distance - 0x4000;
        int high = (d >>> 14) << 3;
        if (length - 2 <= 7) {
          put(0x10 | high | (length - 2));
        } else {
          put(0x10 | high);
          extension(length - 9);
        }
        le16((d & 0x3fff) << 2);
      }
    }

    private void le16(int v) {
      put(v & 0xff);
      put((v >>> 8) & 0xff);
    }

    void end() {
      put(0x11);
      put(0);
      put(0);
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, n);
    }
  }

  /**
   * The decoder's output buffer. Without a sink it grows to hold the whole output. With one, it
   * grows to {@link #BUFFER} bytes, then is a window: when full, what it holds is written to the
   * sink and its last {@link #WINDOW} bytes, more than the longest match distance, move to its
   * start.
   */
  private static final class Output {
    static final int BUFFER = 1 << 20;
    static final int WINDOW = 1 << 16;

    private final OutputStream sink;
    final int maxOut;
    byte[] buffer;

    /** How many output bytes came before buffer[0]. */
    long base;

    /** buffer[0, flushed) is in the sink already. */
    private int flushed;

    Output(OutputStream sink, int size, int maxOut) {
      this.sink = sink;
      this.buffer = new byte[size];
      this.maxOut = maxOut;
    }

    /**
     * Room after {@code op} for more bytes, and returns where op is now. Without a sink, room for
     * all {@code need} of them. With one, while the buffer grows towards {@code BUFFER}, room for
     * all of them or for as many as fit below {@code BUFFER}; then, and whenever fewer than {@code
     * need} would fit past a full window's first {@code WINDOW} bytes, a slide, after which {@code
     * BUFFER - WINDOW} bytes fit. So a need of up to {@code BUFFER - WINDOW} bytes (the trailing
     * literals' three) always fits at once.
     */
    int room(int op, int need) throws IOException {
      if (sink == null || buffer.length < BUFFER) {
        long limit = sink == null ? maxOut : BUFFER;
        long size = Math.min(limit, Math.max((long) op + need, 2L * buffer.length));
        buffer = Arrays.copyOf(buffer, (int) size);
        if (sink == null || buffer.length - op >= need || op < WINDOW) {
          return op;
        }
      }
      flush(op);
      System.arraycopy(buffer, op - WINDOW, buffer, 0, WINDOW);
      base += op - WINDOW;
      flushed = WINDOW;
      return WINDOW;
    }

    /** How far op may go in this buffer before the limit: maxOut less what slid out of it. */
    int budget() {
      return (int) (maxOut - base);
    }

    void flush(int op) throws IOException {
      if (sink != null && op > flushed) {
        sink.write(buffer, flushed, op - flushed);
        flushed = op;
      }
    }
  }

  /**
   * One decompression run: the whole token loop in one method over local variables, as this is the
   * client's hottest loop (an object of tens of MB per job) and the agent's JIT is C1, which keeps
   * locals in registers but fields in memory and inlines little. Every read and copy is
   * bounds-checked: a malformed or hostile stream ends in a WireException, never outside the arrays
   * or beyond {@code maxOut}.
   */
  private static final class Decoder {
    private Decoder() {}

    /** Decodes into {@code output}; returns the end of what it wrote in its buffer. */
    static int run(byte[] in, int start, int end, Output output) throws IOException {
      byte[] out = output.buffer;
      final int maxOut = output.maxOut;
      int budget = output.budget();
      int ip = start;
      int op = 0;
      int state = 0;
      // A stream may open with a byte over 17: a literal run of that many bytes less 17.
      boolean first = ip < end && (in[ip] & 0xff) > 17;
      while (true) {
        if (ip >= end) {
          throw endsEarly();
        }
        int t = in[ip++] & 0xff;
        int distance;
        int length;
        int last = t;
        if (first || (t < 16 && state == 0)) {
          int count = first ? t - 17 : t + 3;
          if (t == 0) {
            int zeros = zeros(in, ip, end, maxOut);
            ip += zeros;
            count = 15 + 255 * zeros + (in[ip++] & 0xff) + 3;
          }
          if (count > end - ip) {
            throw literalsPastEnd(count);
          }
          if (count > budget - op) {
            throw tooLong(maxOut);
          }
          int run = count;
          while (true) {
            int n = Math.min(count, out.length - op);
            System.arraycopy(in, ip, output.buffer, op, n); // out, typed (see the match copy)
            ip += n;
            op += n;
            count -= n;
            if (count == 0) {
              break;
            }
            op = output.room(op, count);
            out = output.buffer;
            budget = output.budget();
          }
          state = first ? Math.min(run, 4) : 4;
          first = false;
          continue;
        }
        if (t < 16) {
          if (ip >= end) {
            throw endsEarly();
          }
          int h = in[ip++] & 0xff;
          if (state == 4) {
            distance = 2049 + (t >>> 2) + (h << 2);
            length = 3;
          } else {
            distance = 1 + (t >>> 2) + (h << 2);
            length = 2;
          }
        } else if (t >= 64) {
          if (ip >= end) {
            throw endsEarly();
          }
          int h = in[ip++] & 0xff;
          distance = 1 + ((t >>> 2) & 7) + (h << 3);
          length = (t >>> 5) + 1;
        } else {
          int mask = t >= 32 ? 31 : 7;
          length = t & mask;
          if (length == 0) {
            int zeros = zeros(in, ip, end, maxOut);
            ip += zeros;
            length = mask + 255 * zeros + (in[ip++] & 0xff);
          }
          length += 2;
          if (end - ip < 2) {
            throw endsEarly();
          }
          int lo = in[ip] & 0xff;
          int hi = in[ip + 1] & 0xff;
          ip += 2;
          last = lo;
          if (t >= 32) {
            distance = 1 + ((lo >>> 2) | (hi << 6));
          } else {
            distance = ((t & 8) << 11) + ((lo >>> 2) | (hi << 6));
            if (distance == 0) {
              if (ip != end) {
                throw new WireException("LZO stream has " + (end - ip) + " bytes after its end");
              }
              return op;
            }
            distance += 0x4000;
          }
        }
        // After a slide the window holds more than the longest distance a stream can encode.
        if (distance > op) {
          throw new WireException("LZO match distance " + distance + " reaches before the start");
        }
        if (length + (last & 3) > budget - op) {
          throw tooLong(maxOut);
        }
        // The match may overlap its own output (distance < length): the bytes then repeat with
        // period distance, so copying from the match's start what is already written stays
        // correct while each copy doubles in length. One System.arraycopy per match, even of 4
        // bytes, beats a loop under C1 (measured: 35 against 40 to 46 ms for a 26 MB object).
        // Past the buffer's end the window slides and the copy starts again one period back,
        // which the window keeps (it is longer than the longest distance). The copies take the
        // buffer from the field, not from the local: C1 gives a loop variable no declared type,
        // and an untyped System.arraycopy goes through the generic stub, which checks both
        // arrays' types at every call (48 against 45 ms for a 34 MB object of -g code).
        int from = op - distance;
        int left = length;
        while (true) {
          if (op == out.length) {
            op = output.room(op, left);
            out = output.buffer;
            budget = output.budget();
            from = op - distance;
          }
          int n = Math.min(Math.min(left, op - from), out.length - op);
          byte[] window = output.buffer; // out itself, typed: see the note above
          System.arraycopy(window, from, window, op, n);
          op += n;
          left -= n;
          if (left == 0) {
            break;
          }
        }
        int trailing = last & 3;
        if (trailing > 0) {
          if (trailing > end - ip) {
            throw literalsPastEnd(trailing);
          }
          if (trailing > out.length - op) {
            op = output.room(op, trailing);
            out = output.buffer;
            budget = output.budget();
          }
          for (int i = 0; i < trailing; i++) {
            out[op + i] = in[ip + i];
          }
          ip += trailing;
          op += trailing;
        }
        state = trailing;
      }
    }

    /**
     * How many zero bytes of an extended length start at {@code ip}; a non-zero byte follows them.
     */
    private static int zeros(byte[] in, int ip, int end, int maxOut) throws WireException {
      int limit = maxOut / 255 + 1;
      int n = 0;
      while (true) {
        if (ip + n >= end) {
          throw endsEarly();
        }
        if (in[ip + n] != 0) {
          return n;
        }
        if (++n > limit) {
          throw new WireException("LZO length exceeds the limit of " + maxOut + " bytes");
        }
      }
    }

    private static WireException tooLong(int maxOut) {
      return new WireException("LZO data expands beyond the limit of " + maxOut + " bytes");
    }

    private static WireException endsEarly() {
      return new WireException("LZO stream ends early");
    }

    private static WireException literalsPastEnd(int count) {
      return new WireException("LZO literal run of " + count + " bytes passes the end of input");
    }
  }
}
