package org.jdistcc.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/** A TCP connection to a volunteer's distccd, with connect and I/O timeouts. */
public final class TcpConnection implements Connection {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String name;

  private TcpConnection(Socket socket, String name) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    this.name = name;
  }

  /**
   * Connects to {@code host:port}. Failures are DistccExceptions with CONNECT_FAILED (refused,
   * unreachable, unknown host) or TIMEOUT, so the caller can back the host off and fall back.
   */
  public static TcpConnection open(String host, int port, Duration connectTimeout, Duration ioTimeout)
      throws DistccException {
    String name = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    Socket socket = new Socket();
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
  public InputStream input() {
    return in;
  }

  @Override
  public OutputStream output() {
    return out;
  }

  @Override
  public void finishSending() throws IOException {
    // No half-close: distccd 3.4 watches the client socket while compiling and kills the job
    // when it reads end of file there, taking it for a client that went away.
    out.flush();
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
