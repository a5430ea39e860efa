package org.jdistcc.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which compiler names a client may run, and which executable each name runs. A name is allowed
 * when it has an entry in the compiler directory (Debian's {@code /usr/lib/distcc}, filled by
 * {@code update-distcc-symlinks}) or in the explicit allow-list; with DISTCC_CMDLIST, only the
 * listed commands are allowed (distcc 3.4 semantics). Never a path from the client unless it is
 * listed: {@code /usr/bin/} and {@code /bin/} prefixes are dropped first, as distcc 3.4 does for
 * IDEs that send them.
 *
 * <p>The executable is the first one of that name on the daemon's PATH that is not a masquerade
 * link back to distcc, so the daemon never runs itself or the client.
 */
final class CompilerPolicy {
  private final Path compilerDir;
  private final Set<String> allowed;
  private final Optional<CommandList> commandList;
  private final List<Path> searchPath;

  CompilerPolicy(
      Path compilerDir, Set<String> allowed, Optional<CommandList> commandList, List<Path> path) {
    this.compilerDir = compilerDir;
    this.allowed = Set.copyOf(allowed);
    this.commandList = commandList;
    this.searchPath = List.copyOf(path);
  }

  /** The executable to run for a client's compiler name, or a Refusal saying why none. */
  Path resolve(String requested) throws Refusal {
    if (requested.isEmpty() || requested.length() > 4096) {
      throw new Refusal("compiler-name", "compiler name of " + requested.length() + " characters");
    }
    if (commandList.isPresent()) {
      return commandList
          .get()
          .lookup(requested)
          .orElseThrow(
              () ->
                  new Refusal(
                      "compiler-whitelist", requested + " is not in the daemon's DISTCC_CMDLIST"));
    }
    if (allowed.contains(requested) && requested.startsWith("/")) {
      return Path.of(requested);
    }
    String name = stripSystemDir(requested);
    if (name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new Refusal(
          "compiler-path",
          "compiler " + requested + " is a path; only names allowed on the volunteer may run");
    }
    if (!allowed.contains(name)
        && !Files.exists(compilerDir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
      throw new Refusal(
          "compiler-whitelist",
          name
              + " is not allowed on this volunteer (no entry in "
              + compilerDir
              + "; see distccd --allow-compiler)");
    }
    return find(name)
        .orElseThrow(
            () -> new Refusal("compiler-missing", name + " was not found on the volunteer's PATH"));
  }

  private static String stripSystemDir(String name) {
    for (String dir : List.of("/usr/bin/", "/bin/")) {
      if (name.startsWith(dir) && name.indexOf('/', dir.length()) < 0) {
        return name.substring(dir.length());
      }
    }
    return name;
  }

  private Optional<Path> find(String name) {
    for (Path dir : searchPath) {
      if (sameDir(dir, compilerDir)) {
        continue;
      }
      Path candidate = dir.resolve(name);
      if (Files.isExecutable(candidate)
          && !Files.isDirectory(candidate)
          && !isMasquerade(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean sameDir(Path a, Path b) {
    try {
      return Files.isDirectory(a) && Files.isDirectory(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** A link whose target names distcc is a masquerade entry, not a compiler. */
  private static boolean isMasquerade(Path candidate) {
    try {
      return Files.isSymbolicLink(candidate)
          && Files.readSymbolicLink(candidate).toString().contains("distcc");
    } catch (IOException e) {
      return false;
    }
  }

  /** DISTCC_CMDLIST: absolute compiler paths, matched on their last N path components. */
  record CommandList(Map<String, Path> byKey, int words) {
    CommandList {
      byKey = Map.copyOf(byKey);
    }

    static CommandList load(Path file, int words) throws IOException {
      Map<String, Path> map = new HashMap<>();
      for (String line : Files.readAllLines(file)) {
        String path = line.strip();
        if (!path.isEmpty() && !path.startsWith("#")) {
          map.putIfAbsent(key(path, words), Path.of(path));
        }
      }
      return new CommandList(map, words);
    }

    Optional<Path> lookup(String requested) {
      return Optional.ofNullable(byKey.get(key(requested, words)));
    }

    private static String key(String path, int words) {
      String[] parts = path.split("/+");
      int from = Math.max(0, parts.length - Math.max(1, words));
      return String.join("/", Arrays.asList(parts).subList(from, parts.length));
    }
  }
}
