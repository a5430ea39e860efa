package org.jdistcc.include;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares include analysis with the real preprocessor: for each source, the closure must contain
 * every header outside the compiler's default directories that {@code gcc -M} lists, and its bytes
 * are compared with theirs. Used by {@code bench/include-closure} over whole corpora and by a small
 * integration test.
 *
 * <p>Usage: {@code ClosureCheck DIR COMPILER 'FLAGS' SOURCE...} (sources relative to DIR).
 */
public final class ClosureCheck {
  /** Totals over the sources checked. */
  public record Totals(
      int sources,
      int skipped,
      int missing,
      long closureBytes,
      long neededBytes,
      List<String> problems) {
    public double ratio() {
      return neededBytes == 0 ? 1.0 : (double) closureBytes / neededBytes;
    }
  }

  private final Path dir;
  private final String compiler;
  private final List<String> flags;
  private final AnalysisCache cache = new AnalysisCache();
  private final Map<String, DefaultSearchPath> defaults = new HashMap<>();

  public ClosureCheck(Path dir, String compiler, List<String> flags) {
    this.dir = dir;
    this.compiler = compiler;
    this.flags = List.copyOf(flags);
  }

  public Totals check(List<String> sources) throws IOException, InterruptedException {
    int missing = 0;
    int skipped = 0;
    long closureBytes = 0;
    long neededBytes = 0;
    List<String> problems = new ArrayList<>();
    for (String source : sources) {
      String lang = source.endsWith(".c") ? "c" : "c++";
      DefaultSearchPath path = defaults.get(lang);
      if (path == null) {
        path = DefaultSearchPath.parse(run(DefaultSearchPath.probeArguments(compiler, lang), true));
        defaults.put(lang, path);
      }
      List<String> argv = new ArrayList<>();
      argv.add(compiler);
      argv.addAll(flags);
      argv.addAll(List.of("-c", source));
      Set<Path> closure = IncludeAnalysis.closure(dir, argv, source, path, cache).files();
      List<String> m = new ArrayList<>(argv);
      m.set(m.indexOf("-c"), "-M");
      String make = run(m, false);
      if (make == null) {
        // Not for this platform (pex-djgpp.c and the like): gcc itself cannot preprocess it.
        skipped++;
        continue;
      }
      Set<Path> needed = new LinkedHashSet<>();
      List<Path> system = new ArrayList<>();
      for (String d : path.angled()) {
        system.add(dir.resolve(d).normalize());
      }
      for (String dep : deps(make)) {
        Path p = dir.resolve(dep).normalize();
        if (system.stream().noneMatch(p::startsWith)) {
          needed.add(p);
        }
      }
      for (Path p : needed) {
        neededBytes += Files.size(p);
        if (!closure.contains(p)) {
          missing++;
          problems.add(source + ": closure lacks " + p);
        }
      }
      for (Path p : closure) {
        closureBytes += Files.size(p);
      }
    }
    return new Totals(sources.size(), skipped, missing, closureBytes, neededBytes, problems);
  }

  private static List<String> deps(String make) {
    String joined = make.replace("\\\n", " ");
    int colon = joined.indexOf(": ");
    List<String> out = new ArrayList<>();
    for (String token : joined.substring(colon + 2).trim().split("\\s+")) {
      if (!token.isEmpty()) {
        out.add(token);
      }
    }
    return out;
  }

  private String run(List<String> argv, boolean stderr) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
    if (stderr) {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    } else {
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    Process p = pb.start();
    byte[] out = (stderr ? p.getErrorStream() : p.getInputStream()).readAllBytes();
    if (p.waitFor() != 0 && !stderr) {
      return null;
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath().normalize();
    List<String> flags = args[2].isBlank() ? List.of() : List.of(args[2].trim().split("\\s+"));
    ClosureCheck check = new ClosureCheck(dir, args[1], flags);
    List<String> sources = List.of(args).subList(3, args.length);
    long start = System.nanoTime();
    Totals t = check.check(sources);
    long ms = (System.nanoTime() - start) / 1_000_000;
    t.problems().forEach(System.out::println);
    System.out.printf(
        "%s: %d sources (%d skipped: gcc -M fails), %d headers missing, closure %d bytes / gcc -M %d bytes = %.3fx,"
            + " files read %d, cache hits %d, %d ms including gcc -M%n",
        dir.getFileName(),
        t.sources(),
        t.skipped(),
        t.missing(),
        t.closureBytes(),
        t.neededBytes(),
        t.ratio(),
        check.cache.reads(),
        check.cache.hits(),
        ms);
    if (t.missing() > 0 || t.ratio() > 1.5) {
      System.exit(1);
    }
  }
}
