package org.jdistcc.include;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files the preprocessor may open for one compile, computed conservatively from their contents:
 * every include counts whatever {@code #if} surrounds it, a computed include counts with every body
 * any file or the command line's {@code -D} gave its macro, {@code #include_next} counts every
 * later match, and {@code __has_include} counts as an include. Files under the compiler's default
 * directories are neither followed nor listed (they are the volunteer's), as distcc's include
 * server does; {@code -isystem} directories outside the defaults are treated like any other.
 *
 * <p>Search order, as gcc's: the includer's directory (for {@code "..."}), {@code -iquote}, {@code
 * -I}, {@code -isystem}, the defaults, {@code -idirafter}.
 */
public final class IncludeAnalysis {
  private IncludeAnalysis() {}

  /**
   * The result.
   *
   * @param files the source, forced includes and every header found, absolute and normalised
   * @param systemFiles headers found under the default directories, not followed
   * @param stamps the stamp each of {@code files} had when the analysis looked at it, so that a
   *     sender can tell an unchanged file without another stat
   */
  public record Closure(
      Set<Path> files, Set<Path> systemFiles, Map<Path, AnalysisCache.Stamp> stamps) {
    /** A closure without stamps (every file is looked at again when sent). */
    public Closure(Set<Path> files, Set<Path> systemFiles) {
      this(files, systemFiles, Map.of());
    }
  }

  /**
   * @param cwd the compile's working directory, absolute
   * @param argv the compile command, compiler first
   * @param source the source file as named in argv
   * @param defaults the compiler's default search path for the source's language
   * @param cache directives kept across calls
   */
  public static Closure closure(
      Path cwd, List<String> argv, String source, DefaultSearchPath defaults, AnalysisCache cache)
      throws IOException {
    SearchOptions options = SearchOptions.parse(argv);
    List<Path> systemDirs = new ArrayList<>();
    for (String d : defaults.angled()) {
      systemDirs.add(cwd.resolve(d).normalize());
    }
    List<Path> quoteChain = new ArrayList<>();
    List<Path> angleChain = new ArrayList<>();
    for (String d : options.quoted()) {
      quoteChain.add(cwd.resolve(d).normalize());
    }
    for (String d : options.bracketed()) {
      angleChain.add(cwd.resolve(d).normalize());
    }
    for (String d : options.system()) {
      angleChain.add(cwd.resolve(d).normalize());
    }
    if (!options.noStdInc()) {
      angleChain.addAll(systemDirs);
    }
    for (String d : options.after()) {
      angleChain.add(cwd.resolve(d).normalize());
    }
    quoteChain.addAll(angleChain);
    AnalysisCache.Search search = new AnalysisCache.Search(systemDirs, quoteChain, angleChain);
    Walk walk = new Walk(cache, search);
    for (Map.Entry<String, List<String>> d : options.defines().entrySet()) {
      walk.define(d.getKey(), d.getValue());
    }
    for (String forced : options.forced()) {
      // gcc looks for -include files in the working directory first, then the quote chain.
      walk.resolve(new Directives.Include(Directives.Form.QUOTED, forced, false), cwd);
    }
    walk.visit(cwd.resolve(source).normalize());
    walk.run();
    Map<Path, AnalysisCache.Stamp> stamps = new HashMap<>();
    for (Path file : walk.files) {
      stamps.put(file, walk.stats.get(file));
    }
    return new Closure(walk.files, walk.systemFiles, stamps);
  }

  /** One analysis: the work list, what was seen, the macros collected so far. */
  private static final class Walk {
    private final AnalysisCache cache;
    private final List<Path> systemDirs;
    private final List<Path> quoteChain;
    private final List<Path> angleChain;
    private final Map<Path, AnalysisCache.Resolution> resolutions;
    private final Set<Path> files = new LinkedHashSet<>();
    private final Set<Path> systemFiles = new LinkedHashSet<>();
    private final Map<Path, AnalysisCache.Stamp> stats = new HashMap<>();
    private final DirectoryListings.View listings;
    private final Deque<Path> work = new ArrayDeque<>();
    private final Map<String, Set<String>> macros = new HashMap<>();
    private final List<Pending> computed = new ArrayList<>();
    private final Set<String> expanded = new HashSet<>();

    private record Pending(Directives.Include include, Path dir) {}

    Walk(AnalysisCache cache, AnalysisCache.Search search) {
      this.cache = cache;
      this.listings = cache.listings();
      this.systemDirs = search.systemDirs();
      this.quoteChain = search.quoteChain();
      this.angleChain = search.angleChain();
      this.resolutions = cache.resolutions(search);
    }

    void define(String name, List<String> values) {
      macros.computeIfAbsent(name, x -> new HashSet<>()).addAll(values);
    }

    private AnalysisCache.Stamp stat(Path p) throws IOException {
      if (stats.containsKey(p)) {
        return stats.get(p);
      }
      AnalysisCache.Stamp s = listings.mayExist(p) ? AnalysisCache.stamp(p) : null;
      stats.put(p, s);
      return s;
    }

    void visit(Path file) throws IOException {
      if (files.contains(file) || systemFiles.contains(file) || stat(file) == null) {
        return;
      }
      for (Path sys : systemDirs) {
        if (file.startsWith(sys)) {
          systemFiles.add(file);
          return;
        }
      }
      files.add(file);
      work.add(file);
    }

    void run() throws IOException {
      boolean changed = true;
      while (changed) {
        while (!work.isEmpty()) {
          Path file = work.poll();
          Directives d = cache.directives(file, stat(file));
          d.defines().forEach((k, v) -> macros.computeIfAbsent(k, x -> new HashSet<>()).addAll(v));
          follow(file, d);
        }
        // Computed includes are evaluated again whenever new definitions may have appeared.
        changed = false;
        for (Pending p : List.copyOf(computed)) {
          for (String body : bodies(p.include().name(), 0)) {
            Directives.Include named = Directives.named(body, p.include().next());
            if (named != null
                && named.form() != Directives.Form.COMPUTED
                && expanded.add(p.dir() + "\0" + body)) {
              resolve(named, p.dir());
              changed = true;
            }
          }
        }
      }
    }

    /** Every body the macro may have, following macros that name macros a few levels deep. */
    private Set<String> bodies(String macro, int depth) {
      Set<String> out = new LinkedHashSet<>();
      for (String body : macros.getOrDefault(macro, Set.of())) {
        Directives.Include inc = Directives.named(body, false);
        if (inc != null && inc.form() == Directives.Form.COMPUTED && depth < 8) {
          out.addAll(bodies(inc.name(), depth + 1));
        } else {
          out.add(body);
        }
      }
      return out;
    }

    /**
     * Follows the includes of {@code file}: from its resolution kept for this search path while the
     * file's directives and every directory the resolution consulted are unchanged, else resolved
     * again and kept.
     */
    private void follow(Path file, Directives d) throws IOException {
      Path dir = file.getParent();
      AnalysisCache.Resolution kept = resolutions.get(file);
      if (kept != null && kept.directives() == d && listings.same(kept.consulted())) {
        cache.countReuse();
        for (AnalysisCache.Step step : kept.steps()) {
          if (step.candidates() == null) {
            computed.add(new Pending(step.include(), dir));
          } else if (!follow(step) && !step.complete()) {
            // The hit it stopped at is gone without its directory changing (a link's target
            // removed): the later directories were never looked at.
            resolve(step.include(), dir);
          }
        }
        return;
      }
      listings.record();
      List<AnalysisCache.Step> steps = new ArrayList<>(d.includes().size());
      for (Directives.Include inc : d.includes()) {
        steps.add(resolve(inc, dir));
      }
      resolutions.put(file, new AnalysisCache.Resolution(d, steps, listings.consulted()));
    }

    /** Visits a kept step's candidates as a search would; whether one was found. */
    private boolean follow(AnalysisCache.Step step) throws IOException {
      boolean found = false;
      for (Path candidate : step.candidates()) {
        if (stat(candidate) != null) {
          visit(candidate);
          found = true;
          if (!step.include().next()) {
            break;
          }
        }
      }
      return found;
    }

    /**
     * Looks for an include as gcc would and visits what it finds: the first match, whatever the
     * #ifs say, or for include_next every later one. Returns the search as a step: the candidates
     * the listings did not rule out, in search order, up to the first one found (all of them for
     * include_next).
     */
    AnalysisCache.Step resolve(Directives.Include inc, Path dir) throws IOException {
      if (inc.form() == Directives.Form.COMPUTED) {
        computed.add(new Pending(inc, dir));
        return new AnalysisCache.Step(inc, null, true);
      }
      if (inc.name().startsWith("/")) {
        Path file = dir.getFileSystem().getPath(inc.name()).normalize();
        visit(file);
        return new AnalysisCache.Step(inc, List.of(file), true);
      }
      List<Path> chain = new ArrayList<>();
      if (inc.form() == Directives.Form.QUOTED) {
        chain.add(dir);
        chain.addAll(quoteChain);
      } else {
        chain.addAll(angleChain);
      }
      List<Path> candidates = new ArrayList<>(2);
      for (int i = 0; i < chain.size(); i++) {
        Path candidate = chain.get(i).resolve(inc.name()).normalize();
        if (!listings.mayExist(candidate)) {
          continue;
        }
        candidates.add(candidate);
        if (stat(candidate) != null) {
          visit(candidate);
          if (!inc.next()) {
            return new AnalysisCache.Step(inc, List.copyOf(candidates), i == chain.size() - 1);
          }
        }
      }
      return new AnalysisCache.Step(inc, List.copyOf(candidates), true);
    }
  }
}
