package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.exec.DirectRunner;
import org.jdistcc.include.AnalysisCache;
import org.jdistcc.include.DefaultSearchPath;
import org.jdistcc.include.IncludeAnalysis;

/**
 * What distcc 3.4's include server does for a pump job, in this process: the compiler's default
 * search path (asked once per compiler, language and search-changing options) and the closure of
 * the files a compile may open, with the per-file cache kept across jobs; also what else pump jobs
 * share across jobs: the files they send ({@link SentFiles}) and the locks of the system-header
 * checks. The agent holds one for its lifetime, so warm jobs read no unchanged header again; the
 * in-process client holds one per job. Safe for concurrent jobs. The analysis itself is {@link
 * IncludeAnalysis}'.
 */
public final class Includes {
  private final AnalysisCache cache = new AnalysisCache();
  private final Map<List<String>, DefaultSearchPath> defaults = new ConcurrentHashMap<>();
  private final SentFiles sent = new SentFiles();
  private final Map<String, Object> checkLocks = new ConcurrentHashMap<>();

  public Includes() {}

  /**
   * The default search path of {@code compiler} for {@code language} under the job's options that
   * move it (target, {@code -m}, {@code -stdlib=}, {@code -nostdinc++}).
   */
  DefaultSearchPath defaults(
      Path compiler, String language, List<String> argv, Map<String, String> environment, Path cwd)
      throws DistccException {
    List<String> probe =
        new ArrayList<>(DefaultSearchPath.probeArguments(compiler.toString(), language));
    probe.addAll(1, searchMoving(argv));
    DefaultSearchPath known = defaults.get(probe);
    if (known != null) {
      return known;
    }
    Optional<String> verbose = DirectRunner.errorText(probe, environment, cwd);
    if (verbose.isEmpty()) {
      throw new DistccException(
          ExitCode.DISTCC_FAILED, "cannot ask " + compiler + " for its include directories");
    }
    try {
      DefaultSearchPath parsed = DefaultSearchPath.parse(verbose.get());
      defaults.put(probe, parsed);
      return parsed;
    } catch (IllegalArgumentException e) {
      throw new DistccException(ExitCode.DISTCC_FAILED, compiler + " -v: " + e.getMessage(), e);
    }
  }

  /** The closure of the job's source; see {@link IncludeAnalysis#closure}. */
  IncludeAnalysis.Closure closure(
      Path cwd, List<String> argv, String input, DefaultSearchPath defaults) throws IOException {
    return IncludeAnalysis.closure(cwd, argv, input, defaults, cache);
  }

  /**
   * The system headers a job reads on the volunteer: {@code direct} (what the closure reached in
   * the default directories) and everything they include in turn, analysed as the closure is, with
   * the default directories searched as {@code -isystem}. For the header check only.
   */
  List<Path> systemClosure(Path cwd, DefaultSearchPath defaults, java.util.Collection<Path> direct)
      throws IOException {
    if (direct.isEmpty()) {
      return List.of();
    }
    List<String> argv = new ArrayList<>(List.of("cc", "-nostdinc"));
    for (String d : defaults.angled()) {
      argv.add("-isystem");
      argv.add(d);
    }
    List<Path> headers = new ArrayList<>(direct);
    for (Path h : headers.subList(1, headers.size())) {
      argv.add("-include");
      argv.add(h.toString());
    }
    DefaultSearchPath none = new DefaultSearchPath(List.of(), List.of());
    return List.copyOf(
        IncludeAnalysis.closure(cwd, argv, headers.get(0).toString(), none, cache).files());
  }

  /** The files pump jobs send, with their compressed form, kept as the analysis cache is. */
  SentFiles sent() {
    return sent;
  }

  /**
   * The lock of one pump session's system-header check of one host (named by {@code key}), held by
   * the job that checks while the others that need the verdict wait. One small object per session
   * and host for the process's life.
   */
  Object checkLock(String key) {
    return checkLocks.computeIfAbsent(key, k -> new Object());
  }

  /**
   * Files read so far, files served from the cache, lookups a directory listing answered without a
   * stat, and headers whose includes were followed as resolved before: for DISTCC_VERBOSE.
   */
  String stats() {
    return cache.reads()
        + " read, "
        + cache.hits()
        + " cached, "
        + cache.spared()
        + " misses from "
        + cache.listed()
        + " listings, "
        + cache.reused()
        + " headers' includes as resolved before";
  }

  /** The options that change which directories the compiler searches by default. */
  static List<String> searchMoving(List<String> argv) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("-target") && i + 1 < argv.size()) {
        out.add(a);
        out.add(argv.get(++i));
      } else if (a.startsWith("-m")
          || a.startsWith("-stdlib=")
          || a.startsWith("--target=")
          || a.equals("-nostdinc++")
          || a.startsWith("--gcc-toolchain=")) {
        out.add(a);
      }
    }
    return out;
  }
}
