package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import org.jdistcc.DirectBuffers;
import org.junit.jupiter.api.Test;

class TokenStreamsTest {
  @Test
  void largeBodyCrossesASocketChannelWithoutADirectBufferOfItsSize() throws Exception {
    byte[] body = new byte[16 << 20];
    new Random(16).nextBytes(body);
    byte[][] received = new byte[1][];
    long grew;
    // The streams the warm daemon uses: a socket channel's, buffered as there.
    try (ServerSocketChannel listener =
        ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      grew =
          DirectBuffers.growth(
              () -> {
                Throwable[] failed = new Throwable[1];
                Thread reader =
                    new Thread(
                        () -> {
                          try (SocketChannel in = listener.accept()) {
                            InputStream stream =
                                new BufferedInputStream(in.socket().getInputStream(), 1 << 16);
                            received[0] = new TokenReader(stream).readBody("DOTO", body.length);
                          } catch (Throwable e) {
                            failed[0] = e;
                          }
                        });
                reader.start();
                try (SocketChannel out = SocketChannel.open(listener.getLocalAddress())) {
                  OutputStream stream =
                      new BufferedOutputStream(out.socket().getOutputStream(), 1 << 16);
                  TokenWriter writer = new TokenWriter(stream);
                  writer.writeBody("DOTO", body);
                  writer.flush();
                }
                reader.join();
                if (failed[0] != null) {
                  throw new AssertionError("reading failed", failed[0]);
                }
              });
    }
    assertArrayEquals(body, received[0]);
    assertTrue(grew < 1 << 20, "direct buffers grew by " + grew + " bytes");
  }
}
