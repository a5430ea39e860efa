package org.jdistcc.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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

  private static final DistccRecord LAYOUT = new DistccRecord(8, ByteOrder.LITTLE_ENDIAN);

  @Test
  void ourNoteIsDistccsRecordThenOurTextAndReadsBackWhole() {
    JobState remote =
        new JobState(
            4242, Phase.COMPILE, "src/x.c", Optional.of("tux:4000/8,lzo"), 3, 1_700_000_000_000L);
    byte[] note = remote.toNote(LAYOUT, "tux");
    assertEquals(
        Optional.of(new DistccRecord.Fields(4242, 5, "x.c", "tux", 3)), LAYOUT.decode(note));
    assertEquals(Optional.of(remote), JobState.fromNote(note, 0, LAYOUT));
    JobState local = new JobState(1, Phase.LOCAL, "", Optional.empty(), 0, 0);
    assertEquals(
        Optional.of(local), JobState.fromNote(local.toNote(LAYOUT, "localhost"), 0, LAYOUT));
  }

  @Test
  void aDistcc34NoteReadsWithItsPhaseStartedWhenTheFileWasWritten() {
    byte[] theirs = LAYOUT.encode(77, 3, "hello.c", "angry", 1);
    assertEquals(
        Optional.of(new JobState(77, Phase.PREPROCESS, "hello.c", Optional.of("angry"), 1, 5_000)),
        JobState.fromNote(theirs, 5_000, LAYOUT));
    byte[] startup = LAYOUT.encode(78, 0, "", "", 0);
    assertEquals(
        Optional.of(new JobState(78, Phase.STARTUP, "", Optional.empty(), 0, 6)),
        JobState.fromNote(startup, 6, LAYOUT));
  }

  @Test
  void aDistcc34ClientThatIsDoneIsNoJobAndAnUnknownPhaseIsCompile() {
    assertEquals(
        Optional.empty(), JobState.fromNote(LAYOUT.encode(1, 7, "a.c", "h", 0), 0, LAYOUT));
    assertEquals(
        Phase.COMPILE,
        JobState.fromNote(LAYOUT.encode(1, 99, "a.c", "h", 0), 0, LAYOUT).get().phase());
  }

  @Test
  void anOlderJdistccsTextNoteStillReadsAndGarbageIsNone() {
    JobState old = new JobState(5, Phase.SEND, "a.c", Optional.of("h"), 2, 9);
    assertEquals(
        Optional.of(old),
        JobState.fromNote(old.toText().getBytes(StandardCharsets.UTF_8), 0, LAYOUT));
    assertEquals(
        Optional.empty(), JobState.fromNote("garbage".getBytes(StandardCharsets.UTF_8), 0, LAYOUT));
  }

  @Test
  void ourTextAfterARecordOfTheOtherWordSizeStillReads() {
    JobState state = new JobState(9, Phase.SEND, "a.c", Optional.of("h"), 2, 3);
    byte[] from32Bit = state.toNote(new DistccRecord(4, ByteOrder.LITTLE_ENDIAN), "h");
    assertEquals(Optional.of(state), JobState.fromNote(from32Bit, 0, LAYOUT));
  }
}
