package org.jdistcc.monitor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;
import org.jdistcc.state.TraceRecord;

/**
 * Turns DISTCC_TRACE records into a Chrome/Perfetto trace (one process per host, one thread per
 * slot; a complete event for each job and each of its phases) and a summary: jobs per host, time
 * in each phase, jobs run locally and why, the slowest files.
 */
final class TraceReport {
  /** One job read back from the trace. */
  record Job(long pid, String file, String host, int slot, String where, String why, int exit,
      String verified, List<Phase> phases) {
    /** A DISTCC_VERIFY check that ran after its job, not a job. */
    boolean check() {
      return where.equals("verify");
    }

    long start() {
      return phases.isEmpty() ? 0 : phases.get(0).start();
    }

    long end() {
      return phases.isEmpty() ? 0 : phases.get(phases.size() - 1).end();
    }
  }

  record Phase(String name, long start, long end) {}

  private final List<Job> jobs;

  private TraceReport(List<Job> jobs) {
    this.jobs = List.copyOf(jobs);
  }

  List<Job> jobs() {
    return jobs;
  }

  /** Reads trace files, and the trace-*.jsonl files of directories. */
  static TraceReport read(List<Path> paths) throws DistccException {
    List<Job> jobs = new ArrayList<>();
    for (Path path : paths) {
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(path)) {
        try (Stream<Path> list = Files.list(path)) {
          list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().forEach(files::add);
        } catch (IOException e) {
          throw new DistccException(ExitCode.IO_ERROR, "cannot list " + path + ": " + e.getMessage());
        }
      } else {
        files.add(path);
      }
      for (Path file : files) {
        List<String> lines;
        try {
          lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new DistccException(ExitCode.IO_ERROR, "cannot read trace " + file + ": " + e.getMessage());
        }
        for (int n = 0; n < lines.size(); n++) {
          if (lines.get(n).isBlank()) {
            continue;
          }
          try {
            jobs.add(job(lines.get(n)));
          } catch (RuntimeException e) {
            throw new DistccException(ExitCode.BAD_ARGUMENTS,
                file + ":" + (n + 1) + ": not a trace record (" + e.getMessage() + ")");
          }
        }
      }
    }
    jobs.sort(Comparator.comparingLong(Job::start));
    return new TraceReport(jobs);
  }

  @SuppressWarnings("unchecked")
  private static Job job(String line) {
    Map<String, Object> o = (Map<String, Object>) Json.parse(line);
    List<Phase> phases = new ArrayList<>();
    for (Object p : (List<Object>) o.get("phases")) {
      Map<String, Object> m = (Map<String, Object>) p;
      phases.add(new Phase((String) m.get("name"), ((Number) m.get("start")).longValue(),
          ((Number) m.get("end")).longValue()));
    }
    return new Job(((Number) o.get("pid")).longValue(), (String) o.get("file"), (String) o.get("host"),
        ((Number) o.get("slot")).intValue(), (String) o.get("where"), (String) o.get("why"),
        ((Number) o.get("exit")).intValue(), (String) o.getOrDefault("verified", ""), phases);
  }

  /** The Chrome trace event format (JSON object with traceEvents), loadable in Perfetto. */
  String chromeTrace() {
    Map<String, Integer> hostIds = new LinkedHashMap<>();
    StringBuilder b = new StringBuilder("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");
    List<String> events = new ArrayList<>();
    for (Job job : jobs) {
      boolean fresh = !hostIds.containsKey(job.host());
      int hostId = hostIds.computeIfAbsent(job.host(), h -> hostIds.size() + 1);
      if (fresh) {
        events.add("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":" + hostId + ",\"tid\":0,\"args\":{\"name\":"
            + TraceRecord.quote(job.host()) + "}}");
      }
      // Remote jobs: one track per host slot. Local jobs have no slot number: one track per client.
      long tid = job.where().equals("remote") ? job.slot() : job.pid();
      String args = "{\"client\":" + job.pid() + ",\"file\":" + TraceRecord.quote(job.file()) + ",\"exit\":"
          + job.exit() + (job.why().isEmpty() ? "" : ",\"why\":" + TraceRecord.quote(job.why()))
          + (job.verified().isEmpty() ? "" : ",\"verified\":" + TraceRecord.quote(job.verified())) + "}";
      events.add(complete(job.file().isEmpty() ? "(no source)" : job.file(), "job", job.start(),
          job.end() - job.start(), hostId, tid, args));
      for (Phase p : job.phases()) {
        events.add(complete(p.name(), "phase", p.start(), p.end() - p.start(), hostId, tid, args));
      }
    }
    b.append(String.join(",\n", events));
    return b.append("\n]}\n").toString();
  }

  private static String complete(String name, String category, long ts, long dur, int pid, long tid,
      String args) {
    return "{\"ph\":\"X\",\"name\":" + TraceRecord.quote(name) + ",\"cat\":\"" + category + "\",\"ts\":" + ts
        + ",\"dur\":" + Math.max(0, dur) + ",\"pid\":" + pid + ",\"tid\":" + tid + ",\"args\":" + args + "}";
  }

  /** A human summary of the build. */
  void summary(PrintStream out) {
    long remote = jobs.stream().filter(j -> j.where().equals("remote")).count();
    long all = jobs.stream().filter(j -> !j.check()).count();
    out.printf("jobs: %d (%d on volunteers, %d here)%n", all, remote, all - remote);
    // per host: jobs, microseconds, checked here (DISTCC_VERIFY), found different
    Map<String, long[]> perHost = new TreeMap<>();
    Map<String, Long> perPhase = new LinkedHashMap<>();
    Map<String, Integer> why = new TreeMap<>();
    for (Job job : jobs) {
      long[] h = perHost.computeIfAbsent(job.host(), k -> new long[4]);
      if (!job.verified().isEmpty() && !job.verified().equals("queued")
          && !job.verified().startsWith("not verified")) {
        h[2]++;
        h[3] += job.verified().startsWith("DIFFERENT") ? 1 : 0;
      }
      if (job.check()) {
        continue; // its time is not the build's
      }
      h[0]++;
      h[1] += job.end() - job.start();
      for (Phase p : job.phases()) {
        perPhase.merge(p.name(), p.end() - p.start(), Long::sum);
      }
      if (!job.why().isEmpty()) {
        why.merge((job.where().equals("remote") ? "(remote) " : "") + job.why(), 1, Integer::sum);
      }
    }
    out.printf("per host:%n  %-40s %5s %10s %9s %7s%n", "", "jobs", "seconds", "verified", "differ");
    perHost.forEach((host, h) -> out.printf("  %-40s %5d %10.1f %9d %7d%n", host, h[0], h[1] / 1e6, h[2], h[3]));
    out.println("time in each phase (all jobs):");
    perPhase.forEach((phase, us) -> out.printf("  %-12s %10.1f s%n", phase, us / 1e6));
    out.println("run here or preprocessed with plain -E, and why:");
    if (why.isEmpty()) {
      out.println("  (none)");
    }
    why.forEach((reason, n) -> out.printf("  %5d  %s%n", n, reason));
    out.println("slowest files:");
    jobs.stream().filter(j -> !j.file().isEmpty() && !j.check())
        .sorted(Comparator.comparingLong((Job j) -> j.end() - j.start()).reversed()).limit(10)
        .forEach(j -> out.printf("  %8.0f ms  %-40s %s%n", (j.end() - j.start()) / 1e3, j.file(), j.host()));
  }
}
