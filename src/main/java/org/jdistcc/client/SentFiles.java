package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdistcc.include.AnalysisCache;
import org.jdistcc.protocol.PumpEntry;

/**
 * The files pump jobs send, kept between jobs with their FILE packets already compressed: a build
 * sends the same project headers with every job, and compressing them again cost a tenth of a pump
 * job's CPU. An entry is used while the file's stamp ({@link AnalysisCache#stamp}) is unchanged:
 * the stamp the job's include analysis took, so no second stat. The contents are read after that
 * stat, so an entry is never older than its stamp; a file changed in between has a new stamp by the
 * next job. Bounded: once the entries made since the last start add up to {@value #MAX_BYTES} bytes
 * (contents and packets, a replaced entry still counted) it starts again empty. Safe for concurrent
 * jobs.
 */
final class SentFiles {
  static final long MAX_BYTES = 128L << 20;

  private record Entry(AnalysisCache.Stamp stamp, PumpEntry.File file) {}

  private final Map<Path, Entry> files = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final long maxBytes;

  SentFiles() {
    this(MAX_BYTES);
  }

  SentFiles(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * The entry for {@code path}, absolute, named as it is; {@code stamp} is the one the job's
   * analysis took, or null to stat the file now.
   */
  PumpEntry.File file(Path path, AnalysisCache.Stamp stamp) throws IOException {
    if (stamp == null) {
      stamp = AnalysisCache.stamp(path);
    }
    Entry known = files.get(path);
    if (known != null && stamp != null && known.stamp().equals(stamp)) {
      return known.file();
    }
    PumpEntry.File file = PumpEntry.File.packed(path.toString(), Files.readAllBytes(path));
    if (stamp != null) {
      long size = file.content().length + (long) file.packed().length;
      if (bytes.addAndGet(size) > maxBytes) {
        files.clear();
        bytes.set(size);
      }
      files.put(path, new Entry(stamp, file));
    }
    return file;
  }
}
