package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.include.DefaultSearchPath;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.PumpEntry;
import org.jdistcc.protocol.PumpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The header check's probe compiled by the real gcc here, standing in for a volunteer; the headers
 * are copies in a temporary directory, so that one can be changed after the "volunteer" read it.
 */
class SystemHeaderCheckTest {
  private static final DefaultSearchPath NOWHERE = new DefaultSearchPath(List.of(), List.of());

  @TempDir Path dir;
  private List<Path> headers;
  private DefaultSearchPath ours;

  @BeforeEach
  void headers() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
    Files.createDirectories(dir.resolve("sys"));
    headers =
        List.of(
            Files.writeString(dir.resolve("sys/one.h"), "#define ONE 1\n"),
            Files.writeString(dir.resolve("sys/two.h"), "#define TWO 2\n/* \0 binary is fine */\n"),
            Files.writeString(dir.resolve("sys/three.h"), "#define THREE 3\n"));
    ours =
        DefaultSearchPath.parse(
            compile(
                    SystemHeaderCheck.probe("gcc", "c", List.of(), List.of(), NOWHERE),
                    dir.resolve("first"))
                .stderrText());
  }

  private record Compiled(CompileResponse response) {
    String stderrText() {
      return new String(response.stderr(), StandardCharsets.UTF_8);
    }
  }

  /** Compiles the probe as a volunteer would: its file written, gcc run in its directory. */
  private static Compiled compile(PumpRequest probe, Path where) throws Exception {
    Path cwd = Files.createDirectories(where.resolve(probe.cwd().substring(1)));
    for (PumpEntry e : probe.entries()) {
      Files.write(where.resolve(e.name().substring(1)), ((PumpEntry.File) e).content());
    }
    List<String> argv = new java.util.ArrayList<>(probe.argv());
    argv.set(argv.indexOf(SystemHeaderCheck.DIR + "/probe.c"), "probe.c");
    Process p =
        new ProcessBuilder(argv)
            .directory(cwd.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] err = p.getErrorStream().readAllBytes();
    int status = p.waitFor();
    byte[] object = status == 0 ? Files.readAllBytes(cwd.resolve("probe.o")) : new byte[0];
    return new Compiled(
        new CompileResponse(ProtocolVersion.PUMP, status << 8, err, new byte[0], object));
  }

  private String verdict() throws Exception {
    Compiled c =
        compile(SystemHeaderCheck.probe("gcc", "c", List.of(), headers, ours), dir.resolve("v"));
    return SystemHeaderCheck.verdict(ours, headers, c.response());
  }

  @Test
  void sameHeadersAndSearchPathAreTheSame() throws Exception {
    assertEquals(SystemHeaderCheck.SAME, verdict());
  }

  @Test
  void aHeaderThatDiffersIsNamed() throws Exception {
    Compiled c =
        compile(SystemHeaderCheck.probe("gcc", "c", List.of(), headers, ours), dir.resolve("v"));
    Files.writeString(headers.get(1), "#define TWO 3\n/* \0 binary is fine */\n");
    assertEquals(
        headers.get(1) + " differs on the host",
        SystemHeaderCheck.verdict(ours, headers, c.response()));
  }

  @Test
  void aHeaderOfAnotherLengthIsNamedAndTheRestNotBlamed() throws Exception {
    Compiled c =
        compile(SystemHeaderCheck.probe("gcc", "c", List.of(), headers, ours), dir.resolve("v"));
    Files.writeString(headers.get(0), "#define ONE 11\n");
    assertEquals(
        headers.get(0) + " differs on the host",
        SystemHeaderCheck.verdict(ours, headers, c.response()));
  }

  @Test
  void aHeaderMissingOnTheHostIsNamed() throws Exception {
    PumpRequest probe = SystemHeaderCheck.probe("gcc", "c", List.of(), headers, ours);
    Files.delete(headers.get(2));
    Compiled c = compile(probe, dir.resolve("v"));
    assertEquals(
        headers.get(2) + " is missing or unreadable on the host",
        SystemHeaderCheck.verdict(ours, headers, c.response()));
  }

  @Test
  void anotherSearchPathIsNamedByItsFirstDifferentDirectory() throws Exception {
    Path extra = Files.createDirectories(dir.resolve("extra"));
    PumpRequest probe =
        SystemHeaderCheck.probe("gcc", "c", List.of("-isystem", extra.toString()), headers, ours);
    Compiled c = compile(probe, dir.resolve("v"));
    String verdict = SystemHeaderCheck.verdict(ours, headers, c.response());
    assertEquals(
        true, verdict.startsWith("include directory 1 is " + extra + " on the host"), verdict);
  }

  @Test
  void aVolunteerThatListsNoDirectoriesIsNotTrusted() throws IOException {
    CompileResponse silent =
        new CompileResponse(ProtocolVersion.PUMP, 0, new byte[0], new byte[0], new byte[0]);
    assertEquals(true, SystemHeaderCheck.verdict(ours, headers, silent).contains("did not list"));
  }

  @Test
  void earlierDirectoriesLackingTheNameAreAskedForIt() throws IOException {
    Path a = Files.createDirectories(dir.resolve("a/sys"));
    Path b = Files.createDirectories(dir.resolve("b/sys"));
    Path c = Files.createDirectories(dir.resolve("c"));
    Files.writeString(a.resolve("both.h"), "");
    Path inB = Files.writeString(b.resolve("both.h"), "");
    Path onlyB = Files.writeString(b.resolve("only.h"), "");
    Path inA = Files.writeString(a.resolve("first.h"), "");
    DefaultSearchPath search =
        new DefaultSearchPath(
            List.of(), List.of(dir + "/a", dir + "/b/", dir + "/c/../c", dir + "/none"));
    assertEquals(
        List.of(dir.resolve("a/sys/only.h")),
        SystemHeaderCheck.shadows(search, List.of(inB, onlyB, inA, headers.get(0))));
    assertEquals(List.of(), SystemHeaderCheck.shadows(search, List.of(c)));
  }

  @Test
  void aHeaderOnTheHostThatWouldShadowOursIsNamed() throws Exception {
    Path early = Files.createDirectories(dir.resolve("early"));
    DefaultSearchPath search =
        new DefaultSearchPath(List.of(), List.of(early.toString(), dir.toString()));
    PumpRequest probe = SystemHeaderCheck.probe("gcc", "c", List.of(), headers, search);
    Compiled clean = compile(probe, dir.resolve("v"));
    assertEquals(
        SystemHeaderCheck.SAME, SystemHeaderCheck.verdict(ours, headers, clean.response()));
    Files.createDirectories(early.resolve("sys"));
    Files.writeString(early.resolve("sys/two.h"), "#define TWO 22\n"); // the host has one more
    Compiled shadowed = compile(probe, dir.resolve("w"));
    assertEquals(
        early.resolve("sys/two.h") + " on the host comes before ours in the search path",
        SystemHeaderCheck.verdict(ours, headers, shadowed.response()));
  }
}
