package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdistcc.Log;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.hosts.HostSpecParser;
import org.jdistcc.state.JobState;
import org.jdistcc.state.Phase;
import org.jdistcc.state.StateDir;
import org.jdistcc.state.TraceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the monitor's note and the build trace say about where a job ran, and in which slot. */
class JobTrackerTest {
  @TempDir Path root;

  private JobTracker tracker(StateDir state) {
    return new JobTracker(
        state, Optional.of(root.resolve("trace")), 42, "src/a.c", Clock.systemUTC(), Log.none());
  }

  private TraceRecord traced() throws Exception {
    List<String> lines = Files.readAllLines(root.resolve("trace"));
    assertEquals(1, lines.size());
    return TraceRecord.fromJson(lines.get(0));
  }

  @Test
  void remoteJobShowsItsVolunteerAndSlot() throws Exception {
    StateDir state = new StateDir(root.resolve("state"));
    HostSpec volunteer = HostSpecParser.parseHost("volunteer/4,lzo");
    try (JobTracker t = tracker(state)) {
      t.remote(volunteer, 3);
      t.phase(Phase.COMPILE);
      JobState note = state.running().get(0);
      assertEquals(Optional.of(volunteer.toString()), note.host());
      assertEquals(3, note.slot());
    }
    assertEquals(volunteer.toString(), traced().host());
    assertEquals(3, traced().slot());
  }

  @Test
  void fallbackShowsTheLocalSlotNotTheVolunteers() throws Exception {
    StateDir state = new StateDir(root.resolve("state"));
    try (JobTracker t = tracker(state)) {
      t.remote(HostSpecParser.parseHost("volunteer/4,lzo"), 3);
      t.phase(Phase.COMPILE);
      t.local("fallback to volunteer: connection refused");
      t.localSlot(1);
      t.phase(Phase.LOCAL);
      JobState note = state.running().get(0);
      assertEquals(Optional.empty(), note.host());
      assertEquals(1, note.slot());
    }
    assertEquals("localhost", traced().host());
    assertEquals(1, traced().slot());
  }

  @Test
  void localJobWithoutASlotShowsSlotZero() throws Exception {
    StateDir state = new StateDir(root.resolve("state"));
    try (JobTracker t = tracker(state)) {
      t.remote(HostSpecParser.parseHost("volunteer/4"), 2);
      t.local("no output directory");
      t.phase(Phase.LOCAL);
      assertEquals(0, state.running().get(0).slot());
    }
    assertEquals(0, traced().slot());
  }
}
