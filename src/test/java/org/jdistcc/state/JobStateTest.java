package org.jdistcc.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobStateTest {
  @Test
  void aNoteReadsBackAsItWasWritten() {
    JobState remote =
        new JobState(
            4242, Phase.COMPILE, "src/x.c", Optional.of("tux/4,lzo"), 3, 1_700_000_000_000L);
    assertEquals(remote, JobState.fromText(remote.toText()));
    JobState local = new JobState(1, Phase.LOCAL, "", Optional.empty(), 0, 0);
    assertEquals(local, JobState.fromText(local.toText()));
  }

  @Test
  void aNewlineInAFileNameCannotStartAnotherKey() {
    JobState state = new JobState(7, Phase.SEND, "a.c\npid=9", Optional.of("h\nslot=5"), 1, 2);
    JobState read = JobState.fromText(state.toText());
    assertEquals(7, read.pid());
    assertEquals("a.c pid=9", read.file());
    assertEquals(Optional.of("h slot=5"), read.host());
    assertEquals(1, read.slot());
  }
}
