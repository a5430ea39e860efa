package org.jdistcc.server;

import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * A request that breaks a daemon rule. The job handler answers it with a failure status and the
 * message on the compiler's error stream, and nothing runs.
 */
final class Refusal extends DistccException {
  private static final long serialVersionUID = 1L;

  private final String rule;

  Refusal(String rule, String message) {
    super(ExitCode.BAD_ARGUMENTS, message);
    this.rule = rule;
  }

  /** Short name of the rule for the log, e.g. "compiler-whitelist". */
  String rule() {
    return rule;
  }
}
