package org.jdistcc.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The part of an OpenSSH client config ({@code ~/.ssh/config}) that the in-process SSH transport
 * honours: {@code Host} blocks with {@code *}, {@code ?} and {@code !} patterns, and their {@code
 * HostName}, {@code User}, {@code Port} and {@code IdentityFile}. As in OpenSSH, the first value
 * found for a keyword wins, and {@code IdentityFile}s accumulate. {@code Match} blocks and other
 * keywords are skipped; use DISTCC_SSH=ssh when they matter (ProxyJump, ControlMaster…).
 */
public final class SshConfig {
  private record Block(List<String> patterns, List<String[]> entries) {}

  /** What the config says for one host. */
  public record HostConfig(
      Optional<String> hostName,
      Optional<String> user,
      Optional<Integer> port,
      List<String> identityFiles) {
    public HostConfig {
      identityFiles = List.copyOf(identityFiles);
    }
  }

  private final List<Block> blocks;

  private SshConfig(List<Block> blocks) {
    this.blocks = blocks;
  }

  /** Reads the file; a missing file is an empty config. */
  public static SshConfig read(Path file) throws IOException {
    if (!Files.isReadable(file)) {
      return new SshConfig(List.of());
    }
    return parse(Files.readString(file));
  }

  static SshConfig parse(String text) {
    List<Block> blocks = new ArrayList<>();
    Block current = new Block(List.of("*"), new ArrayList<>());
    blocks.add(current);
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] kv = line.split("\\s*=\\s*|\\s+", 2);
      String key = kv[0].toLowerCase(Locale.ROOT);
      String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
      if (key.equals("host")) {
        current = new Block(List.of(value.split("\\s+")), new ArrayList<>());
        blocks.add(current);
      } else if (key.equals("match")) {
        current = new Block(List.of(), new ArrayList<>()); // never matches: not supported
        blocks.add(current);
      } else {
        current.entries().add(new String[] {key, value});
      }
    }
    return new SshConfig(blocks);
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  public HostConfig lookup(String host) {
    String hostName = null;
    String user = null;
    Integer port = null;
    List<String> identities = new ArrayList<>();
    for (Block block : blocks) {
      if (!matches(block.patterns(), host)) {
        continue;
      }
      for (String[] e : block.entries()) {
        switch (e[0]) {
          case "hostname" -> hostName = hostName == null ? e[1].replace("%h", host) : hostName;
          case "user" -> user = user == null ? e[1] : user;
          case "port" -> {
            if (port == null) {
              try {
                port = Integer.parseInt(e[1]);
              } catch (NumberFormatException ignored) {
                // OpenSSH would refuse the file; a bad Port is left out here
              }
            }
          }
          case "identityfile" -> identities.add(e[1]);
          default -> {}
        }
      }
    }
    return new HostConfig(
        Optional.ofNullable(hostName),
        Optional.ofNullable(user),
        Optional.ofNullable(port),
        identities);
  }

  private static boolean matches(List<String> patterns, String host) {
    boolean any = false;
    for (String p : patterns) {
      boolean negated = p.startsWith("!");
      if (glob(negated ? p.substring(1) : p, host)) {
        if (negated) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  static boolean glob(String pattern, String text) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    return text.toLowerCase(Locale.ROOT).matches(regex.toString());
  }
}
