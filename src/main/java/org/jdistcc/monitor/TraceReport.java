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
import org.jdistcc.state.TraceRecord.Span;
import org.jdistcc.state.TraceRecord.Where;

/**
 * Turns DISTCC_TRACE records into a Chrome/Perfetto trace (one process per host, one thread per
 * slot; a complete event for each job and each of its phases) and a summary: jobs per host, time in
 * each phase, jobs run locally and why, the slowest files.
 */
final class TraceReport {
  private final List<TraceRecord> jobs;

  private TraceReport(List<TraceRecord> jobs) {
    this.jobs = List.copyOf(jobs);
  }

  List<TraceRecord> jobs() {
    return jobs;
  }

  /** Reads trace files, and the trace-*.jsonl files of directories. */
  static TraceReport read(List<Path> paths) throws DistccException {
    List<TraceRecord> jobs = new ArrayList<>();
    for (Path path : paths) {
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(path)) {
        try (Stream<Path> list = Files.list(path)) {
          list.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          throw new DistccException(
              ExitCode.IO_ERROR, "cannot list " + path + ": " + e.getMessage());
        }
      } else {
        files.add(path);
      }
      for (Path file : files) {
        List<String> lines;
        try {
          lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new DistccException(
              ExitCode.IO_ERROR, "cannot read trace " + file + ": " + e.getMessage());
        }
        for (int n = 0; n < lines.size(); n++) {
          if (lines.get(n).isBlank()) {
            continue;
          }
          try {
            jobs.add(TraceRecord.fromJson(lines.get(n)));
          } catch (IllegalArgumentException e) {
            throw new DistccException(
                ExitCode.BAD_ARGUMENTS,
                file + ":" + (n + 1) + ": not a trace record (" + e.getMessage() + ")");
          }
        }
      }
    }
    jobs.sort(Comparator.comparingLong(TraceRecord::startMicros));
    return new TraceReport(jobs);
  }

  /** The Chrome trace event format (JSON object with traceEvents), loadable in Perfetto. */
  String chromeTrace() {
    Map<String, Integer> hostIds = new LinkedHashMap<>();
    StringBuilder b = new StringBuilder("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");
    List<String> events = new ArrayList<>();
    for (TraceRecord job : jobs) {
      boolean fresh = !hostIds.containsKey(job.host());
      int hostId = hostIds.computeIfAbsent(job.host(), h -> hostIds.size() + 1);
      if (fresh) {
        events.add(
            "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":"
                + hostId
                + ",\"tid\":0,\"args\":{\"name\":"
                + TraceRecord.quote(job.host())
                + "}}");
      }
      // Remote jobs: one track per host slot. Local jobs have no slot number: one track per client.
      long tid = job.where() == Where.REMOTE ? job.slot() : job.pid();
      String args =
          "{\"client\":"
              + job.pid()
              + ",\"file\":"
              + TraceRecord.quote(job.file())
              + ",\"exit\":"
              + job.exit()
              + (job.why().isEmpty() ? "" : ",\"why\":" + TraceRecord.quote(job.why()))
              + (job.verified().isEmpty()
                  ? ""
                  : ",\"verified\":" + TraceRecord.quote(job.verified()))
              + "}";
      events.add(
          complete(
              job.file().isEmpty() ? "(no source)" : job.file(),
              "job",
              job.startMicros(),
              job.endMicros() - job.startMicros(),
              hostId,
              tid,
              args));
      for (Span p : job.spans()) {
        events.add(
            complete(
                p.phase().label(),
                "phase",
                p.startMicros(),
                p.endMicros() - p.startMicros(),
                hostId,
                tid,
                args));
      }
    }
    b.append(String.join(",\n", events));
    return b.append("\n]}\n").toString();
  }

  private static String complete(
      String name, String category, long ts, long dur, int pid, long tid, String args) {
    return "{\"ph\":\"X\",\"name\":"
        + TraceRecord.quote(name)
        + ",\"cat\":\""
        + category
        + "\",\"ts\":"
        + ts
        + ",\"dur\":"
        + Math.max(0, dur)
        + ",\"pid\":"
        + pid
        + ",\"tid\":"
        + tid
        + ",\"args\":"
        + args
        + "}";
  }

  /** A human summary of the build. */
  void summary(PrintStream out) {
    long remote = jobs.stream().filter(j -> j.where() == Where.REMOTE).count();
    long all = jobs.stream().filter(j -> !j.check()).count();
    out.printf("jobs: %d (%d on volunteers, %d here)%n", all, remote, all - remote);
    // per host: jobs, microseconds, checked here (DISTCC_VERIFY), found different
    Map<String, long[]> perHost = new TreeMap<>();
    Map<String, Long> perPhase = new LinkedHashMap<>();
    Map<String, Integer> why = new TreeMap<>();
    for (TraceRecord job : jobs) {
      long[] h = perHost.computeIfAbsent(job.host(), k -> new long[4]);
      if (!job.verified().isEmpty()
          && !job.verified().equals("queued")
          && !job.verified().startsWith("not verified")) {
        h[2]++;
        h[3] += job.verified().startsWith("DIFFERENT") ? 1 : 0;
      }
      if (job.check()) {
        continue; // its time is not the build's
      }
      h[0]++;
      h[1] += job.endMicros() - job.startMicros();
      for (Span p : job.spans()) {
        perPhase.merge(p.phase().label(), p.endMicros() - p.startMicros(), Long::sum);
      }
      if (!job.why().isEmpty()) {
        why.merge((job.where() == Where.REMOTE ? "(remote) " : "") + job.why(), 1, Integer::sum);
      }
    }
    out.printf(
        "per host:%n  %-40s %5s %10s %9s %7s%n", "", "jobs", "seconds", "verified", "differ");
    perHost.forEach(
        (host, h) ->
            out.printf("  %-40s %5d %10.1f %9d %7d%n", host, h[0], h[1] / 1e6, h[2], h[3]));
    out.println("time in each phase (all jobs):");
    perPhase.forEach((phase, us) -> out.printf("  %-12s %10.1f s%n", phase, us / 1e6));
    out.println("run here or preprocessed with plain -E, and why:");
    if (why.isEmpty()) {
      out.println("  (none)");
    }
    why.forEach((reason, n) -> out.printf("  %5d  %s%n", n, reason));
    out.println("slowest files:");
    jobs.stream()
        .filter(j -> !j.file().isEmpty() && !j.check())
        .sorted(
            Comparator.comparingLong((TraceRecord j) -> j.endMicros() - j.startMicros()).reversed())
        .limit(10)
        .forEach(
            j ->
                out.printf(
                    "  %8.0f ms  %-40s %s%n",
                    (j.endMicros() - j.startMicros()) / 1e3, j.file(), j.host()));
  }
}
