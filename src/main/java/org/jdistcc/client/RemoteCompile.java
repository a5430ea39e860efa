package org.jdistcc.client;

import java.io.IOException;
import org.jdistcc.protocol.CompileRequest;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.protocol.RequestCodec;
import org.jdistcc.protocol.ResponseCodec;
import org.jdistcc.protocol.WireLimits;
import org.jdistcc.transport.Connection;

/** One request and its response over an open connection; no decisions, no retries. */
final class RemoteCompile {
  private RemoteCompile() {}

  static CompileResponse exchange(Connection connection, CompileRequest request) throws IOException {
    RequestCodec.write(request, connection.output());
    connection.finishSending();
    return ResponseCodec.read(connection.input(), request.version(), WireLimits.DEFAULT);
  }
}
