package org.jdistcc.client;

import java.io.IOException;
import java.net.SocketTimeoutException;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.protocol.CompileRequest;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.protocol.RequestCodec;
import org.jdistcc.protocol.ResponseCodec;
import org.jdistcc.protocol.WireLimits;
import org.jdistcc.transport.Connection;

/**
 * One request and its response over an open connection; no decisions, no retries. Every failure
 * is a DistccException (TIMEOUT, IO_ERROR or PROTOCOL_ERROR) that names the volunteer and, where
 * the transport said something (an ssh error), what it said.
 */
final class RemoteCompile {
  private RemoteCompile() {}

  static CompileResponse exchange(Connection connection, CompileRequest request) throws DistccException {
    try {
      RequestCodec.write(request, connection.output());
      connection.finishSending();
      return ResponseCodec.read(connection.input(), request.version(), WireLimits.DEFAULT);
    } catch (DistccException e) {
      throw new DistccException(e.exitCode(), withTransportText(e.getMessage(), connection), e);
    } catch (SocketTimeoutException e) {
      throw new DistccException(ExitCode.TIMEOUT,
          "no answer from " + connection.describe() + " within DISTCC_IO_TIMEOUT", e);
    } catch (IOException e) {
      throw new DistccException(ExitCode.IO_ERROR,
          withTransportText("connection to " + connection.describe() + " failed: " + e.getMessage(),
              connection), e);
    }
  }

  private static String withTransportText(String message, Connection connection) {
    String said = connection.errorText();
    return said.isEmpty() ? message : message + " (" + said.replace('\n', ' ') + ")";
  }
}
