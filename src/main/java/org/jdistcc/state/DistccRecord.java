package org.jdistcc.state;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * distcc 3.4's state record, the start of every note: the C structure its clients write in native
 * byte order and its monitors ({@code distccmon-text}, {@code distccmon-gnome}) read, so they show
 * jdistcc's jobs and jdistcc's monitor shows theirs. Fields in order, with a machine word of 8
 * bytes on 64-bit systems and 4 on 32-bit ones:
 *
 * <pre>
 *   word      the record's size (296 bytes on 64-bit Linux, 280 on 32-bit)
 *   word      magic 0x44494800
 *   word      the client's process id
 *   char[128] the source file's base name, NUL-terminated
 *   char[128] the host's name (no port, user or options), NUL-terminated
 *   int32     the slot on that host
 *   int32     the phase: 0 Startup, 1 Blocked, 2 Connect, 3 Preprocess, 4 Send, 5 Compile,
 *             6 Receive, 7 Done
 *   word      a pointer distcc's monitor uses in memory, 0 in the file
 * </pre>
 *
 * distcc's monitors read exactly the record's size and ignore what follows, so jdistcc's own note
 * ({@link JobState}'s text, with the whole path, the host as written and the time) comes after it.
 */
final class DistccRecord {
  static final long MAGIC = 0x44494800L;
  private static final int NAME = 128;

  private final int word;
  private final ByteOrder order;

  DistccRecord(int word, ByteOrder order) {
    if (word != 4 && word != 8) {
      throw new IllegalArgumentException("a machine word of " + word + " bytes");
    }
    this.word = word;
    this.order = order;
  }

  /** The layout of the C compiler this JVM runs beside: its word size and byte order. */
  static DistccRecord ofThisMachine() {
    return new DistccRecord(
        "32".equals(System.getProperty("sun.arch.data.model")) ? 4 : 8, ByteOrder.nativeOrder());
  }

  int size() {
    return size(word);
  }

  /** The record's size for a machine word of {@code word} bytes. */
  static int size(int word) {
    return 4 * word + 2 * NAME + 8;
  }

  /** A record with these fields; names are cut to 127 bytes as distcc's {@code strlcpy} cuts. */
  byte[] encode(long pid, int phase, String fileName, String hostName, int slot) {
    ByteBuffer b = ByteBuffer.allocate(size()).order(order);
    putWord(b, size());
    putWord(b, MAGIC);
    putWord(b, pid);
    putName(b, fileName);
    putName(b, hostName);
    b.putInt(slot);
    b.putInt(phase);
    putWord(b, 0);
    return b.array();
  }

  /** A record read back: what distcc's monitor checks before it believes one. */
  record Fields(long pid, int phase, String fileName, String hostName, int slot) {}

  /** The record at the start of {@code note}, or empty when it has none (size or magic differ). */
  Optional<Fields> decode(byte[] note) {
    if (note.length < size()) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(note, 0, size()).order(order);
    if (getWord(b) != size() || getWord(b) != MAGIC) {
      return Optional.empty();
    }
    long pid = getWord(b);
    String file = getName(b);
    String host = getName(b);
    int slot = b.getInt();
    int phase = b.getInt();
    return Optional.of(new Fields(pid, phase, file, host, slot));
  }

  private void putWord(ByteBuffer b, long value) {
    if (word == 8) {
      b.putLong(value);
    } else {
      b.putInt((int) value);
    }
  }

  private long getWord(ByteBuffer b) {
    return word == 8 ? b.getLong() : b.getInt() & 0xffffffffL;
  }

  private static void putName(ByteBuffer b, String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, NAME - 1);
    b.put(bytes, 0, length);
    b.put(new byte[NAME - length]); // the NUL and the rest of the field
  }

  private static String getName(ByteBuffer b) {
    byte[] field = new byte[NAME];
    b.get(field);
    int end = 0;
    while (end < NAME - 1 && field[end] != 0) {
      end++;
    }
    return new String(field, 0, end, StandardCharsets.UTF_8);
  }
}
