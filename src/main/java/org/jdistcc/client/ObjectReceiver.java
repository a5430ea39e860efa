package org.jdistcc.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.FileBytes;
import org.jdistcc.Leftovers;
import org.jdistcc.MainExit;
import org.jdistcc.protocol.ObjectSink;

/**
 * A job's object on its way from the wire to its file: decoded into the target's temporary twin
 * ({@link ObjectFile.Twin}) as it arrives, so that no object-sized array is made, and renamed into
 * place by {@link #place} once the whole answer is in and its messages are out. Only a target that
 * a new object replaces by rename is streamed; one written into what is there (an empty file, a
 * device, a FIFO) and a job whose object DISTCC_VERIFY checks first keep the object in memory, as
 * {@link ObjectFile#write} takes it.
 *
 * <p>Each answer read opens a new twin and removes the one before (a retry on the same job); {@link
 * #close} removes one that was not placed. A failure to write the twin is this machine's, not the
 * volunteer's: {@link #failure} tells it apart from a broken connection.
 */
final class ObjectReceiver implements ObjectSink, AutoCloseable {
  private final Path target;
  private final String output;
  private final boolean streams;
  private final Leftovers leftovers;
  private ObjectFile.Twin twin;
  private DistccException failure;

  /**
   * @param target the object's path
   * @param output the object as the command names it, for messages
   * @param streams whether the object may go to a twin at all
   */
  ObjectReceiver(Path target, String output, boolean streams, Leftovers leftovers) {
    this.target = target;
    this.output = output;
    this.streams = streams;
    this.leftovers = leftovers;
  }

  @Override
  public OutputStream open() throws IOException {
    discard();
    failure = null;
    if (!streams) {
      return null;
    }
    try {
      Optional<Path> name = ObjectFile.renamedInto(target);
      if (name.isEmpty()) {
        return null;
      }
      twin = ObjectFile.Twin.open(name.get(), leftovers);
    } catch (IOException e) {
      throw failed(e);
    }
    return new TwinStream(twin);
  }

  /** Whether the last answer's object is in a twin, waiting for {@link #place}. */
  boolean received() {
    return twin != null;
  }

  /** Gives the received object its mode ({@code umask}) and renames it into place. */
  void place(int umask) throws DistccException {
    try (ObjectFile.Twin placed = twin) {
      twin = null;
      placed.place(umask);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** The error that ended the last read, when writing here was what failed. */
  Optional<DistccException> failure() {
    return Optional.ofNullable(failure);
  }

  /** Removes a twin that was not placed; failing that, says which file is left. */
  @Override
  public void close() throws DistccException {
    discard();
  }

  private void discard() throws DistccException {
    if (twin != null) {
      ObjectFile.Twin old = twin;
      twin = null;
      try {
        old.close();
      } catch (IOException e) {
        failure =
            new DistccException(
                ExitCode.IO_ERROR,
                "cannot remove the temporary file of " + output + ": " + MainExit.message(e),
                e);
        throw failure;
      }
    }
  }

  private DistccException failed(IOException e) {
    failure =
        new DistccException(
            ExitCode.IO_ERROR, "cannot write " + output + ": " + MainExit.message(e), e);
    return failure;
  }

  /** The twin's channel as the stream the decoder writes, its failures recorded as this job's. */
  private final class TwinStream extends OutputStream {
    private final ObjectFile.Twin into;

    TwinStream(ObjectFile.Twin into) {
      this.into = into;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        FileBytes.write(into.channel(), b, off, len);
      } catch (IOException e) {
        throw failed(e);
      }
    }
  }
}
