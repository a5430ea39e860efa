package org.jdistcc.args;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DependencyArgsTest {
  private static List<String> words(String s) {
    return Arrays.asList(s.trim().split(" +"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gcc -c a.c -o a.o                           | gcc -c a.c -o a.o",
        "gcc -MMD -c a.c -o a.o                      | gcc -c a.c -o a.o",
        "gcc -MD -MP -MF a.d -MT a.o -c a.c          | gcc -c a.c",
        "gcc -MD -MFa.d -MTa.o -MQ '$a' -c a.c       | gcc -c a.c",
        "gcc -O2 -MMD -MQ x -DMF=1 -c a.c            | gcc -O2 -DMF=1 -c a.c",
      })
  void aCheckOfAPumpJobWritesNoDependencyFile(String argv, String expected) {
    assertEquals(words(expected), DependencyArgs.withoutDependencyFile(words(argv)));
  }
}
