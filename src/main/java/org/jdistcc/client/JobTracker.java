package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdistcc.Log;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.state.JobState;
import org.jdistcc.state.Phase;
import org.jdistcc.state.StateDir;
import org.jdistcc.state.TraceFile;
import org.jdistcc.state.TraceRecord;
import org.jdistcc.state.TraceRecord.Where;

/**
 * Follows one job through its phases for the monitor (a state note, replaced at each phase and
 * removed at the end) and for the build trace (one record when the job ends). Failing to write
 * either is logged and never fails the compile.
 */
final class JobTracker implements AutoCloseable {
  private final StateDir state;
  private final Optional<Path> trace;
  private final long pid;
  private final String file;
  private final Clock clock;
  private final Log log;
  private final List<TraceRecord.Span> spans = new ArrayList<>();
  private Phase phase;
  private long phaseStart;

  /** The volunteer, while {@code where} is REMOTE. */
  private HostSpec volunteer;

  private int slot;
  private Where where = Where.LOCAL;
  private String why = "";
  private int exit;
  private String verified = "";

  JobTracker(StateDir state, Optional<Path> trace, long pid, String file, Clock clock, Log log) {
    this.state = state;
    this.trace = trace;
    this.pid = pid;
    this.file = file;
    this.clock = clock;
    this.log = log;
    phase(Phase.STARTUP);
  }

  private long nowMicros() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  /** Ends the current phase and starts {@code next}. */
  synchronized void phase(Phase next) {
    long now = nowMicros();
    if (phase != null) {
      spans.add(new TraceRecord.Span(phase, phaseStart, now));
    }
    phase = next;
    phaseStart = now;
    try {
      state.write(
          new JobState(
              pid,
              next,
              file,
              where == Where.REMOTE ? Optional.of(volunteer.toString()) : Optional.empty(),
              slot,
              now / 1000),
          where == Where.REMOTE ? volunteer.name() : "localhost");
    } catch (IOException e) {
      log.debug("cannot write state note: " + e.getMessage());
    }
  }

  /** The job goes to this volunteer slot. */
  synchronized void remote(HostSpec host, int slot) {
    this.volunteer = host;
    this.slot = slot;
    this.where = Where.REMOTE;
    this.why = "";
  }

  /** The job runs here, and why; in no slot until {@link #localSlot} names one. */
  synchronized void local(String why) {
    this.volunteer = null;
    this.slot = 0;
    this.where = Where.LOCAL;
    this.why = why;
  }

  /** The local job holds this localhost slot. */
  synchronized void localSlot(int slot) {
    this.slot = slot;
  }

  /** How a remote job was preprocessed, when that is worth a reason (classic -E, and why). */
  synchronized void preprocessed(String how) {
    this.why = how;
  }

  /** What DISTCC_VERIFY found, or "queued" when the check runs after the job. */
  synchronized void verified(String verdict) {
    this.verified = verdict;
  }

  synchronized void exit(int code) {
    this.exit = code;
  }

  @Override
  public synchronized void close() {
    spans.add(new TraceRecord.Span(phase, phaseStart, nowMicros()));
    try {
      state.remove(pid);
    } catch (IOException e) {
      log.debug("cannot remove state note: " + e.getMessage());
    }
    if (trace.isPresent()) {
      try {
        TraceFile.append(
            trace.get(),
            new TraceRecord(
                pid,
                file,
                where == Where.REMOTE ? volunteer.toString() : "localhost",
                slot,
                where,
                why,
                exit,
                verified,
                spans));
      } catch (IOException e) {
        log.warning("cannot append to DISTCC_TRACE " + trace.get() + ": " + e.getMessage());
      }
    }
  }
}
