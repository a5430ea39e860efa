package org.jdistcc.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.regex.Pattern;
import org.jdistcc.protocol.ProtocolVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HostSpec checks names character by character (the client parses hosts at every start, and regular
 * expressions cost it start-up time). The regular expressions they replaced are the oracle here.
 */
class HostSpecTest {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._$-]*");
  private static final Pattern BAD_COMMAND = Pattern.compile(".*[\\s,#].*");
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

  private static boolean accepted(Runnable construct) {
    try {
      construct.run();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "localhost",
        "a",
        "build-01.example.com",
        "10.0.0.1",
        "::1",
        "fe80::1%eth0",
        "fe80::1%",
        "::1%e%0",
        "-host",
        ".host",
        "host_1",
        "ho st",
        "h@st",
        "",
        "[::1]",
        "::g",
        "1:2:3::4.5.6.7",
        "\u0661\u0662:1",
        "FE80::A",
        "host:1",
        "ab\u00e9"
      })
  void hostNamesAreCheckedAsTheRegularExpressionsDid(String host) {
    boolean expected =
        NAME.matcher(host).matches() || host.contains(":") && IPV6.matcher(host).matches();
    assertEquals(
        expected,
        accepted(() -> new HostSpec.Tcp(host, 3632, 2, ProtocolVersion.PLAIN, false)),
        host);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {"alice", "a.b", "_svc", "$x", "a$", "a-b", "-a", "", "a b", "al@ce", "\u00e9"})
  void userNamesAreCheckedAsTheRegularExpressionDid(String user) {
    assertEquals(
        USER.matcher(user).matches(),
        accepted(
            () ->
                new HostSpec.Ssh(
                    Optional.of(user), "h", Optional.empty(), 2, ProtocolVersion.PLAIN, false)),
        user);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "/usr/bin/distccd",
        "distccd",
        "a b",
        "a,b",
        "a#b",
        "a\tb",
        "a\u000bb",
        "a\fb",
        "a\rb",
        "/opt/x y/distccd",
        "d\u00e9"
      })
  void sshCommandsAreCheckedAsTheRegularExpressionDid(String command) {
    assertEquals(
        !BAD_COMMAND.matcher(command).matches(),
        accepted(
            () ->
                new HostSpec.Ssh(
                    Optional.empty(), "h", Optional.of(command), 2, ProtocolVersion.PLAIN, false)),
        command);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"/opt/jdistcc/bin/distccd", "distccd", "a+b:c", "\u00fc/x"})
  void pipeKeysReplaceUnsafeCharactersAsTheRegularExpressionDid(String command) {
    assertEquals(
        "pipe_"
            + UNSAFE.matcher(command).replaceAll("_")
            + "_"
            + Integer.toHexString(command.hashCode()),
        new HostSpec.Pipe(command, 1, ProtocolVersion.PLAIN, false).key());
  }
}
