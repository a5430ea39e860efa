package org.jdistcc.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.DistccException;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;
import org.jdistcc.Settings;
import org.jdistcc.TempDir;
import org.jdistcc.elf.ElfObject;
import org.jdistcc.elf.ObjectComparison;
import org.jdistcc.elf.ObjectComparison.Verdict;
import org.jdistcc.exec.DirectRunner;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.hosts.Quarantine;
import org.jdistcc.hosts.SlotLocks;

/**
 * {@code distcc --check-hosts [COMPILER…]}: compiles the {@link Probes} on every volunteer of the
 * host list as ordinary jobs (so distccd 3.4 volunteers are checked too, and the job takes the
 * path, the preprocessing mode and the slot locks a build's job would), compiles them here the same
 * way, and compares the objects. It prints one row per host and compiler: the compiler identity and
 * target read from the volunteer's object, whether the objects are identical, equal in everything
 * but debug information (what a split compile through distccd 3.4 gives with {@code -g}), or
 * differ, and in which section first; the round trip of the first probe.
 *
 * <p>The probe jobs go to that host alone, with fallback and the local retry off (a failure must
 * show, not be hidden by a local compile) and backoff ignored (a check should also reach a host
 * that failed a moment ago). Exit status 0 when every host gave the same code, 1 otherwise.
 */
final class HostCheck {
  /** One line of the report. */
  record Row(
      String host,
      String compiler,
      String version,
      String target,
      String objects,
      String millis,
      boolean ok) {}

  private final Settings settings;
  private final PrintStream out;
  private final long pid;
  private final Clock clock;
  private final SlotLocks slotLocks;
  private final Leftovers leftovers;

  HostCheck(
      Settings settings,
      PrintStream out,
      long pid,
      Clock clock,
      Leftovers leftovers,
      SlotLocks slotLocks) {
    this.slotLocks = slotLocks;
    this.settings = settings;
    this.out = out;
    this.pid = pid;
    this.clock = clock;
    this.leftovers = leftovers;
  }

  /** Runs the check for these compiler names (cc and c++ when empty); returns the exit status. */
  int run(List<HostSpec> hosts, List<String> compilers) throws IOException {
    List<String> names = compilers.isEmpty() ? List.of("cc", "c++") : compilers;
    List<Row> rows = new ArrayList<>();
    TempDir temp = TempDir.create(settings.tmpDir(), "distcc-check-");
    leftovers.add(temp.path());
    try (temp) {
      for (String compiler : names) {
        Optional<Path> executable = locate(compiler, rows);
        if (executable.isEmpty()) {
          continue;
        }
        Path source = temp.resolve(Probes.isCxx(compiler) ? "probe.cc" : "probe.c");
        Files.writeString(source, Probes.isCxx(compiler) ? Probes.CXX : Probes.C);
        List<byte[]> local = new ArrayList<>();
        String localProblem = compileHere(executable.get(), source, temp, local);
        if (localProblem != null) {
          rows.add(
              new Row(
                  "(here)", compiler, "", "", "local compile failed: " + localProblem, "", false));
          continue;
        }
        ElfObject here = parseOrNull(local.get(0));
        rows.add(
            new Row(
                "(here)",
                compiler,
                here == null ? "?" : here.comment(),
                here == null ? "?" : here.machineName(),
                "reference",
                "",
                true));
        for (HostSpec host : hosts) {
          rows.add(check(host.toString(), compiler, source, temp, local));
        }
      }
    } finally {
      leftovers.remove(temp.path());
    }
    print(rows);
    release(hosts, rows);
    for (Row row : rows) {
      if (!row.ok()) {
        return 1;
      }
    }
    return 0;
  }

  private Optional<Path> locate(String compiler, List<Row> rows) {
    try {
      return Optional.of(
          CompilerLocator.locate(compiler, settings.path(), Optional.empty(), settings.cwd())
              .executable());
    } catch (DistccException e) {
      rows.add(new Row("(here)", compiler, "", "", e.getMessage(), "", false));
      return Optional.empty();
    }
  }

  /** Compiles each flag set here into {@code objects}; null, or what went wrong. */
  private String compileHere(Path compiler, Path source, TempDir temp, List<byte[]> objects)
      throws IOException {
    for (int i = 0; i < Probes.FLAG_SETS.size(); i++) {
      Path object = temp.resolve("local-" + i + ".o");
      List<String> argv = argv(compiler.toString(), i, source, object);
      Path err = temp.resolve("local.err");
      int status =
          DirectRunner.waitFor(
              DirectRunner.startToFiles(
                  argv,
                  settings.environment(),
                  settings.cwd(),
                  Optional.empty(),
                  Path.of("/dev/null"),
                  err));
      if (status != 0) {
        return "status " + status + ": " + firstLine(Files.readString(err, StandardCharsets.UTF_8));
      }
      objects.add(Files.readAllBytes(object));
    }
    return null;
  }

  private Row check(String host, String compiler, Path source, TempDir temp, List<byte[]> local)
      throws IOException {
    Settings probe =
        Settings.from(
            probeEnvironment(host),
            settings.sshDir().getParent(),
            settings.cwd(),
            settings.umask());
    Verdict worst = Verdict.IDENTICAL;
    List<String> notes = new ArrayList<>();
    String version = "";
    String target = "";
    long firstMillis = -1;
    for (int i = 0; i < Probes.FLAG_SETS.size(); i++) {
      Path object = temp.resolve("remote-" + i + ".o");
      Files.deleteIfExists(object);
      ByteArrayOutputStream messages = new ByteArrayOutputStream();
      PrintStream err = new PrintStream(messages, true, StandardCharsets.UTF_8);
      PrintStream compilerOut =
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      Log log = new Log(err, Log.Level.WARNING, "distcc", pid, null);
      long start = System.nanoTime();
      int status;
      try {
        // Probe objects go to a private temp dir: the umask does not matter there.
        JobContext context =
            new JobContext(
                probe,
                probe.umask(),
                Optional.empty(),
                compilerOut,
                err,
                err,
                pid,
                clock,
                leftovers,
                JobContext.inherited(probe),
                slotLocks);
        status =
            new CompileJob(context, log, Volunteers.create(probe, log, clock, slotLocks, false))
                .run(new Invocation.Compile(argv(compiler, i, source, object), Optional.empty()));
      } catch (DistccException e) {
        return new Row(host, compiler, version, target, "FAILED: " + e.getMessage(), "", false);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (firstMillis < 0) {
        firstMillis = millis;
      }
      if (status != 0 || !Files.exists(object)) {
        return new Row(
            host,
            compiler,
            version,
            target,
            "FAILED: status "
                + status
                + ": "
                + firstLine(messages.toString(StandardCharsets.UTF_8)),
            "",
            false);
      }
      byte[] remote = Files.readAllBytes(object);
      ElfObject parsed = parseOrNull(remote);
      if (i == 0 && parsed != null) {
        version = parsed.comment();
        target = parsed.machineName();
      }
      ObjectComparison comparison = ObjectComparison.of(remote, local.get(i));
      if (comparison.verdict().compareTo(worst) > 0) {
        worst = comparison.verdict();
      }
      if (comparison.verdict() != Verdict.IDENTICAL) {
        notes.add(
            String.join(" ", Probes.FLAG_SETS.get(i))
                + ": "
                + comparison.firstDifference().orElse("?"));
      }
    }
    String objects =
        switch (worst) {
          case IDENTICAL -> "identical";
          case SAME_CODE -> "same code, debug info differs (" + String.join("; ", notes) + ")";
          case DIFFERENT -> "DIFFERENT (" + String.join("; ", notes) + ")";
        };
    return new Row(
        host,
        compiler,
        version,
        target,
        objects,
        Long.toString(firstMillis),
        worst != Verdict.DIFFERENT);
  }

  /** A host in quarantine whose every row passed is let back in. */
  private void release(List<HostSpec> hosts, List<Row> rows) throws DistccException {
    Quarantine quarantine = new Quarantine(settings.distccDir().resolve("lock"));
    for (HostSpec host : hosts) {
      boolean ok = true;
      for (Row row : rows) {
        ok &= !row.host().equals(host.toString()) || row.ok();
      }
      if (ok && quarantine.release(host)) {
        out.println("distcc: " + host + " passed and is out of quarantine");
      }
    }
  }

  /** The client's environment with this one host and nothing that hides a failure. */
  private Map<String, String> probeEnvironment(String host) {
    Map<String, String> env = new HashMap<>(settings.environment());
    env.put("DISTCC_HOSTS", host);
    env.put("DISTCC_DIR", settings.distccDir().toString());
    env.put("DISTCC_FALLBACK", "0");
    env.put("DISTCC_SKIP_LOCAL_RETRY", "1");
    env.put("DISTCC_BACKOFF_PERIOD", "0");
    env.remove("DISTCC_TRACE");
    // A sampled probe would deliver the object compiled here and hide the volunteer's.
    env.remove("DISTCC_VERIFY");
    env.remove("DISTCC_VERIFY_STRICT");
    env.remove("DISTCC_VERBOSE");
    return env;
  }

  private static List<String> argv(String compiler, int flagSet, Path source, Path object) {
    List<String> argv = new ArrayList<>();
    argv.add(compiler);
    argv.addAll(Probes.FLAG_SETS.get(flagSet));
    argv.addAll(List.of("-c", source.toString(), "-o", object.toString()));
    return argv;
  }

  /** The hosts of a list that a check can reach: every volunteer, not localhost or a down host. */
  static List<HostSpec> checkable(List<HostSpec> hosts, PrintStream out) {
    List<HostSpec> names = new ArrayList<>();
    for (HostSpec host : hosts) {
      if (host instanceof HostSpec.Local) {
        out.println("distcc: " + host + " compiles here; nothing to check");
      } else if (host.down()) {
        out.println("distcc: " + host + " is marked down in the host list; not checked");
      } else {
        names.add(host);
      }
    }
    return names;
  }

  private static ElfObject parseOrNull(byte[] object) {
    try {
      return ElfObject.parse(object);
    } catch (DistccException e) {
      return null;
    }
  }

  private static String firstLine(String text) {
    String trimmed = text.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline);
  }

  private void print(List<Row> rows) {
    String[] header = {"HOST", "COMPILER", "VERSION", "TARGET", "MS", "OBJECTS"};
    int[] width = new int[header.length];
    List<String[]> lines = new ArrayList<>();
    lines.add(header);
    for (Row row : rows) {
      lines.add(
          new String[] {
            row.host(), row.compiler(), row.version(), row.target(), row.millis(), row.objects()
          });
    }
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    for (String[] line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        text.append(line[i]);
        if (i < line.length - 1) {
          text.append(" ".repeat(width[i] - line[i].length() + 2));
        }
      }
      out.println(text.toString().stripTrailing());
    }
  }
}
