package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/**
 * The JDK's trace of the call sites it links, for tests that check what a cold job pays: given in
 * JAVA_TOOL_OPTIONS, it makes the JVM print a {@code linkCallSite} line on its stdout for each
 * invokedynamic it links.
 */
final class LinkageTrace {
  private LinkageTrace() {}

  /** The option that turns the trace on. */
  static final String OPTION = "-Djava.lang.invoke.MethodHandle.TRACE_METHOD_LINKAGE=true";

  /**
   * The lines of {@code traced} (a JVM's stdout) that link a record's generated equals, hashCode or
   * toString; fails when the output holds no trace at all, so an option the JVM ignored cannot pass
   * for a clean run.
   */
  static List<String> recordMethods(String traced) {
    assertTrue(traced.contains("linkCallSite"), "no linkage trace:\n" + traced);
    return traced.lines().filter(l -> l.contains("java.lang.runtime.ObjectMethods")).toList();
  }
}
