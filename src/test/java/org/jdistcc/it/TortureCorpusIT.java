package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The torture corpus (src/test/resources/torture, its table in cases.txt) compiled through jdistcc
 * to jdistcc's distccd and to the real distccd 3.4, each case compared with a one-step local
 * compile of the same file in the same directory: exit status, diagnostics (those about the command
 * line too, each as often as there), and the object byte for byte, or with {@code -g} its code,
 * data and symbols ({@code objcopy --strip-debug}).
 *
 * <p>Each row runs with every compiler it names, and with {@code -g} added for its first compiler.
 * All compiles run in {@link #compileAll} on a few threads (one JVM start per distributed compile
 * is most of the time); each row then only compares its results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TortureCorpusIT {
  @TempDir static Path root;
  private Path client;
  private Listener realVolunteer;
  private final Map<String, Future<Outcome>> outcomes = new HashMap<>();
  private ExecutorService pool;

  /** One line of cases.txt, for one compiler, with or without -g, through one volunteer. */
  record Case(
      String source,
      String compiler,
      String flags,
      String expect,
      String why,
      boolean debug,
      String volunteer) {
    String key() {
      return volunteer + " " + compiler + " " + flags + (debug ? " -g" : "") + " " + source;
    }

    /** The file compiled: a .c source becomes .cc for a C++ compiler. */
    String file() {
      return compiler.endsWith("++") && source.endsWith(".c") ? source + "c" : source;
    }
  }

  /** The local and the distributed compile of one case. */
  record Outcome(
      Run local,
      Run distributed,
      byte[] localObject,
      byte[] distributedObject,
      byte[] localStripped,
      byte[] distributedStripped) {}

  static List<Case> table() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = TortureCorpusIT.class.getResourceAsStream("/torture/cases.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\\|");
        for (String volunteer : List.of("ours", "distccd-3.4")) {
          String[] compilers = f[1].trim().split(" +");
          for (String compiler : compilers) {
            cases.add(
                new Case(
                    f[0].trim(),
                    compiler,
                    f[2].trim(),
                    f[3].trim(),
                    f[4].trim(),
                    false,
                    volunteer));
          }
          cases.add(
              new Case(
                  f[0].trim(),
                  compilers[0],
                  f[2].trim(),
                  f[3].trim(),
                  f[4].trim(),
                  true,
                  volunteer));
        }
      }
    }
    return cases;
  }

  @BeforeAll
  void compileAll() throws Exception {
    List<Case> cases = table();
    for (String tool : List.of("gcc", "g++", "clang", "clang++", "objcopy")) {
      Tools.require(tool);
    }
    client = Tools.home().resolve("bin/distcc");
    realVolunteer = Listener.socat(root, Tools.require("distccd") + " --inetd --allow 127.0.0.1");
    Path corpus = root.resolve("corpus");
    copyCorpus(corpus);
    pool = Executors.newFixedThreadPool(4);
    int n = 0;
    for (Case c : cases) {
      Path dir = root.resolve("case" + n++);
      outcomes.put(c.key(), pool.submit(() -> compile(c, corpus, dir)));
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (realVolunteer != null) {
      realVolunteer.close();
    }
  }

  private void copyCorpus(Path corpus) throws IOException {
    Files.createDirectories(corpus.resolve("inc"));
    try (InputStream in = getClass().getResourceAsStream("/torture/cases.txt")) {
      Files.write(corpus.resolve("cases.txt"), in.readAllBytes());
    }
    Path resources = Path.of(getClass().getResource("/torture/cases.txt").getPath()).getParent();
    try (Stream<Path> files = Files.walk(resources)) {
      for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        Path to = corpus.resolve(resources.relativize(file).toString());
        Files.createDirectories(to.getParent());
        Files.copy(file, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private Outcome compile(Case c, Path corpus, Path dir) throws Exception {
    Files.createDirectories(dir.resolve("inc"));
    try (Stream<Path> headers = Files.list(corpus.resolve("inc"))) {
      for (Path h : headers.collect(Collectors.toList())) {
        Files.copy(h, dir.resolve("inc").resolve(h.getFileName()));
      }
    }
    Files.copy(corpus.resolve(c.source()), dir.resolve(c.file()));
    Map<String, String> env = new HashMap<>();
    List<String> flags = new ArrayList<>();
    for (String word : c.flags().split(" +")) {
      if (word.startsWith("env:")) {
        String[] kv = word.substring(4).split("=", 2);
        env.put(kv[0], kv[1]);
      } else {
        flags.add(word);
      }
    }
    if (c.debug()) {
      flags.add("-g");
    }
    List<String> local = new ArrayList<>(List.of(c.compiler()));
    local.addAll(flags);
    local.addAll(List.of("-c", c.file(), "-o", "local.o"));
    Run one = Run.of(dir, env, local);

    Map<String, String> distEnv = new HashMap<>(env);
    distEnv.put(
        "DISTCC_HOSTS",
        c.volunteer().equals("ours")
            ? "|" + Tools.home().resolve("bin/distccd")
            : "127.0.0.1:" + realVolunteer.port);
    distEnv.put("DISTCC_DIR", dir.resolve(".distcc").toString());
    distEnv.put("DISTCC_FALLBACK", "0");
    distEnv.put("DISTCC_SKIP_LOCAL_RETRY", "1");
    distEnv.put("DISTCC_VERBOSE", "1");
    List<String> distributed = new ArrayList<>(List.of(client.toString(), c.compiler()));
    distributed.addAll(flags);
    distributed.addAll(List.of("-c", c.file(), "-o", "dist.o"));
    Run two = Run.of(dir, distEnv, distributed);
    return new Outcome(
        one,
        two,
        read(dir.resolve("local.o")),
        read(dir.resolve("dist.o")),
        stripped(dir, "local.o"),
        stripped(dir, "dist.o"));
  }

  private static byte[] read(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllBytes(file) : null;
  }

  private static byte[] stripped(Path dir, String object) throws Exception {
    if (!Files.exists(dir.resolve(object))) {
      return null;
    }
    Run run =
        Run.of(dir, Map.of(), List.of("objcopy", "--strip-debug", object, object + ".stripped"));
    assertEquals(0, run.exit(), run.toString());
    return Files.readAllBytes(dir.resolve(object + ".stripped"));
  }

  /** A compiler message: file, line, kind and text; columns are left out (see README). */
  private static final Pattern MESSAGE =
      Pattern.compile("^([^\\s:]+):(\\d+):(?:\\d+:)? (warning|error|note|fatal error): (.*)$");

  /** A message about the command line, not a source line: {@code clang: warning: …}. */
  private static final Pattern OPTION_MESSAGE =
      Pattern.compile("^[^\\s:]+: (?:warning|error|note|fatal error): .*$");

  static List<String> messages(String stderr) {
    List<String> out = new ArrayList<>();
    for (String line : stderr.split("\n")) {
      if (line.startsWith("distcc[")) {
        continue;
      }
      Matcher m = MESSAGE.matcher(line);
      if (m.matches()) {
        out.add(m.group(1) + ":" + m.group(2) + ": " + m.group(3) + ": " + m.group(4));
      } else if (OPTION_MESSAGE.matcher(line).matches()) {
        out.add(line);
      }
    }
    return out;
  }

  Stream<Arguments> cases() throws IOException {
    return table().stream().map(c -> Arguments.of(c.key(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void distributedCompileGivesWhatAOneStepCompileGives(String name, Case c) throws Exception {
    Outcome o = outcomes.get(c.key()).get();
    String context = c.why() + "\nlocal: " + o.local() + "\ndistributed: " + o.distributed();
    assertEquals(
        c.expect().equals("fails"),
        o.local().exit() != 0,
        "the row's expectation is wrong: " + context);
    assertEquals(o.local().exit(), o.distributed().exit(), "exit status: " + context);
    if (!c.expect().equals("diagnostics")) {
      assertEquals(
          messages(o.local().stderr()),
          messages(o.distributed().stderr()),
          "diagnostics: " + context);
    }
    if (o.local().exit() != 0) {
      return;
    }
    assertTrue(
        o.distributed().stderr().contains(" on 127.0.0.1:")
            || o.distributed().stderr().contains(" on |")
            || ranLocallyOnPurpose(o.distributed().stderr()),
        "neither distributed nor kept local on purpose: " + context);
    if (c.debug()) {
      assertTrue(
          Arrays.equals(o.localStripped(), o.distributedStripped()),
          "code, data or symbols differ (objcopy --strip-debug): " + context);
    } else {
      assertTrue(
          Arrays.equals(o.localObject(), o.distributedObject()), "objects differ: " + context);
    }
  }

  /** The client's log says the job was kept here by a rule, not by a failure. */
  private static boolean ranLocallyOnPurpose(String log) {
    return log.contains("running locally: ")
        || log.contains("compiling ") && log.contains(" locally: ");
  }
}
