package org.jdistcc.cpp;

import org.jdistcc.args.Preprocessing;

/**
 * A preprocessing mode and why it was chosen, for DISTCC_VERBOSE and the build trace.
 *
 * @param mode how the client preprocesses and the volunteer reads the result
 * @param reason one line, e.g. {@code "-fopenmp: omp pragmas would be consumed by cpp"}
 */
public record ModeChoice(Preprocessing mode, String reason) {
  public ModeChoice {
    if (mode == null || reason == null || reason.isEmpty()) {
      throw new IllegalArgumentException("a mode and a reason are needed");
    }
  }

  @Override
  public String toString() {
    return mode + " (" + reason + ")";
  }
}
