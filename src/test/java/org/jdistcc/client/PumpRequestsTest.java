package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdistcc.args.ScanResult;
import org.jdistcc.include.IncludeAnalysis;
import org.jdistcc.protocol.PumpEntry;
import org.jdistcc.protocol.PumpRequest;
import org.junit.jupiter.api.Test;

class PumpRequestsTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

  private List<String> names(PumpRequest request) {
    return request.entries().stream().map(PumpEntry::name).toList();
  }

  @Test
  void sendsTheClosureAndMakesTheDirectoriesTheCompilerClimbsThrough() throws Exception {
    Path cwd = Files.createDirectories(fs.getPath("/w/proj"));
    Files.createDirectories(cwd.resolve("src"));
    Files.createDirectories(cwd.resolve("build"));
    Files.createDirectories(cwd.resolve("inc"));
    Files.createDirectories(fs.getPath("/usr/include"));
    Path source = Files.writeString(cwd.resolve("src/x.c"), "#include \"a.h\"\n");
    Path header = Files.writeString(cwd.resolve("inc/a.h"), "#define A 1\n");
    List<String> argv =
        List.of("gcc", "-Ibuild/../inc", "-isystem", "/usr/include", "-c", "src/x.c", "-o", "x.o");
    ScanResult.Distribute job = new ScanResult.Distribute(argv, "src/x.c", "x.o");
    IncludeAnalysis.Closure closure =
        new IncludeAnalysis.Closure(new LinkedHashSet<>(List.of(source, header)), Set.of());
    PumpRequest request =
        PumpRequests.build(
            cwd, job, argv, closure, List.of(fs.getPath("/usr/include")), new SentFiles());
    assertEquals("/w/proj", request.cwd());
    assertEquals(argv, request.argv());
    assertEquals(
        List.of(
            "/w/proj/src/x.c",
            "/w/proj/inc/a.h",
            "/w/proj/" + PumpRequests.FORCING,
            "/w/proj/build/" + PumpRequests.FORCING),
        names(request));
    assertEquals(0, ((PumpEntry.File) request.entries().get(2)).content().length);
    assertEquals(
        "#define A 1\n", new String(((PumpEntry.File) request.entries().get(1)).content()));
  }

  @Test
  void aDirectoryMissingHereIsNotMadeThere() throws Exception {
    Path cwd = Files.createDirectories(fs.getPath("/w"));
    Path source = Files.writeString(cwd.resolve("x.c"), "int x;\n");
    List<String> argv = List.of("gcc", "-Inowhere", "-c", "x.c", "-o", "x.o");
    PumpRequest request =
        PumpRequests.build(
            cwd,
            new ScanResult.Distribute(argv, "x.c", "x.o"),
            argv,
            new IncludeAnalysis.Closure(Set.of(source), Set.of()),
            List.of(),
            new SentFiles());
    assertEquals(List.of("/w/x.c"), names(request));
  }
}
