package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * Finds the real compiler for a local run and the PATH to give it, never the distcc launcher
 * itself: masquerade directories are skipped, as are links to a program named distcc. Running
 * ourselves again would recurse forever; distcc 3.4 guards the same way.
 */
final class CompilerLocator {
  private CompilerLocator() {}

  /** The compiler command with argv[0] replaced by an executable path. */
  record Located(Path executable, String path) {}

  /** Relative names, and relative or empty PATH entries, are taken relative to {@code cwd}. */
  static Located locate(String name, String path, Optional<Path> masqueradeDir, Path cwd)
      throws DistccException {
    String childPath = trimmedPath(path, masqueradeDir, cwd);
    if (name.contains("/")) {
      Path file = cwd.resolve(name);
      if (isLauncher(file)) {
        throw new DistccException(ExitCode.RECURSION, name + " is distcc itself, not a compiler");
      }
      return new Located(file, childPath);
    }
    for (String dir : childPath.split(":")) {
      Path candidate = cwd.resolve(dir).resolve(name);
      if (isExecutableFile(candidate.toFile()) && !isLauncher(candidate)) {
        return new Located(candidate, childPath);
      }
    }
    throw new DistccException(
        ExitCode.COMPILER_MISSING, "cannot find compiler " + name + " on PATH (other than distcc)");
  }

  /**
   * Whether PATH lookup may run this file: executable and not a directory. java.io.File asks the
   * system without the exception that {@code Files.isExecutable} builds for every PATH entry that
   * lacks the name (measured: a tenth of a millisecond per job in the agent).
   */
  static boolean isExecutableFile(java.io.File file) {
    return file.canExecute() && !file.isDirectory();
  }

  /** PATH without the masquerade directory and everything before it (distcc's climasq rule). */
  static String trimmedPath(String path, Optional<Path> masqueradeDir, Path cwd) {
    List<String> dirs = List.of(path.split(":"));
    if (masqueradeDir.isEmpty()) {
      return path;
    }
    int cut = -1;
    for (int i = 0; i < dirs.size(); i++) {
      if (sameDir(cwd.resolve(dirs.get(i)), masqueradeDir.get())) {
        cut = i;
      }
    }
    List<String> kept = new ArrayList<>(dirs.subList(cut + 1, dirs.size()));
    return String.join(":", kept);
  }

  private static boolean sameDir(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** A link whose target is named distcc, or our launcher script under its real name. */
  private static boolean isLauncher(Path candidate) {
    try {
      Path real = candidate.toRealPath();
      String file = real.getFileName().toString();
      return file.equals("distcc")
          || file.equals("distcc-java")
          || (Files.isSymbolicLink(candidate)
              && Files.readSymbolicLink(candidate).toString().endsWith("/distcc"));
    } catch (IOException e) {
      return false;
    }
  }
}
