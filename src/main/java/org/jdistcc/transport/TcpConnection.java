package org.jdistcc.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/** A TCP connection to a volunteer's distccd, with connect and I/O timeouts. */
public final class TcpConnection extends StreamConnection {
  private final Socket socket;

  private TcpConnection(Socket socket, String name) throws IOException {
    super(
        new BufferedInputStream(socket.getInputStream(), 1 << 16),
        new BufferedOutputStream(socket.getOutputStream(), 1 << 16),
        name);
    this.socket = socket;
  }

  /**
   * Connects to {@code host:port}. Failures are DistccExceptions with CONNECT_FAILED (refused,
   * unreachable, unknown host) or TIMEOUT, so the caller can back the host off and fall back.
   */
  public static TcpConnection open(
      String host, int port, Duration connectTimeout, Duration ioTimeout) throws DistccException {
    String name = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    // Straight to the volunteer, as distcc does: a plain Socket would ask the JDK's proxy
    // selector about every connection (URI parsing, properties) and go through its SOCKS layer.
    Socket socket = new Socket(Proxy.NO_PROXY);
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, ioTimeout.toMillis()));
      socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
      return new TcpConnection(socket, name);
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw new DistccException(ExitCode.TIMEOUT, "connect to " + name + " timed out", e);
    } catch (UnknownHostException e) {
      closeQuietly(socket);
      throw new DistccException(ExitCode.CONNECT_FAILED, "unknown host " + host, e);
    } catch (IOException e) { // refused, no route, reset: the host is unreachable
      closeQuietly(socket);
      throw new DistccException(
          ExitCode.CONNECT_FAILED, "connect to " + name + " failed: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
