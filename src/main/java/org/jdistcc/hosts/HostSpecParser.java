package org.jdistcc.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * Reads a host list: the value of DISTCC_HOSTS or the text of a hosts file. Only parsing; which
 * text to read is {@link HostsSource}'s choice.
 *
 * <p>Grammar (distcc 3.4, plus bracketed IPv6 for ssh hosts):
 *
 * <pre>
 * HOSTLIST  = ENTRY ...            separated by whitespace; '#' starts a comment to end of line
 * ENTRY     = LOCAL | SSH | TCP | PIPE | --randomize | --localslots=N | --localslots_cpp=N
 * LOCAL     = localhost[/LIMIT]
 * SSH       = [USER]@HOSTID[/LIMIT][:COMMAND][OPTIONS]
 * TCP       = HOSTID[:PORT][/LIMIT][OPTIONS] | HOSTID[/LIMIT][:PORT][OPTIONS]
 * PIPE      = |COMMAND[/LIMIT][OPTIONS]       (jdistcc: runs COMMAND --inetd as a child)
 * HOSTID    = HOSTNAME | IPV4 | [IPV6]
 * OPTIONS   = ,OPTION[OPTIONS]      OPTION = lzo | cpp | down    (cpp needs lzo)
 * </pre>
 *
 * <p>Example: {@code localhost/2 @bigman/16:/opt/bin/distccd oldmachine:4200/1 [::1]:3633,lzo}.
 * Defaults: port 3632, limit 4 (2 for {@code localhost}), 4 local slots, 8 local cpp slots.
 *
 * <p>Stricter than distcc 3.4, which ignores some trailing text: anything left over in an entry, a
 * port outside 1..65535, an empty ssh command or an unknown {@code --option} is an error. Not
 * supported, and rejected with a message saying so: {@code +zeroconf} and {@code ,auth}.
 */
public final class HostSpecParser {
  private HostSpecParser() {}

  /** Parses a whole host list; fails with {@link ExitCode#BAD_HOSTSPEC} naming the bad entry. */
  public static HostList parse(String text) throws DistccException {
    List<HostSpec> hosts = new ArrayList<>();
    List<String> written = new ArrayList<>();
    boolean randomize = false;
    int localSlots = HostList.DEFAULT_LOCAL_SLOTS;
    int localSlotsCpp = HostList.DEFAULT_LOCAL_SLOTS_CPP;
    for (String token : tokens(text)) {
      if (token.equals("--randomize")) {
        randomize = true;
      } else if (token.startsWith("--localslots_cpp")) {
        localSlotsCpp = slotCount(token, "--localslots_cpp".length());
      } else if (token.startsWith("--localslots")) {
        localSlots = slotCount(token, "--localslots".length());
      } else if (token.equals("+zeroconf")) {
        throw bad(token, "zeroconf discovery is not supported; list the hosts instead");
      } else {
        hosts.add(parseHost(token));
        written.add(token);
      }
    }
    if (hosts.isEmpty()) {
      throw new DistccException(ExitCode.BAD_HOSTSPEC, "the host list names no hosts");
    }
    return new HostList(hosts, written, randomize, localSlots, localSlotsCpp);
  }

  /** Parses one host entry such as {@code angry:3000/8,lzo}; global options are not entries. */
  public static HostSpec parseHost(String token) throws DistccException {
    if (token.isEmpty() || token.startsWith("-") || token.startsWith("+")) {
      throw bad(token, "not a host and not a known option");
    }
    int comma = token.indexOf(',');
    String head = comma < 0 ? token : token.substring(0, comma);
    String options = comma < 0 ? null : token.substring(comma + 1);
    try {
      if (head.equals("localhost") || head.startsWith("localhost/")) {
        if (options != null) {
          throw bad(token, "options do not apply to localhost");
        }
        return new HostSpec.Local(
            head.length() == 9
                ? HostSpec.DEFAULT_LOCALHOST_LIMIT
                : number(token, "limit", head.substring(10), HostSpec.MAX_LIMIT));
      }
      HostOptions opts = HostOptions.parse(token, options);
      if (head.startsWith("|")) {
        return pipe(token, head.substring(1), opts);
      }
      return head.indexOf('@') >= 0 ? ssh(token, head, opts) : tcp(token, head, opts);
    } catch (IllegalArgumentException e) {
      throw bad(token, e.getMessage());
    }
  }

  private static HostSpec tcp(String token, String head, HostOptions opts) throws DistccException {
    int[] hostEnd = new int[1];
    String host = hostId(token, head, 0, hostEnd);
    Integer port = null;
    Integer limit = null;
    String rest = head.substring(hostEnd[0]);
    while (!rest.isEmpty()) {
      char c = rest.charAt(0);
      int end = indexOfAny(rest, ":/", 1);
      String digits = rest.substring(1, end);
      if (c == ':' && port == null) {
        port = number(token, "port", digits, 65535);
      } else if (c == '/' && limit == null) {
        limit = number(token, "limit", digits, HostSpec.MAX_LIMIT);
      } else {
        throw bad(token, "unexpected \"" + rest + "\"");
      }
      rest = rest.substring(end);
    }
    return new HostSpec.Tcp(
        host,
        port == null ? HostSpec.DEFAULT_PORT : port,
        limit == null ? HostSpec.DEFAULT_REMOTE_LIMIT : limit,
        opts.protocol(),
        opts.down());
  }

  private static HostSpec ssh(String token, String head, HostOptions opts) throws DistccException {
    int at = head.indexOf('@');
    String user = head.substring(0, at);
    int[] hostEnd = new int[1];
    String host = hostId(token, head, at + 1, hostEnd);
    String rest = head.substring(hostEnd[0]);
    int limit = HostSpec.DEFAULT_REMOTE_LIMIT;
    if (rest.startsWith("/")) {
      int end = indexOfAny(rest, ":", 1);
      limit = number(token, "limit", rest.substring(1, end), HostSpec.MAX_LIMIT);
      rest = rest.substring(end);
    }
    Optional<String> command = Optional.empty();
    if (rest.startsWith(":")) {
      if (rest.length() == 1) {
        throw bad(token, "no command after ':'");
      }
      command = Optional.of(rest.substring(1));
    } else if (!rest.isEmpty()) {
      throw bad(token, "unexpected \"" + rest + "\"");
    }
    return new HostSpec.Ssh(
        user.isEmpty() ? Optional.empty() : Optional.of(user),
        host,
        command,
        limit,
        opts.protocol(),
        opts.down());
  }

  private static HostSpec pipe(String token, String command, HostOptions opts)
      throws DistccException {
    int limit = HostSpec.DEFAULT_REMOTE_LIMIT;
    int slash = command.lastIndexOf('/');
    String last = command.substring(slash + 1);
    if (slash >= 0 && !last.isEmpty() && allDigits(last)) {
      limit = number(token, "limit", last, HostSpec.MAX_LIMIT);
      command = command.substring(0, slash);
    }
    if (command.isEmpty()) {
      throw bad(token, "no command after '|'");
    }
    return new HostSpec.Pipe(command, limit, opts.protocol(), opts.down());
  }

  /** The host name or bracketed IPv6 address starting at {@code start}; sets where it ended. */
  private static String hostId(String token, String head, int start, int[] end)
      throws DistccException {
    String host;
    if (head.startsWith("[", start)) {
      int close = head.indexOf(']', start);
      if (close < 0) {
        throw bad(token, "'[' without ']'");
      }
      host = head.substring(start + 1, close);
      if (host.indexOf(':') < 0) {
        throw bad(token, "brackets are only for IPv6 addresses");
      }
      end[0] = close + 1;
    } else {
      end[0] = indexOfAny(head, ":/", start);
      host = head.substring(start, end[0]);
    }
    if (host.isEmpty()) {
      throw bad(token, "no host name");
    }
    return host;
  }

  /** The N of {@code --localslots=N} or {@code --localslots/N}. */
  private static int slotCount(String token, int start) throws DistccException {
    if (token.length() == start || "=/".indexOf(token.charAt(start)) < 0) {
      throw bad(token, "expected =N after the option name");
    }
    return number(token, "slot count", token.substring(start + 1), HostSpec.MAX_LIMIT);
  }

  private static boolean allDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static int number(String token, String what, String digits, int max) throws DistccException {
    if (digits.isEmpty() || digits.length() > 6 || !allDigits(digits)) {
      throw bad(token, what + " \"" + digits + "\" is not a number in 1.." + max);
    }
    int n = Integer.parseInt(digits);
    if (n < 1 || n > max) {
      throw bad(token, what + " \"" + digits + "\" is not a number in 1.." + max);
    }
    return n;
  }

  /** Whitespace-separated entries; '#' ends an entry and starts a comment to end of line. */
  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          i++;
        }
      } else if (isSpace(c)) {
        i++;
      } else {
        int start = i;
        while (i < text.length() && !isSpace(text.charAt(i)) && text.charAt(i) != '#') {
          i++;
        }
        tokens.add(text.substring(start, i));
      }
    }
    return tokens;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
  }

  private static int indexOfAny(String s, String chars, int from) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }

  static DistccException bad(String token, String why) {
    return new DistccException(
        ExitCode.BAD_HOSTSPEC, "bad host specification \"" + token + "\": " + why);
  }
}
