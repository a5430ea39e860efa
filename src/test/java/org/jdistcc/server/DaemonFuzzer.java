package org.jdistcc.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;
import org.jdistcc.TempDir;
import org.jdistcc.protocol.CompileRequest;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.protocol.PumpCodec;
import org.jdistcc.protocol.PumpEntry;
import org.jdistcc.protocol.PumpRequest;
import org.jdistcc.protocol.RequestCodec;
import org.jdistcc.protocol.ResponseCodec;
import org.jdistcc.protocol.TokenWriter;
import org.jdistcc.protocol.WireLimits;

/**
 * A protocol fuzzer for distccd's job handler, in process with the daemon's real rules and a real
 * gcc: generated and mutated requests (truncated streams, wrong tokens, bad hex, huge lengths and
 * counts, non-UTF-8 and NUL in arguments, option injection, hostile compiler names, LZO bombs,
 * directives-only texts whose line markers name paths outside the job directory). After every
 * request it checks that the handler ended in time with a refusal, a protocol error or a normal
 * compile; that nothing was written outside the job directory (a canary directory that every
 * injected path points into stays empty); that only whitelisted compilers produced a compile
 * result; and that no job directory or child process is left.
 *
 * <p>{@code DaemonFuzzTest} runs a short campaign in every build; bench/fuzz-daemon runs long ones.
 */
public final class DaemonFuzzer {
  /** What a campaign found. */
  public record Stats(
      int requests,
      Map<String, Integer> outcomes,
      int compiles,
      int hangs,
      int escapes,
      int leftovers,
      int forbiddenRuns,
      long peakHeapBytes,
      List<String> problems) {
    void print(PrintStream out) {
      out.printf("requests tried:   %d%n", requests);
      outcomes.forEach((k, v) -> out.printf("  %-34s %d%n", k, v));
      out.printf("compiles run:     %d%n", compiles);
      out.printf("hangs:            %d%n", hangs);
      out.printf("escapes:          %d%n", escapes);
      out.printf("leftover files:   %d%n", leftovers);
      out.printf("forbidden runs:   %d%n", forbiddenRuns);
      out.printf("peak heap:        %d MB%n", peakHeapBytes >> 20);
      problems.stream().limit(20).forEach(p -> out.println("PROBLEM: " + p));
    }
  }

  private static final Duration HANG = Duration.ofSeconds(20);

  /**
   * The daemon's limits with a smaller body, so that LZO bombs reach the limit in milliseconds: the
   * bound is what is tested, not its size. Injected TMPDIR points at the canary, so a compiler that
   * wrote its temporary files outside the job directory would be caught.
   */
  private static final WireLimits FUZZ_LIMITS =
      new WireLimits(WireLimits.DAEMON.maxArgc(), WireLimits.DAEMON.maxArgLength(), 32 << 20);

  private static final Set<String> ALLOWED = Set.of("gcc", "cc");

  private final Path root;
  private final Path tempRoot;
  private final Path canary;
  private final Random random;
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final JobHandler handler;
  private final byte[] source;

  public DaemonFuzzer(Path root, long seed) throws IOException {
    this.root = root;
    this.tempRoot = Files.createDirectories(root.resolve("tmp"));
    this.canary = Files.createDirectories(root.resolve("canary"));
    this.random = new Random(seed);
    Log log =
        new Log(
            new PrintStream(logBytes, true, StandardCharsets.UTF_8),
            Log.Level.NOTICE,
            "distccd",
            1,
            null);
    CompilerPolicy compilers =
        new CompilerPolicy(
            root.resolve("no-compiler-dir"),
            ALLOWED,
            Optional.empty(),
            List.of(Path.of("/usr/bin"), Path.of("/bin")));
    DaemonConfig config =
        new DaemonConfig(
            compilers,
            Set.of(),
            tempRoot,
            Duration.ofSeconds(30),
            Optional.empty(),
            Map.of("PATH", "/usr/bin:/bin", "TMPDIR", canary.toString()),
            FUZZ_LIMITS);
    this.handler = new JobHandler(config, log, new Leftovers());
    this.source =
        ("# 1 \"x.c\"\nint f(int a) { return a * 3; }\nint g(void) { return f(2); }\n")
            .getBytes(StandardCharsets.US_ASCII);
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
    Path root = Files.createTempDirectory("jdistcc-fuzz");
    try {
      System.out.println("seed " + seed);
      Stats stats = new DaemonFuzzer(root, seed).run(n);
      stats.print(System.out);
      System.out.printf("peak RSS:         %s%n", peakRss());
      System.exit(stats.problems().isEmpty() ? 0 : 1);
    } finally {
      TempDir.deleteTree(root);
    }
  }

  static String peakRss() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM"))
        .map(l -> l.replaceAll("\\s+", " ").substring(6).trim())
        .findFirst()
        .orElse("?");
  }

  public Stats run(int n) throws IOException {
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    int compiles = 0;
    int hangs = 0;
    int escapes = 0;
    int leftovers = 0;
    int forbidden = 0;
    long peakHeap = 0;
    for (int i = 0; i < n; i++) {
      Case c = generate();
      logBytes.reset();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long start = System.nanoTime();
      int status;
      try (HeldOpen client = new HeldOpen(c.bytes())) {
        status = handler.serve(client, out, "fuzz", new Watchdog(Duration.ZERO, Log.none()));
      }
      long elapsed = System.nanoTime() - start;
      if (elapsed > HANG.toNanos()) {
        hangs++;
        problems.add("case " + i + " (" + c.kind() + ") took " + elapsed / 1_000_000 + " ms");
      }
      String outcome = outcome(status, out.toByteArray(), c);
      outcomes.merge(c.kind() + " -> " + outcome, 1, Integer::sum);
      if (outcome.startsWith("COMPILE")) {
        compiles++;
        if (!ALLOWED.contains(c.compiler())) {
          forbidden++;
          problems.add("case " + i + " ran compiler " + c.compiler());
        }
      }
      if (c.mustBeRefused() && outcome.startsWith("COMPILE")) {
        forbidden++;
        problems.add("case " + i + " (" + c.kind() + ") was not refused: " + c.describe());
      }
      try (Stream<Path> left = Files.list(canary)) {
        List<Path> found = left.toList();
        if (!found.isEmpty()) {
          escapes++;
          problems.add("case " + i + " (" + c.kind() + ") wrote " + found + ": " + c.describe());
          for (Path p : found) {
            TempDir.deleteTree(p);
          }
        }
      }
      try (Stream<Path> left = Files.list(tempRoot)) {
        List<Path> found = left.toList();
        if (!found.isEmpty()) {
          leftovers++;
          problems.add("case " + i + " (" + c.kind() + ") left " + found);
          for (Path p : found) {
            TempDir.deleteTree(p);
          }
        }
      }
      if (ProcessHandle.current().children().anyMatch(ProcessHandle::isAlive)) {
        leftovers++;
        problems.add("case " + i + " left a child process");
      }
      if (i % 64 == 0) {
        Runtime rt = Runtime.getRuntime();
        peakHeap = Math.max(peakHeap, rt.totalMemory() - rt.freeMemory());
      }
    }
    return new Stats(
        n, outcomes, compiles, hangs, escapes, leftovers, forbidden, peakHeap, problems);
  }

  private String outcome(int status, byte[] response, Case c) {
    if (response.length == 0) {
      return switch (status) {
        case 108 -> "truncated";
        case 109 -> "protocol error";
        default -> "exit " + status;
      };
    }
    try {
      // The answer's protocol is the request's, which a mutated request may have changed.
      ProtocolVersion version =
          ProtocolVersion.fromWire(
              Long.parseLong(new String(response, 4, 8, StandardCharsets.US_ASCII), 16));
      CompileResponse r =
          ResponseCodec.read(new ByteArrayInputStream(response), version, WireLimits.DEFAULT);
      String log = logBytes.toString(StandardCharsets.UTF_8);
      int rule = log.indexOf(" by rule ");
      if (rule >= 0) {
        return "refused " + log.substring(rule + 9).split("[:\\s]")[0];
      }
      if (log.contains(" OTHER ")) {
        return "failed";
      }
      return r.succeeded() ? "COMPILE_OK" : "COMPILE_ERROR";
    } catch (IOException | RuntimeException e) {
      return "unreadable response";
    }
  }

  /** One generated request. */
  private record Case(
      String kind,
      byte[] bytes,
      ProtocolVersion version,
      String compiler,
      boolean mustBeRefused,
      List<String> argv) {
    String describe() {
      return argv == null ? "(raw bytes)" : String.join(" ", argv);
    }
  }

  private Case generate() throws IOException {
    return switch (random.nextInt(12)) {
      case 0, 1 -> valid();
      case 2 -> injection();
      case 3 -> hostileCompiler();
      case 4 -> truncated();
      case 5 -> mutated();
      case 6 -> structural();
      case 7 -> badArguments();
      case 8 -> lzoBomb();
      case 9 -> random.nextBoolean() ? hostileMarkers() : randomBytes();
      case 10 -> pump();
      default -> randomBytes();
    };
  }

  private ProtocolVersion version() {
    return random.nextBoolean() ? ProtocolVersion.PLAIN : ProtocolVersion.LZO;
  }

  private static byte[] encode(CompileRequest request) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RequestCodec.write(request, out);
    return out.toByteArray();
  }

  private Case request(String kind, List<String> argv, boolean refuse) throws IOException {
    ProtocolVersion v = version();
    return new Case(
        kind, encode(new CompileRequest(v, argv, source)), v, argv.get(0), refuse, argv);
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private Case valid() throws IOException {
    List<String> argv =
        new ArrayList<>(List.of(pick(List.of("gcc", "cc")), "-c", "x.c", "-o", "x.o"));
    for (int k = random.nextInt(3); k > 0; k--) {
      argv.add(
          1, pick(List.of("-O0", "-O2", "-Wall", "-g", "-fPIC", "-std=c99", "-w", "-pedantic")));
    }
    return request("valid", argv, false);
  }

  private Case injection() throws IOException {
    String c = canary.toString();
    List<List<String>> dangerous =
        List.of(
            List.of("-o", c + "/out.o"),
            List.of("-o", "../x.o"),
            List.of("-o", "../../" + canary.getFileName() + "/x.o"),
            List.of("-B" + c),
            List.of("-B", c),
            List.of("-fplugin=" + c + "/evil.so"),
            List.of("-specs=" + c + "/s"),
            List.of("-wrapper", "/bin/sh,-c,touch " + c + "/pwned"),
            List.of("@" + c + "/args"),
            List.of("-MD", "-MF", c + "/x.d"),
            List.of("-MF" + c + "/y.d"),
            List.of("--sysroot=/"),
            List.of("-isysroot", "/"),
            List.of("-fdump-tree-all=" + c + "/dump"),
            List.of("-Wa,-a=" + c + "/listing"),
            List.of("-dumpdir", c + "/"),
            List.of("-aux-info", c + "/aux"),
            List.of("-fprofile-generate=" + c),
            List.of("-Xassembler", "-a=" + c + "/l"),
            List.of("-Wp,-MD," + c + "/p.d"),
            List.of("-fopt-info-all=" + c + "/opt"),
            List.of("-save-temps=" + c));
    List<String> argv = new ArrayList<>(List.of("gcc", "-c", "x.c"));
    List<String> extra = pick(dangerous);
    argv.addAll(extra);
    if (!extra.contains("-o")) {
      argv.addAll(List.of("-o", "x.o"));
    }
    // Writing to the canary is what the checks catch; a refusal is the expected outcome, but a
    // compile that stays inside its directory is also safe, so only the canary decides here.
    return request("injection", argv, false);
  }

  private Case hostileCompiler() throws IOException {
    String name =
        pick(
            List.of(
                "sh",
                "/bin/sh",
                "bash",
                "../gcc",
                "./gcc",
                "/usr/bin/../bin/sh",
                "python3",
                "x86_64-linux-gnu-gcc",
                "cc1",
                "as",
                "ld",
                "gcc/",
                "/tmp/gcc",
                "g" + "c".repeat(5000),
                ".",
                "..",
                "touch",
                "env",
                "/bin/touch"));
    List<String> argv =
        new ArrayList<>(
            List.of(name, "-c", "touch " + canary + "/pwned", "-c", "x.c", "-o", "x.o"));
    if (name.contains("touch")) {
      argv = new ArrayList<>(List.of(name, canary + "/pwned", "-c", "x.c", "-o", "x.o"));
    }
    return request("hostile compiler", argv, true);
  }

  /**
   * A directives-only job whose line markers name paths outside the job directory (the canary,
   * {@code ..}, absolute paths, NUL, very long names) as main file, included file or rename: the
   * volunteer lays such texts out as files, and none of those names may become one.
   */
  private Case hostileMarkers() throws IOException {
    String c = canary.toString();
    List<String> names =
        List.of(
            c + "/main.c",
            "../../" + canary.getFileName() + "/x.c",
            "..",
            ".",
            "/",
            c + "/\\000.c",
            "a\\000/../../x.c",
            "x".repeat(5000) + ".c",
            "../".repeat(300) + c + "/y.h",
            c + "/a=b.c",
            "\\",
            "<built-in>",
            "<command-line>",
            c + "//");
    StringBuilder text = new StringBuilder("# 0 \"" + pick(names) + "\"\n");
    if (random.nextBoolean()) {
      text.append("# 1 \"").append(pick(names)).append("//\"\n");
    }
    text.append("# 0 \"<built-in>\"\n#define __GNUC__ 12\n# 0 \"<command-line>\"\n");
    text.append("#define ").append(random.nextBoolean() ? "X 1" : "Y(a) a").append('\n');
    for (int k = random.nextInt(6); k >= 0; k--) {
      String name = pick(names);
      switch (random.nextInt(5)) {
        case 0 -> text.append("# 1 \"").append(name).append("\" 1 3 4\n");
        case 1 ->
            text.append("# ")
                .append(random.nextInt(1 << 30))
                .append(" \"")
                .append(name)
                .append("\" 2\n");
        case 2 ->
            text.append("# ").append(random.nextInt(100)).append(" \"").append(name).append("\"\n");
        case 3 ->
            text.append("#line 1 \"")
                .append(name)
                .append("\"\n/* # 1 \"")
                .append(name)
                .append("\" 1\n*/\n");
        default -> text.append("int v").append(k).append(";\n");
      }
    }
    text.append("int f(int a) { return a; }\n");
    List<String> argv =
        new ArrayList<>(
            List.of("gcc", "-fpreprocessed", "-fdirectives-only", "-c", "x.c", "-o", "x.o"));
    if (random.nextBoolean()) {
      argv.add(
          1,
          pick(List.of("-g", "-O2", "-ffile-prefix-map=" + c + "=/", "-fdebug-prefix-map=/=" + c)));
    }
    ProtocolVersion v = version();
    byte[] body = text.toString().getBytes(StandardCharsets.ISO_8859_1);
    return new Case(
        "hostile markers", encode(new CompileRequest(v, argv, body)), v, "gcc", false, argv);
  }

  private Case truncated() throws IOException {
    Case full = valid();
    int cut = random.nextInt(full.bytes().length);
    byte[] bytes = java.util.Arrays.copyOf(full.bytes(), cut);
    return new Case("truncated", bytes, full.version(), full.compiler(), true, null);
  }

  private Case mutated() throws IOException {
    Case full = random.nextBoolean() ? valid() : injection();
    byte[] bytes = full.bytes().clone();
    for (int k = 1 + random.nextInt(4); k > 0; k--) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(3)) {
        case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> bytes[at] = (byte) random.nextInt(256);
        default -> {
          String interesting = "0123456789abcdefXYZ\0 -/";
          bytes[at] = (byte) interesting.charAt(random.nextInt(interesting.length()));
        }
      }
    }
    // A mutation may yield another valid request; it may compile, but never outside the canary
    // rules.
    return new Case("mutated", bytes, full.version(), full.compiler(), false, null);
  }

  private Case structural() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TokenWriter w = new TokenWriter(out);
    try {
      long version = pick(List.of(0L, 1L, 2L, 3L, 4L, 0xffffffffL));
      w.writeInt(pick(List.of("DIST", "DIST", "DIST", "ARGC", "DOTI", "dist", "DIST")), version);
      long argc = pick(List.of(0L, 1L, 3L, 1_000_000L, 0xffffffffL, 0x7fffffffL));
      w.writeInt(pick(List.of("ARGC", "ARGC", "ARGV", "DOTI")), argc);
      for (int k = 0; k < Math.min(argc, 3); k++) {
        byte[] arg = pick(List.of("gcc", "-c", "x.c")).getBytes(StandardCharsets.US_ASCII);
        w.writeBody(pick(List.of("ARGV", "ARGV", "ARGC", "DOTI")), arg);
      }
      String head = pick(List.of("DOTI", "DOTI", "DOTO"));
      long length = pick(List.of(0L, 10L, 0xffffffffL, 0x40000000L, 0x10000001L));
      out.write(String.format("%s%08x", head, length).getBytes(StandardCharsets.US_ASCII));
      out.write(source);
      if (random.nextBoolean()) {
        out.write("DIST0000000gHTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException | IllegalArgumentException e) {
      // a token the writer refuses is simply not written
    }
    return new Case("structural", out.toByteArray(), ProtocolVersion.PLAIN, "gcc", false, null);
  }

  private Case badArguments() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TokenWriter w = new TokenWriter(out);
    w.writeInt("DIST", 1);
    w.writeInt("ARGC", 4);
    w.writeBody("ARGV", "gcc".getBytes(StandardCharsets.US_ASCII));
    byte[] bad =
        pick(
            List.of(
                new byte[] {(byte) 0xc3, 0x28},
                new byte[] {'-', 'c', 0, 'x'},
                new byte[] {(byte) 0xff, (byte) 0xfe},
                "-c".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}));
    w.writeBody("ARGV", bad);
    w.writeBody("ARGV", "x.c".getBytes(StandardCharsets.US_ASCII));
    w.writeBody("ARGV", "-ox.o".getBytes(StandardCharsets.US_ASCII));
    w.writeBody("DOTI", source);
    return new Case("bad arguments", out.toByteArray(), ProtocolVersion.PLAIN, "gcc", false, null);
  }

  /** Protocol 2 with a DOTI that claims to expand to hundreds of megabytes of zeros or more. */
  private Case lzoBomb() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(17 + 4);
    body.write(new byte[4]); // four literal zeros
    int repeats = 1 + random.nextInt(3);
    for (int r = 0; r < repeats; r++) {
      body.write(0x20); // match, distance 1, extended length
      int zeros = 140_000 + random.nextInt(100_000); // each zero byte adds 255: > 32 MiB in all
      body.write(new byte[zeros]);
      body.write(0xff);
      body.write(0);
      body.write(0);
    }
    body.write(new byte[] {0x11, 0, 0});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TokenWriter w = new TokenWriter(out);
    w.writeInt("DIST", 2);
    w.writeInt("ARGC", 5);
    for (String a : List.of("gcc", "-c", "x.c", "-o", "x.o")) {
      w.writeBody("ARGV", a.getBytes(StandardCharsets.US_ASCII));
    }
    w.writeBody("DOTI", body.toByteArray());
    return new Case("lzo bomb", out.toByteArray(), ProtocolVersion.LZO, "gcc", true, null);
  }

  /**
   * Protocol 3: a valid job, or one whose NAME, LINK or working directory tries to leave the job
   * directory ({@code ..}, absolute link targets, a link then a file through it); sometimes with
   * bytes flipped.
   */
  private Case pump() throws IOException {
    String c = canary.toString();
    String up = "../".repeat(40);
    byte[] evil = "int pwned;".getBytes(StandardCharsets.US_ASCII);
    PumpEntry.File x = new PumpEntry.File("/w/x.c", source);
    List<List<PumpEntry>> hostile =
        List.of(
            List.of(x, new PumpEntry.File("/w/" + up + c.substring(1) + "/name", evil)),
            List.of(x, new PumpEntry.File(c + "/../" + canary.getFileName() + "/dots", evil)),
            List.of(
                x,
                new PumpEntry.Link("/w/l", "/../../../.." + c),
                new PumpEntry.File("/w/l/abs", evil)),
            List.of(
                x,
                new PumpEntry.Link("/w/l", up + c.substring(1)),
                new PumpEntry.File("/w/l/rel", evil)),
            List.of(
                x,
                new PumpEntry.Link("/w/l", "/w"),
                new PumpEntry.File("/w/l/../" + up + c.substring(1) + "/x", evil)),
            List.of(
                x,
                new PumpEntry.Link("/w/l", "d/" + up + c.substring(1)),
                new PumpEntry.File("/w/l/y", evil)),
            List.of(x, new PumpEntry.Link("/w/l", c), new PumpEntry.File("/w/l/through", evil)),
            List.of(
                x,
                new PumpEntry.Link("/w/d", "."),
                new PumpEntry.Link("/w/d/l", up + c.substring(1))));
    List<String> argv = List.of(pick(List.of("gcc", "cc")), "-c", "x.c", "-o", "x.o");
    int choice = random.nextInt(hostile.size() + 3);
    String cwd = choice == hostile.size() ? "/w/" + up + c.substring(1) : "/w";
    List<PumpEntry> entries = choice < hostile.size() ? hostile.get(choice) : List.of(x);
    boolean refuse = choice <= hostile.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PumpCodec.writeRequest(new PumpRequest(cwd, argv, entries), out);
    byte[] bytes = out.toByteArray();
    String kind = refuse ? "pump escape" : "pump valid";
    if (!refuse && random.nextBoolean()) {
      bytes[12 + random.nextInt(bytes.length - 12)] ^= (byte) (1 << random.nextInt(8));
      kind = "pump mutated";
    }
    return new Case(kind, bytes, ProtocolVersion.PUMP, argv.get(0), refuse, argv);
  }

  private Case randomBytes() {
    byte[] bytes = new byte[random.nextInt(200)];
    random.nextBytes(bytes);
    if (bytes.length >= 12 && random.nextBoolean()) {
      System.arraycopy("DIST00000001".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 12);
    }
    return new Case("random bytes", bytes, ProtocolVersion.PLAIN, "gcc", true, null);
  }
}
