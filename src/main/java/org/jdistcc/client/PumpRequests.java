package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdistcc.args.ScanResult;
import org.jdistcc.include.IncludeAnalysis;
import org.jdistcc.include.SearchOptions;
import org.jdistcc.protocol.PumpEntry;
import org.jdistcc.protocol.PumpRequest;

/**
 * Builds a job's protocol 3 request from its include closure: every file of the closure with its
 * contents under its absolute name, and an empty file named {@value #FORCING} (distcc's name) in
 * each directory that must exist on the volunteer although no file of the closure lies in it: the
 * working directory, the include directories the command names, and every directory a path climbs
 * out of with {@code ..} (the volunteer's kernel resolves {@code build/../inc} through {@code
 * build}). Directories under the compiler's default directories are never sent: they are the
 * volunteer's.
 */
final class PumpRequests {
  private PumpRequests() {}

  /** distcc's name for the empty file that makes a directory exist on the volunteer. */
  static final String FORCING = "forcing_technique_271828";

  /**
   * @param cwd the job's working directory, absolute
   * @param job the scanned command
   * @param argv the command to send, compiler name first
   * @param closure what the include analysis found
   * @param systemDirs the compiler's default directories, absolute
   * @param sent where the files' entries come from
   */
  static PumpRequest build(
      Path cwd,
      ScanResult.Distribute job,
      List<String> argv,
      IncludeAnalysis.Closure closure,
      List<Path> systemDirs,
      SentFiles sent)
      throws IOException {
    List<PumpEntry> entries = new ArrayList<>(closure.files().size() + 4);
    Set<Path> dirs = new LinkedHashSet<>();
    for (Path file : closure.files()) {
      entries.add(sent.file(file, closure.stamps().get(file)));
      dirs.add(file.getParent());
    }
    Set<Path> forced = new LinkedHashSet<>();
    forced.add(cwd);
    SearchOptions options = SearchOptions.parse(job.argv());
    List<String> named = new ArrayList<>(options.quoted());
    named.addAll(options.bracketed());
    named.addAll(options.system());
    named.addAll(options.after());
    for (String forcedFile : options.forced()) {
      Path parent = Path.of(forcedFile).getParent();
      if (parent != null) {
        named.add(parent.toString());
      }
    }
    Path input = Path.of(job.input()).getParent();
    if (input != null) {
      named.add(input.toString());
    }
    for (String dir : named) {
      climbed(cwd, dir, forced);
    }
    for (Path dir : forced) {
      if (!dirs.contains(dir) && !under(dir, systemDirs) && Files.isDirectory(dir)) {
        entries.add(new PumpEntry.File(dir.resolve(FORCING).toString(), new byte[0]));
        dirs.add(dir);
      }
    }
    return new PumpRequest(cwd.toString(), argv, entries);
  }

  /** The directory as written, and each directory it climbs out of with {@code ..}. */
  private static void climbed(Path cwd, String dir, Set<Path> out) {
    Path raw = cwd.resolve(dir);
    Path prefix = raw.getRoot();
    for (Path part : raw) {
      if (part.toString().equals("..") && prefix != null) {
        out.add(prefix.normalize());
      }
      prefix = prefix == null ? part : prefix.resolve(part);
    }
    out.add(raw.normalize());
  }

  private static boolean under(Path dir, List<Path> systemDirs) {
    for (Path sys : systemDirs) {
      if (dir.startsWith(sys)) {
        return true;
      }
    }
    return false;
  }
}
