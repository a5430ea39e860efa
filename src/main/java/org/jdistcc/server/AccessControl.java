package org.jdistcc.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * Which client addresses may use the daemon, from {@code --allow ADDR[/BITS]} and {@code
 * --allow-private} (distcc 3.4 semantics). Only consulted when the daemon's input is a TCP socket:
 * over SSH or a pipe, the transport already decided who may connect.
 */
final class AccessControl {
  /** The networks {@code --allow-private} means, as in distcc 3.4. */
  static final List<String> PRIVATE_NETWORKS =
      List.of(
          "192.168.0.0/16",
          "10.0.0.0/8",
          "172.16.0.0/12",
          "127.0.0.0/8",
          "fe80::/10",
          "fc00::/7",
          "::1/128");

  private record Network(byte[] address, int bits) {
    boolean contains(byte[] candidate) {
      if (candidate.length != address.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (candidate[i] != address[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (candidate[whole] & mask) == (address[whole] & mask);
    }
  }

  private final List<Network> networks;

  private AccessControl(List<Network> networks) {
    this.networks = List.copyOf(networks);
  }

  /** Parses allow specs such as {@code 10.0.0.0/8}, {@code 192.168.1.7} or {@code fc00::/7}. */
  static AccessControl parse(List<String> specs) throws DistccException {
    List<Network> networks = new ArrayList<>();
    for (String spec : specs) {
      networks.add(parseOne(spec));
    }
    return new AccessControl(networks);
  }

  boolean allows(InetAddress client) {
    byte[] address = unmapped(client.getAddress());
    for (Network network : networks) {
      if (network.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static Network parseOne(String spec) throws DistccException {
    int slash = spec.indexOf('/');
    String host = slash < 0 ? spec : spec.substring(0, slash);
    if (!host.matches("[0-9a-fA-F:.]+")) {
      throw bad(spec, "not a numeric address");
    }
    byte[] address;
    try {
      address = InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      throw bad(spec, "not a numeric address");
    }
    int max = address.length * 8;
    int bits = max;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(spec.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw bad(spec, "the mask is not a number");
      }
      if (bits < 0 || bits > max) {
        throw bad(spec, "the mask must be 0.." + max);
      }
    }
    return new Network(address, bits);
  }

  /** An IPv4 client reached over an IPv6 socket appears as ::ffff:a.b.c.d; compare it as IPv4. */
  private static byte[] unmapped(byte[] address) {
    if (address.length == 16) {
      for (int i = 0; i < 10; i++) {
        if (address[i] != 0) {
          return address;
        }
      }
      if ((address[10] & 0xff) == 0xff && (address[11] & 0xff) == 0xff) {
        byte[] v4 = new byte[4];
        System.arraycopy(address, 12, v4, 0, 4);
        return v4;
      }
    }
    return address;
  }

  private static DistccException bad(String spec, String why) {
    return new DistccException(
        ExitCode.BAD_ARGUMENTS, "bad --allow value \"" + spec + "\": " + why);
  }
}
