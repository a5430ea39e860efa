package org.jdistcc.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the pragma search ({@link org.jdistcc.cpp.ModeRules#unsafeIn}) found in each file, kept in
 * memory by a process that runs many jobs (the agent) and shared by them, keyed as {@link
 * ScanCache}'s file is: absolute name, size and modification time. Replaces that file there:
 * reading and rewriting it cost every job a millisecond or more. Bounded: past a limit it starts
 * afresh, so a long-lived agent does not grow with every source file it has seen.
 */
public final class ScanMemo {
  private final ConcurrentHashMap<String, ScanCache.Entry> entries = new ConcurrentHashMap<>();

  /** The shared entries, emptied first if they have grown past {@code limit}. */
  Map<String, ScanCache.Entry> entries(int limit) {
    if (entries.size() > limit) {
      entries.clear();
    }
    return entries;
  }

  /** How many files are remembered. */
  public int size() {
    return entries.size();
  }
}
