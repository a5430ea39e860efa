package org.jdistcc.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.TempDir;
import org.jdistcc.exec.Command;
import org.jdistcc.exec.ProcessRunner;
import org.jdistcc.include.DefaultSearchPath;

/**
 * The volunteer compiler's own system include directories (C and C++), as real paths: where a pump
 * client's links may point. Asked of the compiler once per compiler and daemon process, and only
 * when a link leaves the job's directory.
 */
final class SystemIncludeDirs {
  private static final List<String> LANGUAGES = List.of("c", "c++");

  private final Path scratch;
  private final Map<String, String> environment;
  private final Map<Path, List<Path>> known = new HashMap<>();

  /**
   * @param scratch a directory for the probe's output streams
   */
  SystemIncludeDirs(Path scratch, Map<String, String> environment) {
    this.scratch = scratch;
    this.environment = environment;
  }

  synchronized List<Path> of(Path compiler) throws IOException {
    List<Path> dirs = known.get(compiler);
    if (dirs == null) {
      dirs = probe(compiler);
      known.put(compiler, dirs);
    }
    return dirs;
  }

  private List<Path> probe(Path compiler) throws IOException {
    List<Path> dirs = new ArrayList<>();
    try (TempDir dir = TempDir.create(scratch, "distccd-probe-")) {
      for (String lang : LANGUAGES) {
        Path err = dir.resolve("stderr-" + lang.replace('+', 'x'));
        ProcessRunner.run(
            new Command(
                DefaultSearchPath.probeArguments(compiler.toString(), lang),
                dir.path(),
                environment,
                Optional.empty(),
                Optional.of(err),
                Optional.empty()));
        DefaultSearchPath path;
        try {
          path =
              DefaultSearchPath.parse(new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          // A compiler without C++ (or without this probe) simply contributes no directories.
          continue;
        }
        for (String d : path.angled()) {
          try {
            Path real = Path.of(d).toRealPath();
            if (!dirs.contains(real)) {
              dirs.add(real);
            }
          } catch (IOException missing) {
            // gcc lists directories that do not exist on this system.
          }
        }
      }
    }
    return List.copyOf(dirs);
  }
}
