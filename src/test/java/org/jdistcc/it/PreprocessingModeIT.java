package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sources that GCC compiles differently after a plain {@code -E} (src/test/resources/preprocessing)
 * go through jdistcc to jdistcc's distccd and to the real distccd 3.4: in the default
 * directives-only mode the objects equal a one-step local compile; with DISTCC_CLASSIC_CPP=1
 * (distcc 3.4's way) they differ, which proves the mode is what makes them equal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreprocessingModeIT {
  @TempDir static Path root;
  private Path client;
  private String ourVolunteer;
  private Listener realVolunteer;

  @BeforeAll
  void start() throws Exception {
    Tools.require("gcc");
    Tools.require("g++");
    client = Tools.home().resolve("bin/distcc");
    ourVolunteer = "|" + Tools.home().resolve("bin/distccd");
    realVolunteer = Listener.socat(root, Tools.require("distccd") + " --inetd --allow 127.0.0.1");
    for (String name : List.of("guarded.c", "guarded.cc")) {
      try (var in = getClass().getResourceAsStream("/preprocessing/" + name)) {
        Files.write(root.resolve(name), in.readAllBytes());
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (realVolunteer != null) {
      realVolunteer.close();
    }
  }

  Stream<Arguments> cases() {
    return Stream.of("ours", "distcc-3.4")
        .flatMap(
            v ->
                Stream.of(
                    Arguments.of(v, "gcc", "guarded.c", "-O0"),
                    Arguments.of(v, "g++", "guarded.cc", "-O0"),
                    Arguments.of(v, "g++", "guarded.cc", "-O0 -g -gno-record-gcc-switches"),
                    Arguments.of(v, "g++", "guarded.cc", "-O2")));
  }

  private byte[] compile(
      String volunteer,
      boolean classic,
      String compiler,
      String source,
      String flags,
      String object)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put(
        "DISTCC_HOSTS",
        volunteer.equals("ours") ? ourVolunteer : "127.0.0.1:" + realVolunteer.port);
    env.put("DISTCC_DIR", root.resolve(".distcc").toString());
    env.put("DISTCC_FALLBACK", "0");
    env.put("DISTCC_SKIP_LOCAL_RETRY", "1");
    if (classic) {
      env.put("DISTCC_CLASSIC_CPP", "1");
    }
    List<String> command = new ArrayList<>(List.of(client.toString(), compiler));
    command.addAll(Arrays.asList(flags.split(" ")));
    command.addAll(List.of("-c", source, "-o", object));
    Run run = Run.of(root, env, command);
    assertEquals(0, run.exit(), run.toString());
    return Files.readAllBytes(root.resolve(object));
  }

  private byte[] local(String compiler, String source, String flags) throws Exception {
    List<String> command = new ArrayList<>(List.of(compiler));
    command.addAll(Arrays.asList(flags.split(" ")));
    command.addAll(List.of("-c", source, "-o", "local.o"));
    Run run = Run.of(root, Map.of(), command);
    assertEquals(0, run.exit(), run.toString());
    return Files.readAllBytes(root.resolve("local.o"));
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @MethodSource("cases")
  void directivesOnlyObjectsEqualAOneStepCompile(
      String volunteer, String compiler, String source, String flags) throws Exception {
    byte[] expected = local(compiler, source, flags);
    assertArrayEquals(expected, compile(volunteer, false, compiler, source, flags, "directives.o"));
    if (flags.equals("-O0")) {
      byte[] classic = compile(volunteer, true, compiler, source, flags, "classic.o");
      assertFalse(
          Arrays.equals(expected, classic),
          "classic -E mode gave the same object: the test proves nothing");
    }
  }
}
