package org.jdistcc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Whole files in and out of byte arrays through slices of at most {@link #SLICE} bytes. The JDK
 * passes a heap buffer to the kernel through a temporary direct buffer of the buffer's size, and
 * keeps the largest in a cache per thread: {@code Files.readAllBytes} or one {@code write} of a 40
 * MB object costs 40 MB of native memory, counted against {@code MaxDirectMemorySize} (the heap's
 * limit unless set). In the agent, whose pool threads each keep such a buffer, a few large objects
 * at once exhausted it. Not a stream: for files read or written whole.
 */
public final class FileBytes {
  private FileBytes() {}

  /** The most bytes handed to one read or write. */
  public static final int SLICE = 1 << 16;

  /** The file's bytes, read to its end (also when it grew since its size was taken). */
  public static byte[] read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 8) {
        throw new IOException(file + " is too large to read whole (" + size + " bytes)");
      }
      byte[] bytes = new byte[(int) size];
      int done = 0;
      while (true) {
        if (done == bytes.length) {
          // At the size it had: one more byte says whether it grew.
          byte[] probe = new byte[1];
          if (channel.read(ByteBuffer.wrap(probe)) <= 0) {
            return bytes;
          }
          bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, bytes.length + SLICE));
          bytes[done++] = probe[0];
        }
        int n = channel.read(ByteBuffer.wrap(bytes, done, Math.min(SLICE, bytes.length - done)));
        if (n < 0) {
          return Arrays.copyOf(bytes, done);
        }
        done += n;
      }
    }
  }

  /**
   * Writes {@code bytes} to a new file: one that exists already, or a symbolic link in its place,
   * is an error, never replaced.
   */
  public static void writeNew(Path file, byte[] bytes) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      write(channel, bytes);
    }
  }

  /** Writes all of {@code bytes} at the channel's position. */
  public static void write(FileChannel channel, byte[] bytes) throws IOException {
    write(channel, bytes, 0, bytes.length);
  }

  /** Writes {@code len} bytes of {@code bytes} from {@code off} at the channel's position. */
  public static void write(FileChannel channel, byte[] bytes, int off, int len) throws IOException {
    for (int done = 0; done < len; ) {
      ByteBuffer slice = ByteBuffer.wrap(bytes, off + done, Math.min(SLICE, len - done));
      while (slice.hasRemaining()) {
        done += channel.write(slice);
      }
    }
  }
}
