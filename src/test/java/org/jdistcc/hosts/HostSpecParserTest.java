package org.jdistcc.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.protocol.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostSpecParserTest {

  /** The same one-line description distcc's h_hosts test helper prints, without its padding. */
  static String describe(HostSpec spec) {
    if (spec instanceof HostSpec.Local l) {
      return l.limit() + " LOCAL";
    } else if (spec instanceof HostSpec.Tcp t) {
      return t.limit() + " TCP " + t.host() + " " + t.port();
    } else if (spec instanceof HostSpec.Ssh s) {
      return s.limit()
          + " SSH "
          + s.user().orElse("(no-user)")
          + " "
          + s.host()
          + " "
          + s.command().orElse("(no-command)");
    } else if (spec instanceof HostSpec.Pipe p) {
      return p.limit() + " PIPE " + p.command();
    }
    throw new AssertionError(spec);
  }

  /** distcc's ParseHostSpec_Case, verbatim: one variable, sixteen hosts. */
  @Test
  void distccParseHostSpecCaseGivesTheSameSixteenHosts() throws DistccException {
    String spec =
        "localhost 127.0.0.1 @angry   ted@angry\n"
            + "        \t@angry:/home/mbp/bin/distccd  angry:4204\n"
            + "        ipv4-localhost\n"
            + "        angry/44\n"
            + "        angry:300/44\n"
            + "        angry/44:300\n"
            + "        angry,lzo\n"
            + "        angry:3000,lzo    # some comment\n"
            + "        angry/44,lzo\n"
            + "        @angry,lzo#asdasd\n"
            + "        # oh yeah nothing here\n"
            + "        @angry:/usr/sbin/distccd,lzo\n"
            + "        localhostbutnotreally\n"
            + "        ";
    List<String> expected =
        List.of(
            "2 LOCAL",
            "4 TCP 127.0.0.1 3632",
            "4 SSH (no-user) angry (no-command)",
            "4 SSH ted angry (no-command)",
            "4 SSH (no-user) angry /home/mbp/bin/distccd",
            "4 TCP angry 4204",
            "4 TCP ipv4-localhost 3632",
            "44 TCP angry 3632",
            "44 TCP angry 300",
            "44 TCP angry 300",
            "4 TCP angry 3632",
            "4 TCP angry 3000",
            "44 TCP angry 3632",
            "4 SSH (no-user) angry (no-command)",
            "4 SSH (no-user) angry /usr/sbin/distccd",
            "4 TCP localhostbutnotreally 3632");
    HostList list = HostSpecParser.parse(spec);
    assertEquals(expected, list.hosts().stream().map(HostSpecParserTest::describe).toList());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // localhost
        "localhost                 | 2 LOCAL",
        "localhost/1               | 1 LOCAL",
        "localhost/16              | 16 LOCAL",
        "localhost:3632            | 4 TCP localhost 3632",
        "localhostbutnotreally/3   | 3 TCP localhostbutnotreally 3632",
        // TCP, both orders of port and limit
        "angry                     | 4 TCP angry 3632",
        "10.0.0.1:4000/2           | 2 TCP 10.0.0.1 4000",
        "10.0.0.1/2:4000           | 2 TCP 10.0.0.1 4000",
        "build-01.example.com:1    | 4 TCP build-01.example.com 1",
        "angry:65535               | 4 TCP angry 65535",
        "angry/10000               | 10000 TCP angry 3632",
        // IPv6
        "[::1]                     | 4 TCP ::1 3632",
        "[::1]:3633                | 4 TCP ::1 3633",
        "[fe80::1%eth0]/8:3633     | 8 TCP fe80::1%eth0 3633",
        "[2001:db8::7]/3,lzo       | 3 TCP 2001:db8::7 3632",
        // ssh
        "@angry/8                  | 8 SSH (no-user) angry (no-command)",
        "ted@angry/8:/opt/distccd  | 8 SSH ted angry /opt/distccd",
        "ted@angry:distccd         | 4 SSH ted angry distccd",
        "ted@angry:/a/b/c,lzo,cpp  | 4 SSH ted angry /a/b/c",
        "ted@[::1]/2               | 2 SSH ted ::1 (no-command)",
      })
  void oneEntryParses(String token, String expected) throws DistccException {
    assertEquals(expected, describe(HostSpecParser.parseHost(token)));
  }

  @ParameterizedTest(name = "{0} speaks {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "angry               | PLAIN | false",
        "angry,lzo           | LZO   | false",
        "angry,lzo,cpp       | PUMP  | false",
        "angry,cpp,lzo       | PUMP  | false",
        "angry:99/2,lzo,down | LZO   | true",
        "angry,down          | PLAIN | true",
        "@angry,lzo          | LZO   | false",
        "@angry:/x,cpp,lzo   | PUMP  | false",
        "@angry,down         | PLAIN | true",
      })
  void optionsChooseProtocolAndDown(String token, ProtocolVersion protocol, boolean down)
      throws DistccException {
    HostSpec spec = HostSpecParser.parseHost(token);
    ProtocolVersion actual =
        spec instanceof HostSpec.Tcp t ? t.protocol() : ((HostSpec.Ssh) spec).protocol();
    assertEquals(protocol, actual);
    assertEquals(down, spec.down());
  }

  /** distcc's InvalidHostSpec_Case, then our own rows. */
  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "",
        "    ",
        "\t",
        "  @ ",
        ":",
        "mbp@",
        "angry::",
        ":4200",
        // ports and limits
        "angry:port",
        "host:3632:junk",
        "angry:0",
        "angry:99999",
        "angry:",
        "angry/0",
        "angry/",
        "angry/-3",
        "angry/4x",
        "angry/10001",
        "angry/2/3",
        "angry:1:2",
        "localhost/0",
        "localhost/",
        "localhost/2,lzo",
        "localhost/3:3632",
        "@angry/0",
        "@angry/x",
        // options
        "angry,foo",
        "angry,",
        "angry,,lzo",
        "angry,cpp",
        "angry,lzofoo",
        "angry,auth",
        "angry,auth=host.example.com",
        "@angry:/x,cpp",
        // names
        "@",
        "@:/x",
        "ted@",
        "a@b@c",
        "ted@angry:",
        "[::1",
        "[]",
        "[::1]x",
        "[nothex]",
        "ho$t",
        "-angry",
        "--randomizex",
        "--localslots",
        "--localslots=0",
        "--localslots=x",
        "--localslots_cpp=",
        "--zeroconf",
        "+zeroconf",
        // only options, or only comments
        "--randomize",
        "--localslots=3 # no hosts",
        "# localhost",
      })
  void invalidHostListsAreBadHostSpecs(String spec) {
    DistccException e = assertThrows(DistccException.class, () -> HostSpecParser.parse(spec));
    assertEquals(ExitCode.BAD_HOSTSPEC, e.exitCode());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "host:3632:junk  | \":junk\"",
        "angry:99999     | port \"99999\"",
        "angry/0         | limit \"0\"",
        "angry,foo       | unknown option \"foo\"",
        "angry,auth      | GSSAPI",
        "+zeroconf       | zeroconf",
        "angry,cpp       | needs compression",
        "ted@            | no host name",
      })
  void errorMessagesNameTheEntryAndTheReason(String spec, String reason) {
    DistccException e = assertThrows(DistccException.class, () -> HostSpecParser.parse(spec));
    assertTrue(e.getMessage().contains("\"" + spec + "\""), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void globalOptionsAreReadAndAreNotHosts() throws DistccException {
    HostList list =
        HostSpecParser.parse("--randomize a --localslots=3 b --localslots_cpp/12 # x\nc");
    assertEquals(List.of("a", "b", "c"), list.hosts().stream().map(Object::toString).toList());
    assertTrue(list.randomize());
    assertEquals(3, list.localSlots());
    assertEquals(12, list.localSlotsCpp());
  }

  @Test
  void eachHostKeepsItsEntryAsWritten() throws DistccException {
    HostList list =
        HostSpecParser.parse(
            "--randomize angry:3632/4 localhost/2 b,cpp,lzo --localslots=3 # c\n[::1]/2:3633 u@d/4");
    assertEquals(
        List.of("angry:3632/4", "localhost/2", "b,cpp,lzo", "[::1]/2:3633", "u@d/4"),
        list.written());
    assertEquals(
        List.of("angry", "localhost", "b,lzo,cpp", "[::1]:3633/2", "u@d"),
        list.hosts().stream().map(Object::toString).toList());
    assertEquals(
        List.of("a/3"), HostList.of(List.of(HostSpecParser.parseHost("a:3632/3"))).written());
  }

  @Test
  void globalOptionsDefaultToDistccValues() throws DistccException {
    HostList list = HostSpecParser.parse("a");
    assertFalse(list.randomize());
    assertEquals(4, list.localSlots());
    assertEquals(8, list.localSlotsCpp());
  }

  @Test
  void commentsRunToEndOfLineAndCarriageReturnsSeparate() throws DistccException {
    HostList list = HostSpecParser.parse("# header\r\na#b c\rd # e f\n\fg\u000Bh");
    assertEquals(List.of("a", "d", "g", "h"), list.hosts().stream().map(Object::toString).toList());
  }

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "localhost                  | localhost",
        "localhost/3                | localhost/3",
        "localhost:3632             | localhost:3632",
        "localhost:3632/3           | localhost:3632/3",
        "angry/44:300               | angry:300/44",
        "angry:3632/4               | angry",
        "angry,cpp,lzo,down         | angry,lzo,cpp,down",
        "[::1]/2:3633,lzo           | [::1]:3633/2,lzo",
        "@angry                     | @angry",
        "ted@angry/2:/opt/d,lzo     | ted@angry/2:/opt/d,lzo",
        "ted@[::1]                  | ted@[::1]",
      })
  void canonicalFormLeavesOutDefaultsAndReadsBackEqual(String token, String canonical)
      throws DistccException {
    HostSpec spec = HostSpecParser.parseHost(token);
    assertEquals(canonical, spec.toString());
    assertEquals(spec, HostSpecParser.parseHost(spec.toString()));
  }

  @ParameterizedTest(name = "{0} has key {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "localhost/7        | localhost",
        "angry              | tcp_angry_3632",
        "angry:300/2,lzo    | tcp_angry_300",
        "[::1]:3633         | tcp_::1_3633",
        "ted@angry/3:/x     | ssh_angry",
        "@angry             | ssh_angry",
      })
  void keysMatchDistccLockFileNames(String token, String key) throws DistccException {
    assertEquals(key, HostSpecParser.parseHost(token).key());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "|distccd                      ; 4 PIPE distccd                 ; |distccd",
        "|distccd/2                    ; 2 PIPE distccd                 ; |distccd/2",
        "|/opt/jdistcc/bin/distccd     ; 4 PIPE /opt/jdistcc/bin/distccd ; |/opt/jdistcc/bin/distccd",
        "|/opt/bin/distccd/8,lzo       ; 8 PIPE /opt/bin/distccd        ; |/opt/bin/distccd/8,lzo",
        "|./volunteer/1,lzo,down       ; 1 PIPE ./volunteer             ; |./volunteer/1,lzo,down",
      })
  void pipeEntryRunsACommandAndReadsBack(String token, String expected, String canonical)
      throws DistccException {
    HostSpec spec = HostSpecParser.parseHost(token);
    assertEquals(expected, describe(spec));
    assertEquals(canonical, spec.toString());
    assertEquals(spec, HostSpecParser.parseHost(spec.toString()));
    assertTrue(spec.key().matches("pipe_[A-Za-z0-9._-]+"), spec.key());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = ';',
      value = {"|  ; no command", "|/4 ; no command", "|d/0 ; limit", "|d,foo ; unknown option"})
  void badPipeEntriesNameTheReason(String spec, String reason) {
    DistccException e = assertThrows(DistccException.class, () -> HostSpecParser.parse(spec));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void pipeCommandsWithTheSameSafeCharactersHaveDifferentKeys() throws DistccException {
    assertFalse(
        HostSpecParser.parseHost("|/a/b").key().equals(HostSpecParser.parseHost("|/a_b").key()));
  }

  @Test
  void recordsRejectValuesTheGrammarCannotProduce() {
    assertThrows(IllegalArgumentException.class, () -> new HostSpec.Local(0));
    assertThrows(IllegalArgumentException.class, () -> HostSpec.Tcp.of("a/b"));
    assertThrows(IllegalArgumentException.class, () -> HostSpec.Tcp.of("../x"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new HostSpec.Tcp("a", 70000, 4, ProtocolVersion.PLAIN, false));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new HostSpec.Ssh(
                Optional.of("-oProxyCommand=x"),
                "a",
                Optional.empty(),
                4,
                ProtocolVersion.PLAIN,
                false));
    assertThrows(IllegalArgumentException.class, () -> HostList.of(List.of()));
  }

  @Test
  void totalSlotsIsTheSumOfLimits() throws DistccException {
    assertEquals(2 + 4 + 8 + 1, HostSpecParser.parse("localhost a @b/8 c:1/1").totalSlots());
  }
}
