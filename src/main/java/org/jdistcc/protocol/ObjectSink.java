package org.jdistcc.protocol;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where the object of a successful answer goes while it is read, instead of into an array: a client
 * writes it straight to its file, so that an object of hundreds of megabytes costs a window of
 * memory, not its size.
 */
public interface ObjectSink {
  /** Keeps every object in memory, in {@link CompileResponse#object}. */
  ObjectSink IN_MEMORY = () -> null;

  /**
   * The stream the object is written to, asked for when the answer's status says the compile
   * succeeded and its DOTO packet is next; null keeps this object in memory. The reader closes the
   * stream once the whole object is written; what the stream throws ends the read.
   */
  OutputStream open() throws IOException;
}
