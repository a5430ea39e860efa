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
   * One row per rule. attempt: ok (status 0), status N (the volunteer's compiler ended so), host N
   * (the volunteer or the way to it failed, the job's Nth attempt), local (this machine failed or
   * no host), cpp (local preprocessing failed). fallback: DISTCC_FALLBACK not 0; skip:
   * DISTCC_SKIP_LOCAL_RETRY set; period: DISTCC_BACKOFF_PERIOD not 0.
   */
  @ParameterizedTest(name = "{0}, fallback={1} skip={2} cancelled={3} period={4}: {5} backoff={6}")
  @CsvSource({
    // A success is delivered whatever the settings, even for a job cancelled meanwhile.
    "ok,         true,  false, false, true,  DELIVER,      false",
    "ok,         false, true,  false, true,  DELIVER,      false",
    "ok,         true,  false, true,  true,  DELIVER,      false",
    // The compiler's own verdict on the source: retried here, the host not blamed.
    "status 1,   true,  false, false, true,  COMPILE_HERE, false",
    "status 4,   true,  false, false, true,  COMPILE_HERE, false",
    "status 127, true,  false, false, true,  COMPILE_HERE, false",
    "status 1,   true,  true,  false, true,  DELIVER,      false",
    "status 1,   false, false, false, true,  DELIVER,      false",
    "status 1,   false, true,  false, true,  DELIVER,      false",
    // Killed on the volunteer (OOM killer, a time limit): its fault, as distcc 3.4 judges it;
    // compiled here even with SKIP_LOCAL_RETRY, which only covers the compiler's verdicts.
    "status 128, true,  false, false, true,  COMPILE_HERE, true",
    "status 137, true,  false, false, true,  COMPILE_HERE, true",
    "status 137, true,  true,  false, true,  COMPILE_HERE, true",
    "status 139, false, false, false, true,  DELIVER,      true",
    // The volunteer or the way to it (connect, I/O, protocol, timeout): blamed, and the job goes
    // to another host; with backoff on the failed ones are left out, so the picker runs out of
    // hosts ("local") in the end. Without backoff, three attempts at most.
    "host 1,     true,  false, false, true,  ANOTHER_HOST, true",
    "host 1,     false, false, false, true,  ANOTHER_HOST, true",
    "host 5,     false, true,  false, true,  ANOTHER_HOST, true",
    "host 1,     true,  false, false, false, ANOTHER_HOST, true",
    "host 2,     false, false, false, false, ANOTHER_HOST, true",
    "host 3,     true,  false, false, false, COMPILE_HERE, true",
    "host 3,     true,  true,  false, false, COMPILE_HERE, true",
    "host 3,     false, false, false, false, FAIL,         true",
    // No host to try, or this machine failed: nobody to blame.
    "local,      true,  false, false, true,  COMPILE_HERE, false",
    "local,      false, false, false, true,  FAIL,         false",
    // The preprocessor failed: the local compile says what a one-step compile says.
    "cpp,        true,  false, false, true,  COMPILE_HERE, false",
    "cpp,        false, true,  false, true,  COMPILE_HERE, false",
    // A cancelled job compiles nothing more and blames nobody: its caller went away.
    "host 1,     true,  false, true,  true,  FAIL,         false",
    "local,      true,  false, true,  true,  FAIL,         false",
    "cpp,        true,  false, true,  true,  FAIL,         false",
    "status 1,   true,  false, true,  true,  FAIL,         false",
    "status 137, true,  false, true,  true,  FAIL,         false",
  })
  void decisionFollowsTheRules(
      String attempt,
      boolean fallback,
      boolean skip,
      boolean cancelled,
      boolean period,
      Action action,
      boolean backOff) {
    Decision decision =
        Fallback.decide(attempt(attempt), new Policy(fallback, skip, cancelled, period));
    assertEquals(new Decision(action, backOff), decision);
  }

  private static Attempt attempt(String name) {
    if (name.startsWith("host ")) {
      return new Fallback.HostFailed(Integer.parseInt(name.substring("host ".length())));
    }
    if (name.startsWith("status ")) {
      return new Fallback.Answered(Integer.parseInt(name.substring("status ".length())));
    }
    return switch (name) {
      case "ok" -> new Fallback.Answered(0);
      case "local" -> new Fallback.LocalFailure();
      case "cpp" -> new Fallback.PreprocessFailed();
      default -> throw new IllegalArgumentException(name);
    };
  }
}
