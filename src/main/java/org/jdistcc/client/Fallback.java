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
 *   the volunteer or the way to it failed  compile here; fail with    yes
 *     (connect, I/O, protocol, timeout)    FALLBACK=0
 *   no volunteer could be chosen, or this  compile here; fail with    no
 *     machine failed (a lock, the temp     FALLBACK=0
 *     dir, writing the object)
 *   local preprocessing failed             compile here, also with    no
 *                                          FALLBACK=0
 *   any failure of a cancelled job         fail                       no
 * </pre>
 *
 * <p>Where distcc 3.4 differs: after a failed volunteer it tries the next host before compiling
 * here; here the job compiles locally at once and later jobs avoid the backed-off host. It backs a
 * host off for a compile error too, and forgives it when the local retry fails alike; here a
 * compile error never backs off, since in the agent the local retry's status is the launcher's and
 * cannot be compared. A local preprocessing failure lets distcc 3.4 show the preprocessor's
 * messages as they are; here the job compiles locally in one step, so the messages and status are
 * exactly those of a local compile, which is also why DISTCC_FALLBACK=0 does not stop it.
 */
final class Fallback {
  private Fallback() {}

  /** How an attempt to distribute a job ended. */
  sealed interface Attempt {}

  /** The volunteer ran the compiler, which ended with this shell status (128 + signal: killed). */
  record Answered(int shellStatus) implements Attempt {}

  /** Connecting to the volunteer, talking to it or waiting for it failed. */
  record HostFailed() implements Attempt {}

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
    FAIL
  }

  /** The decision: what to do, and whether the volunteer is backed off first. */
  record Decision(Action action, boolean backOff) {}

  /**
   * The job's settings that the rules depend on.
   *
   * @param fallback DISTCC_FALLBACK is not 0
   * @param skipLocalRetry DISTCC_SKIP_LOCAL_RETRY is set
   * @param cancelled the job was cancelled (its caller went away)
   */
  record Policy(boolean fallback, boolean skipLocalRetry, boolean cancelled) {
    static Policy of(Settings settings, boolean cancelled) {
      return new Policy(settings.fallback(), settings.skipLocalRetry(), cancelled);
    }
  }

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
    Action action = policy.fallback() ? Action.COMPILE_HERE : Action.FAIL;
    return new Decision(action, attempt instanceof HostFailed);
  }
}
