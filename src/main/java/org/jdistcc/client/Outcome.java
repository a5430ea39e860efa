package org.jdistcc.client;

import org.jdistcc.DistccException;
import org.jdistcc.hosts.HostSpec;

/**
 * How a distribution attempt ended, plain ({@link PlainCompile}) or after pump mode: {@link
 * CompileJob} carries out what {@link Fallback} decides on it.
 */
sealed interface Outcome {
  /** Distribution failed, at the volunteer ({@code host}) or on this machine (no host). */
  record Failed(DistccException why, HostSpec host) implements Outcome {}

  /** Preprocessing failed in every mode tried; compile here to get the one-step messages. */
  record PreprocessFailed(String why) implements Outcome {}

  /** The volunteer answered; whether the answer is delivered is still to decide. */
  record Answered(Delivery.Answer answer) implements Outcome {}

  /**
   * A setting distcc 3.4 refuses once a job reaches the point that reads it: the job ends with its
   * exit code, without a local compile (as distcc 3.4 exits).
   */
  record Refused(DistccException why) implements Outcome {}

  /** A pump job's results are in place ({@link PumpCompile} delivered them): the exit status. */
  record PumpDelivered(int exit) implements Outcome {}

  /**
   * A failed exchange with {@code host}: the host's fault, unless what failed was writing the
   * object here, which falls back as a failure to write it after the exchange would.
   */
  static Failed exchangeFailed(DistccException e, HostSpec host, ObjectReceiver receiver) {
    return receiver.failure().map(f -> new Failed(f, null)).orElseGet(() -> new Failed(e, host));
  }
}
