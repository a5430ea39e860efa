package org.jdistcc.elf;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How two objects of the same compile differ. IDENTICAL means byte for byte; SAME_CODE means every
 * section but the debug information is equal (what a split compile through distccd 3.4 gives with
 * {@code -g}); DIFFERENT names the first section, in file order, whose name, type or bytes differ,
 * or "the section table" when one has sections the other lacks (a COMDAT {@code .group} is named
 * only when no code section differs). Code, data, relocations, {@code .comment} (the compiler's
 * version) and the symbol table all count as code here.
 *
 * @param firstDifference the section where they first differ; empty when IDENTICAL
 */
public record ObjectComparison(Verdict verdict, Optional<String> firstDifference) {
  private static final int SHT_GROUP = 17;

  /** From best to worst. */
  public enum Verdict {
    IDENTICAL,
    SAME_CODE,
    DIFFERENT
  }

  /** Compares two object files; bytes that are not ELF compare as wholes. */
  public static ObjectComparison of(byte[] a, byte[] b) {
    if (Arrays.equals(a, b)) {
      return new ObjectComparison(Verdict.IDENTICAL, Optional.empty());
    }
    ElfObject left;
    ElfObject right;
    try {
      left = ElfObject.parse(a);
      right = ElfObject.parse(b);
    } catch (org.jdistcc.DistccException notElf) {
      return new ObjectComparison(Verdict.DIFFERENT, Optional.of("the file"));
    }
    if (left.machine() != right.machine() || left.is64() != right.is64()) {
      return new ObjectComparison(Verdict.DIFFERENT, Optional.of("the ELF header (machine)"));
    }
    List<ElfObject.Section> l = left.sections();
    List<ElfObject.Section> r = right.sections();
    Optional<String> firstDebug = Optional.empty();
    Optional<String> firstGroup = Optional.empty();
    for (int i = 0; i < Math.max(l.size(), r.size()); i++) {
      if (i >= l.size() || i >= r.size()) {
        return new ObjectComparison(Verdict.DIFFERENT, Optional.of("the section table"));
      }
      ElfObject.Section x = l.get(i);
      ElfObject.Section y = r.get(i);
      if (!x.name().equals(y.name()) || x.type() != y.type()) {
        return new ObjectComparison(Verdict.DIFFERENT, Optional.of("the section table"));
      }
      if (x.size() != y.size() || !Arrays.equals(x.bytes(), y.bytes())) {
        if (x.type() == SHT_GROUP) {
          // COMDAT groups list member sections; they differ when the code does, and they come
          // first in the file, so name the section whose code differs instead where there is one.
          firstGroup = firstGroup.isPresent() ? firstGroup : Optional.of(x.name());
          continue;
        }
        if (!x.isDebug()) {
          return new ObjectComparison(Verdict.DIFFERENT, Optional.of(x.name()));
        }
        if (firstDebug.isEmpty()) {
          firstDebug = Optional.of(x.name());
        }
      }
    }
    if (firstGroup.isPresent()) {
      return new ObjectComparison(Verdict.DIFFERENT, firstGroup);
    }
    // Same sections, same non-debug bytes: only debug information (or the headers' layout) differs.
    return new ObjectComparison(
        Verdict.SAME_CODE, firstDebug.isPresent() ? firstDebug : Optional.of("the ELF header"));
  }
}
