package org.jdistcc.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where DISTCC_TRACE sends records: a file that every client appends to (one write per line, in
 * append mode, so concurrent clients interleave whole lines), or a directory, where each client
 * writes a file of its own.
 */
public final class TraceFile {
  private TraceFile() {}

  public static void append(Path target, TraceRecord record) throws IOException {
    Path file =
        Files.isDirectory(target) ? target.resolve("trace-" + record.pid() + ".jsonl") : target;
    ByteBuffer line = ByteBuffer.wrap((record.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
    try (FileChannel out =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      while (line.hasRemaining()) {
        out.write(line);
      }
    }
  }
}
