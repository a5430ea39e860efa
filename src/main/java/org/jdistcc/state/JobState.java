package org.jdistcc.state;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One running client as the monitor shows it: which process, doing what, for which file, on which
 * host slot. Stored as a small {@code key=value} note; see {@link StateDir}.
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
