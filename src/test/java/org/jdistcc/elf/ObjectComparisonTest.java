package org.jdistcc.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.jdistcc.DistccException;
import org.jdistcc.elf.ObjectComparison.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ObjectComparisonTest {
  private static ElfBuilder base() {
    return new ElfBuilder()
        .section(".text", "\u0055\u0048\u0089\u00e5\u00c3")
        .section(".data", "data")
        .section(".debug_info", "info /tmp/a")
        .section(".rela.debug_info", "rel1")
        .section(".comment", "\0GCC: (Debian 12.2.0-14) 12.2.0\0");
  }

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("the same object", base(), Verdict.IDENTICAL, null),
        Arguments.of(
            "other debug info",
            base().section(".debug_info", "info /tmp/b-longer"),
            Verdict.SAME_CODE,
            ".debug_info"),
        Arguments.of(
            "other debug relocations",
            base().section(".rela.debug_info", "rel2"),
            Verdict.SAME_CODE,
            ".rela.debug_info"),
        Arguments.of(
            "other code", base().section(".text", "\u0090\u00c3"), Verdict.DIFFERENT, ".text"),
        Arguments.of(
            "code and debug info differ: code is named",
            base().section(".text", "\u0090\u00c3").section(".debug_info", "x"),
            Verdict.DIFFERENT,
            ".text"),
        Arguments.of(
            "another compiler version",
            base().section(".comment", "\0GCC: 13.1\0"),
            Verdict.DIFFERENT,
            ".comment"),
        Arguments.of(
            "another machine", base().machine(183), Verdict.DIFFERENT, "the ELF header (machine)"),
        Arguments.of(
            "a section more",
            base().section(".rodata", "x"),
            Verdict.DIFFERENT,
            "the section table"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void comparesObjectsSectionBySection(
      String what, ElfBuilder other, Verdict verdict, String where) {
    ObjectComparison result = ObjectComparison.of(base().build(), other.build());
    assertEquals(verdict, result.verdict());
    assertEquals(Optional.ofNullable(where), result.firstDifference());
  }

  @Test
  void bytesThatAreNotElfDifferAsAWhole() {
    ObjectComparison result = ObjectComparison.of("abc".getBytes(), base().build());
    assertEquals(new ObjectComparison(Verdict.DIFFERENT, Optional.of("the file")), result);
  }

  @Test
  void readsTheCompilerAndMachine() throws DistccException {
    ElfObject object = ElfObject.parse(base().build());
    assertEquals("GCC: (Debian 12.2.0-14) 12.2.0", object.comment());
    assertEquals("x86-64", object.machineName());
    assertEquals(6, object.sections().size());
  }

  @Test
  void everyTruncationIsAnUnreadableObjectError() {
    byte[] file = base().build();
    for (int length = 0; length < file.length; length++) {
      byte[] cut = Arrays.copyOf(file, length);
      // A cut inside the trailing section table, or before it, must never be an index error.
      try {
        ElfObject.parse(cut);
      } catch (DistccException e) {
        assertTrue(e.getMessage().startsWith("unreadable object file: "), e.getMessage());
      }
    }
    assertThrows(
        DistccException.class, () -> ElfObject.parse(Arrays.copyOf(file, file.length - 1)));
  }

  @Test
  void randomCorruptionIsReadOrRefusedButNeverCrashes() {
    byte[] file = base().build();
    Random random = new Random(42);
    int refused = 0;
    for (int round = 0; round < 5000; round++) {
      byte[] bad = file.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
      }
      try {
        ElfObject object = ElfObject.parse(bad);
        for (ElfObject.Section section : object.sections()) {
          assertTrue(section.bytes().length <= bad.length);
        }
      } catch (DistccException e) {
        refused++;
        assertTrue(e.getMessage().startsWith("unreadable object file: "), e.getMessage());
      }
    }
    assertTrue(refused > 0, "no corruption was ever refused");
  }
}
