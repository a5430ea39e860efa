package org.jdistcc.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One running client as the monitor shows it: which process, doing what, for which file, on which
 * host slot. Stored as distcc 3.4's record ({@link DistccRecord}) followed by a small {@code
 * key=value} note; see {@link StateDir}.
 *
 * @param pid the client's process id
 * @param phase what it is doing
 * @param file the source file
 * @param host the host it runs on, once chosen
 * @param slot the slot on that host
 * @param sinceMillis when the phase started (epoch milliseconds)
 */
public record JobState(
    long pid, Phase phase, String file, Optional<String> host, int slot, long sinceMillis) {

  /**
   * The note {@link StateDir} writes: distcc 3.4's record (with the file's base name and {@code
   * hostName}, the host's name alone), then this note as text.
   */
  byte[] toNote(DistccRecord layout, String hostName) {
    int cut = file.lastIndexOf('/');
    byte[] record =
        layout.encode(
            pid, phase.distccCode(), cut < 0 ? file : file.substring(cut + 1), hostName, slot);
    byte[] text = toText().getBytes(StandardCharsets.UTF_8);
    byte[] note = Arrays.copyOf(record, record.length + text.length);
    System.arraycopy(text, 0, note, record.length, text.length);
    return note;
  }

  /**
   * A note read back: jdistcc's own (its text after the record, or text alone from an older
   * jdistcc), or a distcc 3.4 client's record, whose phase started when the note was last written
   * ({@code modifiedMillis}). Empty when it is neither, or a distcc 3.4 client that is done.
   */
  static Optional<JobState> fromNote(byte[] note, long modifiedMillis, DistccRecord layout) {
    Optional<DistccRecord.Fields> record = layout.decode(note);
    // Our text follows a record of either word size (a 32-bit and a 64-bit JVM may share the
    // directory), or stands alone in an older jdistcc's note.
    for (int start :
        new int[] {
          record.isPresent() ? layout.size() : 0, 0, DistccRecord.size(4), DistccRecord.size(8)
        }) {
      if (note.length >= start + 4
          && new String(note, start, 4, StandardCharsets.US_ASCII).equals("pid=")) {
        return Optional.of(
            fromText(new String(note, start, note.length - start, StandardCharsets.UTF_8)));
      }
    }
    if (record.isEmpty()) {
      return Optional.empty();
    }
    DistccRecord.Fields r = record.get();
    Optional<Phase> phase = Phase.ofDistccCode(r.phase());
    return phase.map(
        p ->
            new JobState(
                r.pid(),
                p,
                r.fileName(),
                r.hostName().isEmpty() ? Optional.empty() : Optional.of(r.hostName()),
                r.slot(),
                modifiedMillis));
  }

  String toText() {
    return "pid="
        + pid
        + "\nphase="
        + phase.label()
        + "\nfile="
        + oneLine(file)
        + "\nhost="
        + (host.isPresent() ? oneLine(host.get()) : "")
        + "\nslot="
        + slot
        + "\nsince="
        + sinceMillis
        + "\n";
  }

  static JobState fromText(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    String host = values.getOrDefault("host", "");
    return new JobState(
        Long.parseLong(values.get("pid")),
        Phase.ofLabel(values.get("phase")),
        values.getOrDefault("file", ""),
        host.isEmpty() ? Optional.empty() : Optional.of(host),
        Integer.parseInt(values.getOrDefault("slot", "0")),
        Long.parseLong(values.getOrDefault("since", "0")));
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ');
  }
}
