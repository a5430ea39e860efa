package org.jdistcc.client;

import org.jdistcc.Settings;

/**
 * After an attempt to distribute a job: deliver the volunteer's answer, compile here instead, or
 * fail; and whether the volunteer is to blame (backed off, so that every client sharing DISTCC_DIR
 * avoids it for DISTCC_BACKOFF_PERIOD). A pure function of what happened and the job's settings;
 * carrying the decision out (logging, backoff files, the local compile) is {@link CompileJob}'s.
 *
 * <p>The rules, with distcc 3.4's {@code dcc_build_somewhere} as the reference:
 *
 * <pre>
 *   what happened                          decision                   backs off
 *   the compiler ran there, status 0       deliver                    no
 *   ... status 1-127 (the compiler's own   compile here; deliver      no
 *       verdict on the source)             with SKIP_LOCAL_RETRY or
 *                                          FALLBACK=0
 *   ... status 128 or more (killed by a    compile here, also with    yes
 *       signal there: the volunteer's      SKIP_LOCAL_RETRY; deliver
 *       doing, such as its OOM killer)     with FALLBACK=0
 *   the volunteer or the way to it failed  another host; after the    yes
 *     (connect, I/O, protocol, timeout)    third attempt without
 *                                          backoff: compile here, or
 *                                          fail with FALLBACK=0
 *   no volunteer could be chosen, or this  compile here; fail with    no
 *     machine failed (a lock, the temp     FALLBACK=0
 *     dir, writing the object)
 *   local preprocessing failed             compile here, also with    no
 *                                          FALLBACK=0
 *   any failure of a cancelled job         fail                       no
 * </pre>
 *
 * <p>Another host is picked as for a new job, so with backoff on (DISTCC_BACKOFF_PERIOD, 60 s by
 * default) the hosts that failed are left out until none is left; then the job fails as one with no
 * usable host does: compiled here, or with FALLBACK=0 exit 116 (distcc 3.4's code) with the last
 * host's error. Without backoff a host may be picked again, so at most {@link
 * #ATTEMPTS_WITHOUT_BACKOFF} attempts are made, as distcc 3.4 does; a negative period, which distcc
 * 3.4 takes as backoff on with no host ever backed off (and retries without end), counts as off.
 *
 * <p>Where distcc 3.4 differs: it backs a host off for a compile error too, and forgives it when
 * the local retry fails alike; here a compile error never backs off, since in the agent the local
 * retry's status is the launcher's and cannot be compared. A local preprocessing failure lets
 * distcc 3.4 show the preprocessor's messages as they are; here the job compiles locally in one
 * step, so the messages and status are exactly those of a local compile, which is also why
 * DISTCC_FALLBACK=0 does not stop it.
 */
final class Fallback {
  private Fallback() {}

  /** How an attempt to distribute a job ended. */
  sealed interface Attempt {}

  /** The volunteer ran the compiler, which ended with this shell status (128 + signal: killed). */
  record Answered(int shellStatus) implements Attempt {}

  /**
   * Connecting to the volunteer, talking to it or waiting for it failed.
   *
   * @param attempts how many volunteers this job was sent to, this one included
   */
  record HostFailed(int attempts) implements Attempt {}

  /**
   * A failure on this machine or no usable volunteer: before the job was sent (the host list, a
   * lock, the temp dir) or after its answer came (the object cannot be written).
   */
  record LocalFailure() implements Attempt {}

  /** Local preprocessing failed in every mode tried. */
  record PreprocessFailed() implements Attempt {}

  /** What to do with the job. */
  enum Action {
    /** The volunteer's answer is the job's result, success or not. */
    DELIVER,
    /** Compile here; the user sees only the local compiler's messages and status. */
    COMPILE_HERE,
    /** End the job with distcc's error. */
    FAIL,
    /** Send the job to another volunteer, picked as for a new job. */
    ANOTHER_HOST
  }

  /** The decision: what to do, and whether the volunteer is backed off first. */
  record Decision(Action action, boolean backOff) {}

  /**
   * The job's settings that the rules depend on.
   *
   * @param fallback DISTCC_FALLBACK is not 0
   * @param skipLocalRetry DISTCC_SKIP_LOCAL_RETRY is set
   * @param cancelled the job was cancelled (its caller went away)
   * @param backoff DISTCC_BACKOFF_PERIOD is not 0: failed volunteers are left out for a while
   */
  record Policy(boolean fallback, boolean skipLocalRetry, boolean cancelled, boolean backoff) {
    static Policy of(Settings settings, boolean cancelled) {
      return new Policy(
          settings.fallback(),
          settings.skipLocalRetry(),
          cancelled,
          !settings.backoffPeriod().isZero());
    }
  }

  /** How many volunteers a job is sent to at most when failed ones are not backed off. */
  static final int ATTEMPTS_WITHOUT_BACKOFF = 3;

  /** The first status of a compiler that did not end by itself, as a shell reports it. */
  static final int SIGNALLED = 128;

  static Decision decide(Attempt attempt, Policy policy) {
    if (attempt instanceof Answered answered && answered.shellStatus() == 0) {
      return new Decision(Action.DELIVER, false);
    }
    if (policy.cancelled()) {
      return new Decision(Action.FAIL, false);
    }
    if (attempt instanceof Answered answered) {
      if (answered.shellStatus() >= SIGNALLED) {
        return new Decision(policy.fallback() ? Action.COMPILE_HERE : Action.DELIVER, true);
      }
      boolean retry = policy.fallback() && !policy.skipLocalRetry();
      return new Decision(retry ? Action.COMPILE_HERE : Action.DELIVER, false);
    }
    if (attempt instanceof PreprocessFailed) {
      return new Decision(Action.COMPILE_HERE, false);
    }
    if (attempt instanceof HostFailed failed
        && (policy.backoff() || failed.attempts() < ATTEMPTS_WITHOUT_BACKOFF)) {
      return new Decision(Action.ANOTHER_HOST, true);
    }
    Action action = policy.fallback() ? Action.COMPILE_HERE : Action.FAIL;
    return new Decision(action, attempt instanceof HostFailed);
  }
}
