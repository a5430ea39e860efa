package org.jdistcc.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.Log;
import org.jdistcc.TempDir;
import org.jdistcc.args.CrossRewrite;
import org.jdistcc.exec.DirectRunner;

/**
 * Applies {@link CrossRewrite}'s rules to the command a volunteer gets, finding what they need on
 * this machine: the links behind {@code cc}, the PATH, and the compiler's target triple. distcc 3.4
 * uses the triple it was configured with; here it is what the compiler itself answers to {@code
 * -dumpmachine}, asked once per compiler and kept in {@code $DISTCC_DIR/machine/}, so a job pays
 * one small file read; the first job with a compiler also pays for running it (bench/cross-rewrite:
 * cached costs nothing measurable, the first job about 100 ms on a busy 2-core machine).
 */
final class CrossCompiler {
  private final Path cacheDir;
  private final Log log;

  CrossCompiler(Path distccDir, Log log) {
    this.cacheDir = distccDir.resolve("machine");
    this.log = log;
  }

  /**
   * The volunteer's command for {@code remote}, whose compiler the client runs as {@code
   * executable} with {@code path} as PATH.
   */
  List<String> rewrite(List<String> remote, Path executable, String path, Map<String, String> env) {
    String name = remote.get(0);
    if (name.contains("/")) {
      return remote;
    }
    if (CrossRewrite.isGeneric(name)) {
      name = CrossRewrite.generic(name, linkNames(executable));
    }
    List<String> argv = name.equals(remote.get(0)) ? remote : CrossRewrite.renamed(remote, name);
    if (!CrossRewrite.isGcc(name) && !CrossRewrite.isClang(name)) {
      return argv;
    }
    Optional<String> triple = triple(executable, env);
    if (triple.isEmpty()) {
      return argv;
    }
    Optional<String> qualified = CrossRewrite.qualified(name, triple.get());
    if (qualified.isPresent() && onPath(qualified.get(), path)) {
      log.info("rewriting " + name + " to " + qualified.get() + " for the volunteer");
      return CrossRewrite.renamed(argv, qualified.get());
    }
    return CrossRewrite.withClangTarget(argv, triple.get());
  }

  /** The file names along the chain of symlinks from {@code executable}, first link first. */
  private static List<String> linkNames(Path executable) {
    List<String> names = new ArrayList<>();
    Path at = executable;
    try {
      for (int i = 0; i < 8 && Files.isSymbolicLink(at); i++) {
        Path parent = at.toAbsolutePath().getParent();
        at = parent.resolve(Files.readSymbolicLink(at));
        names.add(at.getFileName().toString());
      }
    } catch (IOException e) {
      // An unreadable link: the name stays as given, as in distcc.
    }
    return names;
  }

  private static boolean onPath(String name, String path) {
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        if (CompilerLocator.isExecutableFile(new java.io.File(dir, name))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The compiler's target, from the cache or from {@code -dumpmachine}; empty if it will not say.
   */
  private Optional<String> triple(Path executable, Map<String, String> env) {
    Path real;
    try {
      real = executable.toRealPath();
    } catch (IOException e) {
      return Optional.empty();
    }
    Path cached = cacheDir.resolve(real.toString().replace('/', '%'));
    try {
      String text = Files.readString(cached, StandardCharsets.UTF_8).trim();
      if (!text.isEmpty()) {
        return Optional.of(text);
      }
    } catch (IOException notYet) {
      // asked below
    }
    Optional<String> answer = DirectRunner.firstLine(List.of(real.toString(), "-dumpmachine"), env);
    if (answer.isEmpty() || answer.get().isBlank() || answer.get().contains(" ")) {
      log.debug("no target triple from " + real + " -dumpmachine; compiler name sent as given");
      return Optional.empty();
    }
    try {
      Files.createDirectories(cacheDir);
      // Another client may write the same answer at once: write beside, then rename.
      Path temp = TempDir.createUnique(cacheDir, ".", ".tmp", false);
      Files.writeString(temp, answer.get() + "\n", StandardCharsets.UTF_8);
      Files.move(
          temp,
          cached,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      log.debug("cannot cache the target triple in " + cacheDir + ": " + e.getMessage());
    }
    return answer;
  }
}
