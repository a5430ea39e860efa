package org.jdistcc.hosts;

import java.util.Objects;
import java.util.Optional;
import org.jdistcc.protocol.ProtocolVersion;

/**
 * One entry of a host list: where a job may run and how many at once. A value only; parsing is in
 * {@link HostSpecParser}, slot choice in {@link SlotPicker}.
 *
 * <p>{@link #toString()} prints a canonical spec that {@link HostSpecParser} reads back to an equal
 * value, leaving out defaults (port 3632, limit 4, or 2 for {@code localhost}), so common entries
 * print as written. A new kind of volunteer is added as another record here; {@link SlotPicker} and
 * {@link Backoff} only use {@link #key()}, {@link #limit()} and {@link #down()}.
 */
public sealed interface HostSpec permits HostSpec.Local, HostSpec.Tcp, HostSpec.Ssh, HostSpec.Pipe {

  /** distcc's TCP port. */
  int DEFAULT_PORT = 3632;

  /** Jobs per remote host when the spec gives no {@code /LIMIT}. */
  int DEFAULT_REMOTE_LIMIT = 4;

  /** Jobs for a {@code localhost} entry without {@code /LIMIT}. */
  int DEFAULT_LOCALHOST_LIMIT = 2;

  /** The largest limit: distcc 3.4 never scans slot numbers past 9999. */
  int MAX_LIMIT = 10_000;

  /** How many jobs this client may run on the host at once. */
  int limit();

  /**
   * The host's part of distcc's lock and backoff file names: {@code localhost}, {@code
   * tcp_HOST_PORT} or {@code ssh_HOST}. Made of letters, digits and {@code . _ - : %} only (the
   * last two from IPv6 literals), never {@code /}. Two specs with one key share slots.
   */
  String key();

  /** True for a remote entry marked {@code ,down}: listed but never given jobs. */
  boolean down();

  /**
   * The host's name alone, as distcc 3.4's state notes carry it for its monitors: {@code
   * localhost}, the TCP or ssh host without port, user, limit or command, or a pipe's {@code
   * |COMMAND}.
   */
  String name();

  /** {@code localhost[/LIMIT]}: run the job on this machine, not through a daemon. */
  record Local(int limit) implements HostSpec {
    public Local {
      checkLimit(limit);
    }

    @Override
    public String key() {
      return "localhost";
    }

    @Override
    public String name() {
      return "localhost";
    }

    @Override
    public boolean down() {
      return false;
    }

    @Override
    public String toString() {
      return limit == DEFAULT_LOCALHOST_LIMIT ? "localhost" : "localhost/" + limit;
    }
  }

  /** {@code HOST[:PORT][/LIMIT][,OPTIONS]}: a distccd listening on TCP. */
  record Tcp(String host, int port, int limit, ProtocolVersion protocol, boolean down)
      implements HostSpec {
    public Tcp {
      checkHost(host);
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is not in 1..65535");
      }
      checkLimit(limit);
      Objects.requireNonNull(protocol, "protocol");
    }

    /** A TCP host on the default port with the default limit, protocol 1. */
    public static Tcp of(String host) {
      return new Tcp(host, DEFAULT_PORT, DEFAULT_REMOTE_LIMIT, ProtocolVersion.PLAIN, false);
    }

    @Override
    public String key() {
      return "tcp_" + host + "_" + port;
    }

    @Override
    public String name() {
      return host;
    }

    @Override
    public String toString() {
      // "localhost" alone would read back as a Local entry, so its port is always printed.
      boolean showPort = port != DEFAULT_PORT || host.equals("localhost");
      return hostId(host)
          + (showPort ? ":" + port : "")
          + (limit == DEFAULT_REMOTE_LIMIT ? "" : "/" + limit)
          + HostOptions.suffix(protocol)
          + (down ? ",down" : "");
    }
  }

  /**
   * {@code [USER]@HOST[/LIMIT][:COMMAND][,OPTIONS]}: distccd started over ssh. An empty user or
   * command means ssh's configured user and the {@code distccd} found on the remote PATH.
   */
  record Ssh(
      Optional<String> user,
      String host,
      Optional<String> command,
      int limit,
      ProtocolVersion protocol,
      boolean down)
      implements HostSpec {
    public Ssh {
      if (user.isPresent()) {
        checkUser(user.get());
      }
      checkHost(host);
      if (command.isPresent()) {
        checkCommand(command.get());
      }
      checkLimit(limit);
      Objects.requireNonNull(protocol, "protocol");
    }

    /** An ssh host with no user or command, the default limit, protocol 1. */
    public static Ssh of(String host) {
      return new Ssh(
          Optional.empty(),
          host,
          Optional.empty(),
          DEFAULT_REMOTE_LIMIT,
          ProtocolVersion.PLAIN,
          false);
    }

    /** distcc keys ssh slots by host alone, so {@code a@h} and {@code b@h} share them. */
    @Override
    public String key() {
      return "ssh_" + host;
    }

    @Override
    public String name() {
      return host;
    }

    @Override
    public String toString() {
      return user.orElse("")
          + "@"
          + hostId(host)
          + (limit == DEFAULT_REMOTE_LIMIT ? "" : "/" + limit)
          + (command.isPresent() ? ":" + command.get() : "")
          + HostOptions.suffix(protocol)
          + (down ? ",down" : "");
    }
  }

  /**
   * {@code |COMMAND[/LIMIT][,OPTIONS]}: a volunteer started as a child process, {@code COMMAND
   * --inetd}, speaking the protocol over its pipes. No server and no network: a {@code distccd} on
   * this machine, or one inside a container ({@code |/usr/local/bin/docker-distccd}). The {@code |}
   * cannot start a host name, so the entry is never mistaken for one; a trailing {@code /DIGITS} is
   * the limit, never part of the command.
   */
  record Pipe(String command, int limit, ProtocolVersion protocol, boolean down)
      implements HostSpec {
    public Pipe {
      checkCommand(command);
      checkLimit(limit);
      Objects.requireNonNull(protocol, "protocol");
    }

    /** The command's safe characters plus its hash, so two commands never share slots. */
    @Override
    public String key() {
      StringBuilder safe = new StringBuilder(command.length());
      for (int i = 0; i < command.length(); i++) {
        char c = command.charAt(i);
        safe.append(isAlnum(c) || "._-".indexOf(c) >= 0 ? c : '_');
      }
      return "pipe_" + safe + "_" + Integer.toHexString(command.hashCode());
    }

    @Override
    public String name() {
      return "|" + command;
    }

    @Override
    public String toString() {
      return "|"
          + command
          + (limit == DEFAULT_REMOTE_LIMIT ? "" : "/" + limit)
          + HostOptions.suffix(protocol)
          + (down ? ",down" : "");
    }
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit " + limit + " is not in 1.." + MAX_LIMIT);
    }
  }

  /**
   * Host names and addresses are restricted so that keys are safe in file names and a host can
   * never be mistaken for an ssh option.
   */
  private static void checkHost(String host) {
    Objects.requireNonNull(host, "host");
    // Character checks by hand, not regular expressions: the client parses hosts at every start.
    boolean name =
        !host.isEmpty() && isAlnum(host.charAt(0)) && allNameChars(host, 1, host.length(), "._-");
    int percent = host.indexOf('%');
    int address = percent < 0 ? host.length() : percent;
    boolean ipv6 =
        host.indexOf(':') >= 0
            && address > 0
            && allHex(host, address)
            && (percent < 0
                || percent < host.length() - 1
                    && allNameChars(host, percent + 1, host.length(), "._-"));
    if (!name && !ipv6) {
      throw new IllegalArgumentException("\"" + host + "\" is not a host name or address");
    }
  }

  private static boolean isAlnum(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
  }

  /** Whether every character in [from, to) is an ASCII letter or digit or one of {@code extra}. */
  private static boolean allNameChars(String s, int from, int to, String extra) {
    for (int i = from; i < to; i++) {
      if (!isAlnum(s.charAt(i)) && extra.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean allHex(String s, int to) {
    for (int i = 0; i < to; i++) {
      char c = s.charAt(i);
      boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
      if (!hex && c != ':' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean hasAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static void checkUser(String user) {
    if (user.isEmpty()
        || !allNameChars(user, 0, 1, "._")
        || !allNameChars(user, 1, user.length(), "._$-")) {
      throw new IllegalArgumentException("\"" + user + "\" is not a user name");
    }
  }

  private static void checkCommand(String command) {
    if (command.isEmpty() || hasAny(command, " \t\n\u000b\f\r,#")) {
      throw new IllegalArgumentException(
          "ssh command \"" + command + "\" is empty or has , # or" + " whitespace");
    }
  }

  /** IPv6 literals are bracketed so their colons are not read as a port. */
  private static String hostId(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
