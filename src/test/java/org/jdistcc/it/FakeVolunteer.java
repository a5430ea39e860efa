package org.jdistcc.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A misbehaving volunteer on a loopback port, for fault tests: it reads the client's request and
 * then closes, resets, never answers, answers garbage, sends an object shorter than it announced
 * (plain or compressed) or one that decodes partly and then fails, or reports its compiler killed
 * by SIGKILL. Serves connections until closed.
 */
final class FakeVolunteer implements AutoCloseable {
  enum Mode {
    CLOSE,
    RESET,
    SILENT,
    GARBAGE,
    TRUNCATED_OBJECT,
    KILLED_COMPILER,
    /** A protocol 2 answer whose compressed object ends before its announced length. */
    TRUNCATED_LZO_OBJECT,
    /** A protocol 2 answer whose object decodes to 2 MB and then ends without its end marker. */
    DAMAGED_LZO_OBJECT
  }

  private final ServerSocket server;
  private final Mode mode;
  private final List<Socket> held = new ArrayList<>();
  private final Thread thread;

  FakeVolunteer(Mode mode) throws IOException {
    this.mode = mode;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.thread = new Thread(this::serve, "fake-volunteer-" + mode);
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void serve() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        handle(socket);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] start = in.readNBytes(12); // DIST00000001: a real request began
    if (start.length < 12) {
      socket.close();
      return;
    }
    OutputStream out = socket.getOutputStream();
    switch (mode) {
      case CLOSE -> socket.close();
      case RESET -> {
        socket.setSoLinger(true, 0);
        socket.close();
      }
      case SILENT -> {
        synchronized (held) {
          held.add(socket); // keep it open and say nothing
        }
      }
      case GARBAGE -> {
        drainBriefly(socket, in);
        out.write(
            "HTTP/1.1 400 Bad Request\r\nServer: not-distcc\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.close();
      }
      case KILLED_COMPILER -> {
        drainBriefly(socket, in);
        // A wait status of 9: the compiler died of SIGKILL there, as under an OOM killer.
        out.write(
            "DONE00000001STAT00000009SERR00000000SOUT00000000DOTO00000000"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.close();
      }
      case TRUNCATED_LZO_OBJECT, DAMAGED_LZO_OBJECT -> {
        drainBriefly(socket, in);
        // 15 literal bytes, then a match of 2,097,154 bytes one back (a length of 31 + 255 for
        // each of 8,224 zero bytes + 1, + 2), then nothing: the stream lacks its end marker, so
        // decoding fails after more than a megabyte went out of the decoder's window.
        byte[] body = new byte[1 + 15 + 1 + 8224 + 1 + 2];
        body[0] = 0x20;
        java.util.Arrays.fill(body, 1, 16, (byte) 'A');
        body[16] = 0x20;
        body[16 + 8224 + 1] = 1;
        String announced =
            String.format("%08x", mode == Mode.DAMAGED_LZO_OBJECT ? body.length : 1 << 16);
        out.write(
            ("DONE00000002STAT00000000SERR00000000SOUT00000000DOTO" + announced)
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        socket.close();
      }
      case TRUNCATED_OBJECT -> {
        drainBriefly(socket, in);
        out.write(
            ("DONE00000001STAT00000000SERR00000000SOUT00000000DOTO00001000" + "\u007fELF-partial")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.close();
      }
    }
  }

  /** Reads what the client sends for a moment, so that it is not reset while still writing. */
  private static void drainBriefly(Socket socket, InputStream in) throws IOException {
    socket.setSoTimeout(300);
    byte[] buf = new byte[65536];
    try {
      while (in.read(buf) > 0) {
        // discard
      }
    } catch (java.net.SocketTimeoutException done) {
      // the request is in
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (held) {
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
