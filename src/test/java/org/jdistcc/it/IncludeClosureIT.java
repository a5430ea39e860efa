package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.include.ClosureCheck;
import org.junit.jupiter.api.Test;

/**
 * A small, representative part of bench/include-closure: for a few googletest sources, the include
 * closure holds every non-system header real g++ -M lists, at most 1.5 times their bytes.
 */
class IncludeClosureIT {
  private static final Path GOOGLETEST = Path.of("/usr/src/googletest");

  @Test
  void closureOfGoogletestSourcesCoversWhatGccReads() throws Exception {
    Path gxx = Tools.require("g++");
    if (!Files.isDirectory(GOOGLETEST)) {
      String message = "googletest sources are not installed (.ci/run installs googletest)";
      if (Tools.CI) {
        fail(message);
      }
      assumeTrue(false, message);
    }
    ClosureCheck check =
        new ClosureCheck(
            GOOGLETEST,
            gxx.toString(),
            List.of(
                "-std=c++14",
                "-Igoogletest/include",
                "-Igoogletest",
                "-Igooglemock/include",
                "-Igooglemock"));
    ClosureCheck.Totals t =
        check.check(
            List.of(
                "googletest/src/gtest-death-test.cc", "googletest/src/gtest-port.cc",
                "googlemock/src/gmock-spec-builders.cc", "googletest/samples/sample1_unittest.cc"));
    assertEquals(List.of(), t.problems());
    assertEquals(0, t.skipped());
    assertTrue(t.ratio() <= 1.5, "closure is " + t.ratio() + " times what gcc -M lists");
  }
}
