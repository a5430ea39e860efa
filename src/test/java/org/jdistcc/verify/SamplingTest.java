package org.jdistcc.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamplingTest {
  private static List<String> job(int i) {
    return List.of("gcc", "-O2", "-c", "src/file" + i + ".c", "-o", "obj/file" + i + ".o");
  }

  @Test
  void noneAreCheckedAtZeroAndAllAtAThousand() {
    for (int i = 0; i < 500; i++) {
      assertFalse(Sampling.chosen(0, job(i)));
      assertTrue(Sampling.chosen(1000, job(i)));
      assertTrue(Sampling.chosen(5000, job(i)), "values over 1000 mean every job");
    }
  }

  @Test
  void theSameCommandIsAlwaysChosenTheSameWay() {
    for (int i = 0; i < 500; i++) {
      assertEquals(Sampling.chosen(100, job(i)), Sampling.chosen(100, List.copyOf(job(i))));
    }
  }

  @ParameterizedTest(name = "{0} per thousand")
  @CsvSource({"10", "100", "250", "500"})
  void aboutTheRequestedShareOfJobsIsChosen(int perThousand) {
    int chosen = 0;
    int jobs = 20_000;
    for (int i = 0; i < jobs; i++) {
      chosen += Sampling.chosen(perThousand, job(i)) ? 1 : 0;
    }
    double share = chosen * 1000.0 / jobs;
    assertTrue(
        Math.abs(share - perThousand) < Math.max(5, perThousand * 0.1),
        "chose " + share + " per thousand");
  }

  @Test
  void aLowerRateChoosesASubsetOfAHigherOne() {
    for (int i = 0; i < 2000; i++) {
      if (Sampling.chosen(50, job(i))) {
        assertTrue(
            Sampling.chosen(200, job(i)), "runs with more checking check the same jobs and more");
      }
    }
  }
}
