package org.jdistcc.include;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncludeAnalysisTest {
  private static final DefaultSearchPath DEFAULTS =
      new DefaultSearchPath(List.of(), List.of("/usr/lib/gcc/x/12/include", "/usr/include"));

  private FileSystem fs;
  private Path cwd;

  /**
   * Its clock an hour ahead, so that every directory counts as settled and each case runs with
   * directory listings answering the lookups (with a clock on time the files just written would all
   * be stat'd, as without listings).
   */
  private final AnalysisCache cache =
      new AnalysisCache(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));

  @BeforeEach
  void setUp() throws IOException {
    fs = Jimfs.newFileSystem(Configuration.unix());
    cwd = Files.createDirectories(fs.getPath("/p/src"));
  }

  private void write(String path, String text) throws IOException {
    Path p = fs.getPath(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  /**
   * Whether {@link #closure} analyses twice, checking that the second analysis, which follows the
   * headers' includes as the first resolved them, finds the same files.
   */
  private boolean twice = true;

  private Set<String> closure(String... args) throws IOException {
    List<String> argv = new java.util.ArrayList<>(List.of("gcc"));
    argv.addAll(List.of(args));
    argv.addAll(List.of("-c", "x.c"));
    Set<String> first = once(argv);
    if (twice) {
      long reused = cache.reused();
      assertEquals(first, once(argv), "again, from the kept resolutions");
      assertTrue(cache.reused() > reused, "no resolution was reused");
    }
    return first;
  }

  private Set<String> once(List<String> argv) throws IOException {
    return IncludeAnalysis.closure(cwd, argv, "x.c", DEFAULTS, cache).files().stream()
        .map(Path::toString)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Lets the file system's clock move on, so that a change gives its directory a new stamp. */
  private static void tick() throws InterruptedException {
    Thread.sleep(5);
  }

  @Test
  void aHeaderThatShadowsAKeptResolutionIsFound() throws Exception {
    write("/p/src/x.c", "#include <h.h>\n");
    write("/p/two/h.h", "");
    Files.createDirectories(fs.getPath("/p/one"));
    assertEquals(Set.of("/p/src/x.c", "/p/two/h.h"), closure("-I../one", "-I../two"));
    tick();
    write("/p/one/h.h", "");
    assertEquals(Set.of("/p/src/x.c", "/p/one/h.h"), closure("-I../one", "-I../two"));
  }

  @Test
  void aKeptResolutionFollowsTheHeadersNewIncludes() throws Exception {
    write("/p/src/x.c", "#include \"a.h\"\n");
    write("/p/src/a.h", "");
    write("/p/inc/b.h", "");
    assertEquals(Set.of("/p/src/x.c", "/p/src/a.h"), closure("-I../inc"));
    tick();
    write("/p/src/a.h", "#include <b.h>\n");
    assertEquals(Set.of("/p/src/x.c", "/p/src/a.h", "/p/inc/b.h"), closure("-I../inc"));
  }

  @Test
  void anotherSearchPathResolvesAgain() throws IOException {
    write("/p/src/x.c", "#include <h.h>\n");
    write("/p/one/h.h", "");
    write("/p/two/h.h", "");
    assertEquals(Set.of("/p/src/x.c", "/p/one/h.h"), closure("-I../one", "-I../two"));
    assertEquals(Set.of("/p/src/x.c", "/p/two/h.h"), closure("-I../two", "-I../one"));
  }

  @Test
  void aLinkWhoseTargetAppearsOrGoesIsSeenThoughItsDirectoryDidNotChange() throws Exception {
    write("/p/src/x.c", "#include <h.h>\n");
    write("/p/two/h.h", "");
    Files.createDirectories(fs.getPath("/p/one"));
    Files.createDirectories(fs.getPath("/p/elsewhere"));
    Files.createSymbolicLink(fs.getPath("/p/one/h.h"), fs.getPath("/p/elsewhere/h.h"));
    write("/p/elsewhere/h.h", "");
    // Kept: the search stopped at /p/one/h.h.
    assertEquals(Set.of("/p/src/x.c", "/p/one/h.h"), closure("-I../one", "-I../two"));
    Files.delete(fs.getPath("/p/elsewhere/h.h")); // /p/one is as it was
    assertEquals(Set.of("/p/src/x.c", "/p/two/h.h"), closure("-I../one", "-I../two"));
    write("/p/elsewhere/h.h", "");
    assertEquals(Set.of("/p/src/x.c", "/p/one/h.h"), closure("-I../one", "-I../two"));
  }

  @Test
  void everyIncludeCountsWhateverTheConditions() throws IOException {
    write(
        "/p/src/x.c",
        "#include \"a.h\"\n#if 0\n#include \"never.h\"\n#endif\n"
            + "/* #include \"commented.h\" */\n#  include <b.h>\n#include <stdio.h>\n");
    write("/p/src/a.h", "// a\n");
    write("/p/src/never.h", "");
    write("/p/src/commented.h", "");
    write("/p/inc/b.h", "#include \"c.h\"\n");
    write("/p/inc/c.h", "");
    write("/usr/include/stdio.h", "#include <bits/x.h>\n");
    assertEquals(
        Set.of("/p/src/x.c", "/p/src/a.h", "/p/src/never.h", "/p/inc/b.h", "/p/inc/c.h"),
        closure("-I../inc"));
  }

  @Test
  void searchOrderIsGccsAndTheFirstMatchWins() throws IOException {
    write("/p/src/x.c", "#include <h.h>\n#include \"q.h\"\n");
    write("/p/one/h.h", "");
    write("/p/two/h.h", "");
    write("/p/quote/q.h", "");
    write("/p/one/q.h", "");
    write("/p/after/late.h", "");
    assertEquals(
        Set.of("/p/src/x.c", "/p/one/h.h", "/p/quote/q.h"),
        closure("-iquote", "/p/quote", "-I/p/one", "-isystem", "/p/two", "-idirafter/p/after"));
  }

  @Test
  void computedIncludesTakeEveryDefinitionSeen() throws IOException {
    write("/p/src/x.c", "#include \"config.h\"\n#include CONF\n#include INDIRECT\n");
    write(
        "/p/src/config.h",
        "#ifdef A\n#define CONF \"a.h\"\n#else\n#define CONF <b.h>\n#endif\n#define INDIRECT CONF2\n");
    write("/p/src/late.h", "#define CONF2 \"c.h\"\n");
    write("/p/src/a.h", "#include \"late.h\"\n");
    write("/p/inc/b.h", "");
    write("/p/src/c.h", "");
    assertEquals(
        Set.of(
            "/p/src/x.c",
            "/p/src/config.h",
            "/p/src/a.h",
            "/p/inc/b.h",
            "/p/src/late.h",
            "/p/src/c.h"),
        closure("-I/p/inc"));
  }

  @Test
  void computedIncludesTakeDefinitionsFromTheCommandLine() throws IOException {
    write("/p/src/x.c", "#include CONF\n#include OTHER\n#include LATER\n#include FN\n");
    write("/p/src/conf.h", "#define LATER \"later.h\"\n");
    write("/p/inc/other.h", "");
    write("/p/src/later.h", "");
    write("/p/src/fn.h", "");
    // -D NAME=BODY joined and separate; a function-like -D names no header; -U keeps what was seen
    assertEquals(
        Set.of("/p/src/x.c", "/p/src/conf.h", "/p/inc/other.h", "/p/src/later.h"),
        closure(
            "-I/p/inc",
            "-DCONF=\"conf.h\"",
            "-D",
            "OTHER=<other.h>",
            "-DFN(x)=\"fn.h\"",
            "-UCONF"));
  }

  @Test
  void includeNextAndHasIncludeAndForcedIncludesCount() throws IOException {
    write("/p/src/x.c", "#if __has_include(<opt.h>)\n#endif\n#include <wrap.h>\n");
    write("/p/one/wrap.h", "#include_next <wrap.h>\n");
    write("/p/two/wrap.h", "");
    write("/p/two/opt.h", "");
    write("/p/src/pre.h", "");
    write("/p/src/m.h", "");
    assertEquals(
        Set.of(
            "/p/src/x.c",
            "/p/one/wrap.h",
            "/p/two/wrap.h",
            "/p/two/opt.h",
            "/p/src/pre.h",
            "/p/src/m.h"),
        closure("-I/p/one", "-I/p/two", "-include", "pre.h", "-imacros", "m.h"));
  }

  @Test
  void systemHeadersAreNotSentButIsystemOutsideTheDefaultsIs() throws IOException {
    write("/p/src/x.c", "#include <stdio.h>\n#include <vendor.h>\n");
    write("/usr/include/stdio.h", "");
    write("/opt/vendor/vendor.h", "");
    var result =
        IncludeAnalysis.closure(
            cwd, List.of("gcc", "-isystem", "/opt/vendor", "-c", "x.c"), "x.c", DEFAULTS, cache);
    assertEquals(
        Set.of(fs.getPath("/p/src/x.c"), fs.getPath("/opt/vendor/vendor.h")), result.files());
    assertEquals(Set.of(fs.getPath("/usr/include/stdio.h")), result.systemFiles());
  }

  @Test
  void nostdincMakesDefaultDirectoriesUnsearched() throws IOException {
    write("/p/src/x.c", "#include <stdio.h>\n");
    write("/usr/include/stdio.h", "");
    assertEquals(Set.of("/p/src/x.c"), closure("-nostdinc"));
  }

  @Test
  void cacheSkipsUnchangedFilesAndRereadsChangedOnes() throws Exception {
    twice = false; // counts reads
    write("/p/src/x.c", "#include \"a.h\"\n");
    write("/p/src/a.h", "");
    closure();
    assertEquals(2, cache.reads());
    closure();
    assertEquals(2, cache.reads());
    assertEquals(2, cache.hits());
    assertTrue(cache.listed() > 0, "no directory was listed");
    // b.h is created in a directory listed without it: the listing must not hide it. The clock
    // ahead counts the directory as settled, so the change must come in a later tick of the file
    // system's clock, as it would after the real settling time.
    tick();
    write("/p/src/a.h", "#include \"b.h\"\n");
    write("/p/src/b.h", "");
    assertEquals(Set.of("/p/src/x.c", "/p/src/a.h", "/p/src/b.h"), closure());
    assertEquals(4, cache.reads());
  }
}
