package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jdistcc.client.Fallback.Action;
import org.jdistcc.client.Fallback.Attempt;
import org.jdistcc.client.Fallback.Decision;
import org.jdistcc.client.Fallback.Policy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FallbackTest {
  /**
   * One row per rule. attempt: ok (status 0), status N (the volunteer's compiler ended so), host
   * (the volunteer or the way to it failed), local (this machine failed or no host), cpp (local
   * preprocessing failed). fallback: DISTCC_FALLBACK not 0; skip: DISTCC_SKIP_LOCAL_RETRY set.
   */
  @ParameterizedTest(name = "{0}, fallback={1} skip={2} cancelled={3}: {4} backoff={5}")
  @CsvSource({
    // A success is delivered whatever the settings, even for a job cancelled meanwhile.
    "ok,         true,  false, false, DELIVER,      false",
    "ok,         false, true,  false, DELIVER,      false",
    "ok,         true,  false, true,  DELIVER,      false",
    // The compiler's own verdict on the source: retried here, the host not blamed.
    "status 1,   true,  false, false, COMPILE_HERE, false",
    "status 4,   true,  false, false, COMPILE_HERE, false",
    "status 127, true,  false, false, COMPILE_HERE, false",
    "status 1,   true,  true,  false, DELIVER,      false",
    "status 1,   false, false, false, DELIVER,      false",
    "status 1,   false, true,  false, DELIVER,      false",
    // Killed on the volunteer (OOM killer, a time limit): its fault, as distcc 3.4 judges it;
    // compiled here even with SKIP_LOCAL_RETRY, which only covers the compiler's verdicts.
    "status 128, true,  false, false, COMPILE_HERE, true",
    "status 137, true,  false, false, COMPILE_HERE, true",
    "status 137, true,  true,  false, COMPILE_HERE, true",
    "status 139, false, false, false, DELIVER,      true",
    // The volunteer or the way to it: connect, I/O, protocol, timeout.
    "host,       true,  false, false, COMPILE_HERE, true",
    "host,       true,  true,  false, COMPILE_HERE, true",
    "host,       false, false, false, FAIL,         true",
    // No host to try, or this machine failed: nobody to blame.
    "local,      true,  false, false, COMPILE_HERE, false",
    "local,      false, false, false, FAIL,         false",
    // The preprocessor failed: the local compile says what a one-step compile says.
    "cpp,        true,  false, false, COMPILE_HERE, false",
    "cpp,        false, true,  false, COMPILE_HERE, false",
    // A cancelled job compiles nothing more and blames nobody: its caller went away.
    "host,       true,  false, true,  FAIL,         false",
    "local,      true,  false, true,  FAIL,         false",
    "cpp,        true,  false, true,  FAIL,         false",
    "status 1,   true,  false, true,  FAIL,         false",
    "status 137, true,  false, true,  FAIL,         false",
  })
  void decisionFollowsTheRules(
      String attempt,
      boolean fallback,
      boolean skip,
      boolean cancelled,
      Action action,
      boolean backOff) {
    Decision decision = Fallback.decide(attempt(attempt), new Policy(fallback, skip, cancelled));
    assertEquals(new Decision(action, backOff), decision);
  }

  private static Attempt attempt(String name) {
    if (name.startsWith("status ")) {
      return new Fallback.Answered(Integer.parseInt(name.substring("status ".length())));
    }
    return switch (name) {
      case "ok" -> new Fallback.Answered(0);
      case "host" -> new Fallback.HostFailed();
      case "local" -> new Fallback.LocalFailure();
      case "cpp" -> new Fallback.PreprocessFailed();
      default -> throw new IllegalArgumentException(name);
    };
  }
}
