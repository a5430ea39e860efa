package org.jdistcc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessControlTest {
  @ParameterizedTest(name = "{0} allows {1}: {2}")
  @CsvSource({
    "127.0.0.1, 127.0.0.1, true",
    "127.0.0.1, 127.0.0.2, false",
    "10.0.0.0/8, 10.200.3.4, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "192.168.1.0/24, 192.168.1.255, true",
    "192.168.1.0/24, 192.168.2.1, false",
    "172.16.0.0/12, 172.31.255.255, true",
    "172.16.0.0/12, 172.32.0.1, false",
    "192.168.1.7/30, 192.168.1.4, true",
    "0.0.0.0/0, 8.8.8.8, true",
    "::1/128, ::1, true",
    "fc00::/7, fd12:3456::1, true",
    "fc00::/7, fe80::1, false",
    "127.0.0.0/8, ::ffff:127.0.0.1, true",
    "10.0.0.0/8, ::1, false",
  })
  void allowSpecMatchesLikeDistcc(String spec, String client, boolean allowed) throws Exception {
    AccessControl access = AccessControl.parse(List.of(spec));
    assertEquals(allowed, access.allows(InetAddress.getByName(client)));
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1", "10.1.2.3", "192.168.0.9", "172.20.1.1", "::1", "fe80::1"})
  void privateNetworksAreAllowedByAllowPrivate(String client) throws Exception {
    assertTrue(
        AccessControl.parse(AccessControl.PRIVATE_NETWORKS).allows(InetAddress.getByName(client)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "example.com | not a numeric address",
        "10.0.0.0/33 | mask must be 0..32",
        "10.0.0.0/x  | mask is not a number",
        "::1/129     | mask must be 0..128",
      })
  void badAllowSpecIsAOneLineError(String spec, String message) {
    DistccException e =
        assertThrows(DistccException.class, () -> AccessControl.parse(List.of(spec)));
    assertEquals(ExitCode.BAD_ARGUMENTS, e.exitCode());
    assertTrue(e.getMessage().contains(spec) && e.getMessage().contains(message), e.getMessage());
  }
}
