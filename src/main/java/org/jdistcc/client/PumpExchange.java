package org.jdistcc.client;

import java.io.IOException;
import org.jdistcc.DistccException;
import org.jdistcc.protocol.ObjectSink;
import org.jdistcc.protocol.PumpCodec;
import org.jdistcc.protocol.PumpRequest;
import org.jdistcc.protocol.PumpResponse;
import org.jdistcc.protocol.WireLimits;
import org.jdistcc.state.Phase;
import org.jdistcc.transport.Connection;

/**
 * One protocol 3 request and its response over an open connection: {@link RemoteCompile} for pump
 * mode. No decisions, no retries; failures are DistccExceptions as there.
 */
final class PumpExchange {
  private PumpExchange() {}

  /** The answer, and how many bytes went each way on the wire (after compression). */
  record Exchange(PumpResponse response, long sent, long received) {}

  /** The exchange, with a successful answer's object read into {@code sink} when it opens one. */
  static Exchange exchange(
      Connection connection, PumpRequest request, JobTracker tracker, ObjectSink sink)
      throws DistccException {
    try {
      tracker.phase(Phase.SEND);
      RemoteCompile.CountingOutputStream out =
          new RemoteCompile.CountingOutputStream(connection.output());
      PumpCodec.writeRequest(request, out);
      connection.finishSending();
      tracker.phase(Phase.COMPILE);
      RemoteCompile.CountingInputStream in =
          new RemoteCompile.CountingInputStream(connection.input(), tracker);
      PumpResponse response = PumpCodec.readResponse(in, WireLimits.DEFAULT, sink);
      return new Exchange(response, out.count, in.count);
    } catch (IOException e) { // a DistccException from the codec too
      throw RemoteCompile.failure(connection, e);
    }
  }
}
