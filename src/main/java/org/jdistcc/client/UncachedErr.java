package org.jdistcc.client;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the in-process client writes distcc's own messages: the descriptor ccache names in
 * UNCACHED_ERR_FD, so that they reach the user but not ccache's copy of the compiler's stderr
 * (which a cache hit replays), or else stderr. Read once, in main. The agent does not use this: it
 * sends those messages to the launcher, which writes them to the descriptor itself.
 *
 * <p>Java reaches a descriptor above 2 only by opening {@code /proc/self/fd/N}, which makes a new
 * open file with an offset of its own. That is harmless for a terminal, a pipe, or a file opened
 * for appending; a regular file opened without O_APPEND (a shell's {@code 2>log}) would have the
 * next write through the original descriptor overwrite ours, so there the messages go to stderr.
 */
final class UncachedErr {
  private UncachedErr() {}

  /** O_APPEND in the octal "flags:" line of /proc/self/fdinfo/N (Linux, every architecture). */
  private static final int O_APPEND = 02000;

  /**
   * The stream for {@code fd} (Settings.uncachedErrFd), or {@code err} when it cannot be shared.
   */
  static PrintStream open(Optional<Integer> fd, PrintStream out, PrintStream err) {
    if (fd.isEmpty() || fd.get() == 2) {
      return err;
    }
    if (fd.get() == 1) {
      return out;
    }
    Path link = Path.of("/proc/self/fd", fd.get().toString());
    try {
      String info = Files.readString(Path.of("/proc/self/fdinfo", fd.get().toString()));
      if (!shareable(Files.isRegularFile(link), info)) {
        return err;
      }
      return new PrintStream(
          new FileOutputStream(link.toFile(), true), true, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return err; // not open, or a socket (which /proc cannot reopen)
    }
  }

  /**
   * Whether a second open of a descriptor writes where the first would: always unless it is a
   * regular file without O_APPEND in its {@code fdinfo} ("pos:", "flags:" in octal, ...).
   */
  static boolean shareable(boolean regularFile, String fdinfo) {
    if (!regularFile) {
      return true;
    }
    for (String line : fdinfo.split("\n")) {
      if (line.startsWith("flags:")) {
        try {
          return (Integer.parseInt(line.substring("flags:".length()).trim(), 8) & O_APPEND) != 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }
}
