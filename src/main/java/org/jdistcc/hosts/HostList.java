package org.jdistcc.hosts;

import java.util.List;

/**
 * A parsed host list: the hosts in preference order plus the list's global options. A value only;
 * {@link SlotPicker} applies {@code randomize} when choosing.
 *
 * @param hosts the entries in the order written, never empty
 * @param written each host's entry as the list wrote it ({@code angry:3632/4} for the host that
 *     {@link HostSpec#toString()} prints as {@code angry}): what {@code --show-hosts} prints, as
 *     distcc 3.4 does
 * @param randomize {@code --randomize}: try hosts in a per-process random order
 * @param localSlots {@code --localslots=N}: jobs that must run here (e.g. links), default 4
 * @param localSlotsCpp {@code --localslots_cpp=N}: concurrent local preprocessors, default 8
 */
public record HostList(
    List<HostSpec> hosts,
    List<String> written,
    boolean randomize,
    int localSlots,
    int localSlotsCpp) {

  /** distcc 3.4's default for {@code --localslots}. */
  public static final int DEFAULT_LOCAL_SLOTS = 4;

  /** distcc 3.4's default for {@code --localslots_cpp}. */
  public static final int DEFAULT_LOCAL_SLOTS_CPP = 8;

  public HostList {
    hosts = List.copyOf(hosts);
    written = List.copyOf(written);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("a host list needs at least one host");
    }
    if (written.size() != hosts.size()) {
      throw new IllegalArgumentException(
          written.size() + " entries as written for " + hosts.size() + " hosts");
    }
    checkSlots("localSlots", localSlots);
    checkSlots("localSlotsCpp", localSlotsCpp);
  }

  // Local slots use the same "localhost" lock files as localhost entries, so the same bound.
  private static void checkSlots(String name, int slots) {
    if (slots < 1 || slots > HostSpec.MAX_LIMIT) {
      throw new IllegalArgumentException(
          name + " " + slots + " is not in 1.." + HostSpec.MAX_LIMIT);
    }
  }

  /** The hosts with default global options, each written as its canonical spec. */
  public static HostList of(List<HostSpec> hosts) {
    List<String> written = new java.util.ArrayList<>(hosts.size());
    for (HostSpec host : hosts) {
      written.add(host.toString());
    }
    return new HostList(hosts, written, false, DEFAULT_LOCAL_SLOTS, DEFAULT_LOCAL_SLOTS_CPP);
  }

  /** The sum of all limits, what {@code distcc -j} prints. */
  public int totalSlots() {
    int total = 0;
    for (HostSpec host : hosts) {
      total += host.limit();
    }
    return total;
  }
}
