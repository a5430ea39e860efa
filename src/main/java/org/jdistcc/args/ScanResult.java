package org.jdistcc.args;

import java.util.List;

/**
 * What {@link ArgScanner} decided about a compiler command: distribute it, or run it locally and
 * why.
 */
public sealed interface ScanResult permits ScanResult.Distribute, ScanResult.RunLocally {

  /**
   * A single compile that may run on a volunteer.
   *
   * @param argv the command with an explicit output: {@code -o OUTPUT} appended when it had none
   * @param input the source file as named on the command line
   * @param output the object (or assembler file for {@code -S}) as named or implied
   */
  record Distribute(List<String> argv, String input, String output) implements ScanResult {
    public Distribute {
      argv = List.copyOf(argv);
    }
  }

  /** A command that must run where it was started; the reason is for DISTCC_VERBOSE. */
  record RunLocally(String reason) implements ScanResult {}
}
